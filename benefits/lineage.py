"""The benefits app's part of a wisdom record's lineage (issue 17; hook ``wisdom.lineage``, see
wisdom/lineage.py): did the people who hold the wisdom benefit? The benefit-sharing agreements on the
record that the viewer may see (``Agreement.objects.visible_to``), with what the ledger accrued to their
beneficiaries and what was paid. Money is private: the public version of the lineage gets nothing from here
(not even the number of agreements, which are back-office data)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from core.thai_dates import format_date

from .models import Agreement, LedgerEntry, Payment

ZERO = Decimal("0.00")


def wisdom_lineage(*, records: list[Any], user: Any, private: bool,
                   fiscal_year: int | None = None) -> dict[int, Any]:
    """Three queries (none on the public version): the agreements, the ledger's sum per agreement and the
    payments' sum per agreement (in the fiscal year's months and days when one is given)."""
    from wisdom.lineage import Entry, Figure, LineageSection, Milestone, fiscal_year_bounds

    if not private:
        return {}
    ids = [r.pk for r in records]
    agreements = list(Agreement.objects.visible_to(user).filter(wisdom_record_id__in=ids)
                      .annotate(n_beneficiaries=Count("beneficiaries", distinct=True))
                      .order_by("start_date", "pk"))
    if not agreements:
        return {}
    start, end = fiscal_year_bounds(fiscal_year)
    entries_qs = LedgerEntry.objects.filter(agreement__in=agreements)
    payments_qs = Payment.objects.filter(beneficiary__agreement__in=agreements)
    if start is not None:
        entries_qs = entries_qs.filter(month__gte=start, month__lte=end)
        payments_qs = payments_qs.filter(paid_on__gte=start, paid_on__lte=end)
    earned = dict(entries_qs.values("agreement_id").annotate(s=Sum("amount")).values_list("agreement_id", "s"))
    paid = dict(payments_qs.values("beneficiary__agreement_id").annotate(s=Sum("amount"))
                .values_list("beneficiary__agreement_id", "s"))
    per_record: dict[int, list[Agreement]] = defaultdict(list)
    for agreement in agreements:
        per_record[agreement.wisdom_record_id].append(agreement)
    out: dict[int, Any] = {}
    for record_id, found in per_record.items():
        total_earned = sum((earned.get(a.pk) or ZERO for a in found), ZERO)
        total_paid = sum((paid.get(a.pk) or ZERO for a in found), ZERO)
        entries = [Entry(title=a.title, url=a.get_absolute_url(),
                         meta=_("%(n)s ผู้รับ · สะสม %(earned)s บาท · จ่ายแล้ว %(paid)s บาท") % {
                             "n": a.n_beneficiaries, "earned": f"{earned.get(a.pk) or ZERO:,.2f}",
                             "paid": f"{paid.get(a.pk) or ZERO:,.2f}"})
                   for a in found]
        figures = [
            Figure(label=_("ข้อตกลงแบ่งปันผลประโยชน์"), value=len(found), kind="private_count"),
            Figure(label=_("ส่วนแบ่งที่สะสมให้ผู้รับ"), value=total_earned, kind="baht"),
            Figure(label=_("จ่ายแล้ว"), value=total_paid, kind="baht"),
            Figure(label=_("ค้างจ่าย"), value=max(total_earned - total_paid, ZERO), kind="baht"),
        ]
        first = found[0]
        out[record_id] = LineageSection(
            key="benefits", title=_("การแบ่งปันผลประโยชน์แก่ผู้ถือภูมิปัญญา"), order=60, entries=entries,
            figures=figures,
            milestones=[Milestone(day=first.start_date,
                                  label=_("ข้อตกลงแบ่งปันผลประโยชน์แรก: %(t)s (เริ่ม %(d)s)") % {
                                      "t": first.title, "d": format_date(first.start_date)},
                                  url=first.get_absolute_url())])
    return out
