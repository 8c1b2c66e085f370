"""Demo data of the income evaluation: enrollments, targets and monthly income.

Realistic but NOT official figures (every row is_demo=True). The demo producer groups of core/demo.py and
the demo tourism communities (if the tourism demo created any) are enrolled for FY 2569 and 2570; targets
are 3% for all projects and 5% for community tourism (nawatwithi); income runs from October 2024 to the
month just ended, with a seasonal pattern (cool season and festivals sell more), so that in FY 2569 some
units meet the target, some do not, and one group (Obthom printed cloth) has no
baseline (it joined in FY 2570). The court-doll group's district (อ.ป่าโมก) has its own target (5%), and one
flooded group (Ban Phran chili paste) a unit target (1%) below it. Idempotent: keyed by unit/month/source, fiscal year/project.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from core.actors import SYSTEM
from core.models import ProducerGroup
from core.thai_dates import current_fiscal_year, fiscal_year_of
from tourism import selectors as tourism_selectors

from . import services
from .models import Enrollment

FISCAL_YEARS = [2569, 2570]
TARGETS = {"all": Decimal("3.00"), "nawatwithi": Decimal("5.00")}

# slug: (projects, monthly product sales in FY 2568, yearly growth, tourism share, first month)
GROUPS = {
    "bang-sadet-court-dolls": (["quadrant_d", "kbo"], 48000, Decimal("0.082"), Decimal("0.15"), None),
    "ekkarat-drums": (["quadrant_d", "nawatwithi"], 36000, Decimal("0.041"), Decimal("0.25"), None),
    "bang-chao-cha-basketry": (["quadrant_d"], 22000, Decimal("0.018"), Decimal("0"), None),
    "ban-phet-jasmine-rice": (["kbo"], 61000, Decimal("0.035"), Decimal("0"), None),
    "sala-daeng-natural-soap": (["quadrant_d"], 9500, Decimal("0.120"), Decimal("0"), None),
    "ban-phran-chili-paste": (["quadrant_d"], 27000, Decimal("-0.022"), Decimal("0"), None),
    "thewarat-gem-rings": (["kbo"], 15500, Decimal("0.030"), Decimal("0"), None),
    "obthom-printed-cloth": (["quadrant_d"], 12000, Decimal("0.050"), Decimal("0"), dt.date(2026, 10, 1)),
}
# Oct..Sep: cool season, New Year and Songkran sell more; the rainy season less.
SEASON = [Decimal(s) for s in ["1.00", "1.10", "1.25", "1.20", "1.05", "0.95", "1.15", "0.90", "0.85",
                               "0.80", "0.85", "0.90"]]
FIRST_MONTH = dt.date(2024, 10, 1)
# This group has not recorded the month that just ended (when it falls in the current fiscal year).
LATE_GROUP = "bang-sadet-court-dolls"


def _months(until: dt.date) -> list[dt.date]:
    months, m = [], FIRST_MONTH
    while m <= until:
        months.append(m)
        m = (m + dt.timedelta(days=32)).replace(day=1)
    return months


def _amount(base: int, growth: Decimal, month: dt.date, salt: int) -> Decimal:
    years = (month.year - 2024) - (1 if month.month < 10 else 0)  # 0 in FY 2568, 1 in FY 2569, 2 in 2570
    season = SEASON[(month.month - 10) % 12]
    wobble = Decimal(100 + ((month.month * 7 + salt * 13) % 9) - 4) / 100  # +-4 %, deterministic
    value = Decimal(base) * season * wobble * (1 + growth) ** years
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))


def _enroll(fy: int, project: str, **unit) -> None:
    if not Enrollment.objects.filter(fiscal_year=fy, project=project, **unit).exists():
        services.enrollment_create(actor=SYSTEM, fiscal_year=fy, project=project, is_demo=True, **unit)


@transaction.atomic
def load():
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    months = _months(last_month)
    for fy in FISCAL_YEARS:
        for project, percent in TARGETS.items():
            services.target_set(actor=SYSTEM, fiscal_year=fy, project=project, target_percent=percent, is_demo=True)
    units, records = 0, 0
    groups = {g.slug: g for g in ProducerGroup.objects.filter(slug__in=GROUPS)}
    for salt, (slug, (projects, base, growth, tourism_share, first)) in enumerate(GROUPS.items()):
        group = groups.get(slug)
        if group is None:
            continue
        units += 1
        for fy in FISCAL_YEARS:
            for project in projects:
                _enroll(fy, project, producer_group=group)
        for month in months:
            if first and month < first:
                continue
            if slug == LATE_GROUP and month == last_month and fiscal_year_of(month) == current_fiscal_year():
                continue  # the month just ended is not recorded yet: the producer's workspace asks for it
            total = _amount(base, growth, month, salt)
            tourism = (total * tourism_share).quantize(Decimal("0.01"))
            for source, amount in (("product_sales", total - tourism), ("tourism", tourism)):
                if amount:
                    services.income_record_submit(actor=SYSTEM, producer_group=group, month=month, source=source,
                                                  amount=amount, is_demo=True)
                    records += 1
    communities = tourism_selectors.communities(demo=True)[:6]
    for i, community in enumerate(communities):
        units += 1
        growth = [Decimal("0.09"), Decimal("0.03"), Decimal("0.06"), Decimal("0.01")][i % 4]
        for fy in FISCAL_YEARS:
            _enroll(fy, "nawatwithi", tourism_community=community)
        for month in months:
            amount = _amount(30000 + 8000 * i, growth, month, 20 + i)
            services.income_record_submit(actor=SYSTEM, tourism_community=community, month=month, source="tourism",
                                          amount=amount, is_demo=True)
            records += 1
    lines = _court_doll_sales(months)
    cascaded = _cascaded_targets()
    return (f"{units} units enrolled for FY {FISCAL_YEARS}, {records} income records, targets {TARGETS}, "
            f"{lines} product-sales lines, {cascaded} district/unit targets")


# Issue 17's demo chain ends with a district target: the court-doll group's district (อ.ป่าโมก) is asked
# for more than the department's 3 %, and one group hit by the 2024 flood is asked for less than its district.
DISTRICT_TARGET = (Decimal("5.00"), "อำเภอป่าโมกมีศูนย์เรียนรู้ตุ๊กตาชาววังบ้านบางเสด็จและโปรแกรมท่องเที่ยวโอทอปนวัตวิถี"
                                    "ที่เปิดใหม่ จึงตั้งเป้าหมายรายได้สูงกว่าเป้าหมายของกรมฯ (ข้อมูลตัวอย่าง)")
UNIT_TARGETS = {"ban-phran-chili-paste": (Decimal("1.00"), "กลุ่มได้รับผลกระทบจากอุทกภัยปี 2567 วัตถุดิบขาดช่วง "
                                                           "จึงตั้งเป้าหมายให้สอดคล้องกับการฟื้นฟู (ข้อมูลตัวอย่าง)")}


def _cascaded_targets() -> int:
    """The court-doll group's district target and one unit target for the fiscal years of the demo; a
    target already set is left as it is (idempotent, and no history entry per load)."""
    from .models import DistrictTarget, UnitTarget

    written = 0
    group = ProducerGroup.objects.with_area().filter(slug="bang-sadet-court-dolls").first()
    for fy in FISCAL_YEARS:
        if group is not None and group.subdistrict_id and not DistrictTarget.objects.filter(
                fiscal_year=fy, district_id=group.subdistrict.district_id).exists():
            percent, reason = DISTRICT_TARGET
            services.district_target_set(actor=SYSTEM, fiscal_year=fy, district=group.subdistrict.district,
                                         target_percent=percent, reason=reason, is_demo=True)
            written += 1
        for slug, (percent, reason) in UNIT_TARGETS.items():
            unit = ProducerGroup.objects.filter(slug=slug).first()
            if unit is not None and not UnitTarget.objects.filter(fiscal_year=fy, producer_group=unit).exists():
                services.unit_target_set(actor=SYSTEM, fiscal_year=fy, producer_group=unit, target_percent=percent,
                                         reason=reason, is_demo=True)
                written += 1
    return written


# Issue 17's demo chain: the court-doll group's last months of product sales split by product
# (price × quantity; the rest of each month — small pieces, repairs — stays unattributed).
SALES_MONTHS = 4
COURT_DOLL_SALES = {"court-dolls-thai-games": (Decimal("450"), Decimal("0.45")),
                    "court-dolls-loy-krathong": (Decimal("650"), Decimal("0.30"))}


def _court_doll_sales(months: list[dt.date]) -> int:
    """Split the group's SALES_MONTHS latest recorded months of product sales (the month just ended may not
    be recorded yet: the workspace demo leaves it missing)."""
    from products.selectors import products_of_groups

    from .models import IncomeRecord

    group = ProducerGroup.objects.filter(slug="bang-sadet-court-dolls").first()
    if group is None:
        return 0
    products = {p.slug: p for p in products_of_groups(group_ids=[group.pk]) if p.slug in COURT_DOLL_SALES}
    if not products:
        return 0
    written = 0
    latest = IncomeRecord.objects.filter(producer_group=group, source="product_sales", month__in=months) \
        .order_by("-month")[:SALES_MONTHS]
    for record in latest:
        if record.product_sales.exists():  # idempotent: a month already split is left as it is
            continue
        lines = []
        for slug, (price, share) in COURT_DOLL_SALES.items():
            if slug in products:
                quantity = int(record.amount * share / price)
                lines.append({"product": products[slug], "amount": price * quantity, "quantity": quantity})
        services.product_sales_set(actor=SYSTEM, record=record, lines=lines, is_demo=True)
        written += len(lines)
    return written
