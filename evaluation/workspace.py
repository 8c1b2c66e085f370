"""The evaluation's queues in the workspaces (/me/, core.workspace): each reads one selector."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core import permissions
from core.thai_dates import current_fiscal_year, format_date, format_month
from core.workspace import PRODUCER, STAFF, Queue, Row

from . import selectors
from .choices import IncomeSource, ReportStatus, UnitType


def producer_queues(*, user: Any) -> Queue | None:
    """Months of income not yet recorded for each of the user's groups, with a one-tap form per month."""
    if not (permissions.is_producer(user) and permissions.producer_group_ids(user)):
        return None
    income = reverse("evaluation:income")
    rows = []
    for item in selectors.missing_income_months(user=user):
        params = {
            "unit": f"pg:{item.group.pk}",
            "month": f"{item.month:%Y-%m}",
            "source": IncomeSource.PRODUCT_SALES,
            "next": reverse("core:dashboard"),
        }
        rows.append(
            Row(
                title=f"{format_month(item.month)} · {item.group.name_th}",
                url=f"{income}?{urlencode(params)}",
                action=_("บันทึก"),
                extra={**params, "form_id": f"income-{item.group.pk}-{item.month:%Y%m}"},
            )
        )
    return Queue(
        key="producer.missing_income",
        role=PRODUCER,
        order=10,
        rows=rows,
        title=_("รายได้ที่ยังไม่ได้บันทึก ปีงบประมาณ %(fy)s") % {"fy": current_fiscal_year()},
        empty=_("บันทึกรายได้ครบทุกเดือนแล้ว"),
        template="evaluation/_queue_missing_income.html",
        more_url=income,
    )


def staff_queues(*, user: Any) -> list[Queue] | None:
    if not permissions.is_staff_user(user):
        return None
    groups = [
        Row(
            title=g.name_th,
            url=reverse("evaluation:unit_detail", args=[UnitType.PRODUCER_GROUP, g.pk]),
            detail=_("อ.%(district)s · ขาด %(n)s เดือน")
            % {"district": g.subdistrict.district.name_th, "n": g.missing},
            extra={"district": g.subdistrict.district.name_th},
        )
        for g in selectors.groups_missing_income()
    ]
    reports = [
        Row(
            title=f"{r.fiscal_year} · {format_month(r.as_of)} · v{r.version}",
            url=reverse("evaluation:report_detail", args=[r.pk]),
            detail=(_("ล้มเหลว") if r.status == ReportStatus.FAILED else _("สร้างเสร็จแล้ว"))
            + f" · {format_date(r.finished_at)}",
        )
        for r in selectors.reports_to_check()
    ]
    return [
        Queue(
            key="staff.groups_missing_income",
            role=STAFF,
            order=70,
            rows=groups,
            title=_("กลุ่มที่ยังบันทึกรายได้ไม่ครบ (ตามอำเภอ)"),
            more_url=reverse("evaluation:dashboard"),
        ),
        Queue(
            key="staff.reports",
            role=STAFF,
            order=80,
            rows=reports,
            title=_("รายงานที่สร้างเสร็จ/ล้มเหลว (30 วัน)"),
            more_url=reverse("evaluation:report_list"),
        ),
    ]
