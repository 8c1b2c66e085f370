"""Lineage of a wisdom record (issue 17, part 1): what a piece of local wisdom became and earned.

The wisdom app is the lowest domain app, so it knows nothing of products, programs, knowledge items,
events, income or campaigns. Each higher app contributes through the hook ``wisdom.lineage``
(core/registry.py), registered in its AppConfig.ready()::

    registry.contribute("wisdom.lineage", selectors.wisdom_lineage)

and called as ``registry.collect("wisdom.lineage", records=records, user=user, private=private,
fiscal_year=fiscal_year)``. A contribution takes

- ``records``: the wisdom records (already visible to ``user``), one or the whole province;
- ``user``: the viewer — every object it shows comes from that app's ``visible_to(user)``;
- ``private``: whether figures that are not public may be shown (money: bookings' value, attributed
  sales, income, campaign clicks). False on the public version whoever looks; even when True, every
  figure is summed only from rows the viewer may see (``visible_to``), so a figure never leaks a row;
- ``fiscal_year``: None for all time, else a Thai fiscal year (BE): money and bookings are counted in
  that year only, objects are counted when they existed by its end;

and returns ``{record_id: LineageSection}`` for the records it has something for (or None), in a
constant number of queries whatever the number of records (the province table calls it once for all).

Public figures (the anonymous version): the number of published products, programs, activities,
knowledge items and events built on the record, and the dates of the timeline. Everything counted in
money or clicks is private.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from core import charts, permissions, registry
from core.thai_dates import fiscal_year_months, fiscal_year_range, format_month

HOOK = "wisdom.lineage"

# Keys of ``LineageSection.counts`` and ``money`` the province table ranks by.
PRODUCTS = "products"
PROGRAMS = "programs"
BOOKING_VALUE = "booking_value"
SALES = "sales"


@dataclass
class Entry:
    """One object built on the wisdom (a product, a program, a knowledge item…), with what to show
    under it (its quadrant per year, its development projects' stages, its bookings)."""

    title: str
    url: str = ""
    meta: str = ""
    details: list[str] = field(default_factory=list)


@dataclass
class Figure:
    """A labelled number: ``kind`` is "count", "baht" or "percent"."""

    label: str
    value: Decimal | int | None
    kind: str = "count"


@dataclass
class Milestone:
    day: dt.date
    label: str
    url: str = ""


@dataclass
class LineageSection:
    key: str
    title: str
    order: int = 50
    entries: list[Entry] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    # What the province table ranks by: counts (public) and money (private) per key above.
    counts: dict[str, int] = field(default_factory=dict)
    money: dict[str, Decimal] = field(default_factory=dict)
    # Money per month (first day) and series (e.g. "ค่าจอง", "ยอดขาย"): the chart; private.
    monthly: dict[str, dict[dt.date, Decimal]] = field(default_factory=dict)
    # A table of its own (the income of the units involved per fiscal year): (headers, rows).
    table: tuple[list[str], list[list[Any]]] | None = None


@dataclass
class Lineage:
    record: Any
    private: bool
    fiscal_year: int | None
    sections: list[LineageSection]
    timeline: list[Milestone]

    @property
    def counts(self) -> dict[str, int]:
        return _sum_dicts(s.counts for s in self.sections)

    @property
    def money(self) -> dict[str, Decimal]:
        return _sum_dicts(s.money for s in self.sections)

    @property
    def revenue(self) -> Decimal:
        money = self.money
        return money.get(BOOKING_VALUE, Decimal("0")) + money.get(SALES, Decimal("0"))

    @property
    def visible_revenue(self) -> Decimal | None:
        return self.revenue if self.private else None

    @property
    def monthly(self) -> dict[str, dict[dt.date, Decimal]]:
        merged: dict[str, dict[dt.date, Decimal]] = defaultdict(dict)
        for section in self.sections:
            for series, months in section.monthly.items():
                for month, value in months.items():
                    merged[series][month] = merged[series].get(month, Decimal("0")) + value
        return dict(merged)

    def chart(self) -> Any:
        """Money per month (every series summed; the last 12 months with figures), or the counts of
        what the record became on the public version."""
        if self.private:
            totals: dict[dt.date, Decimal] = defaultdict(Decimal)
            for months in self.monthly.values():
                for month, value in months.items():
                    totals[month] += value
            if totals:
                months = sorted(totals)[-12:]
                return charts.bar_chart([(format_month(m, "short"), totals[m]) for m in months],
                                        title=_("รายได้ที่มาจากภูมิปัญญานี้ต่อเดือน (ค่าจอง + ยอดขาย)"),
                                        unit_label=_("บาท"))
        items = [(f.label, f.value) for s in self.sections for f in s.figures if f.kind == "count" and f.value]
        if not items:
            return None
        return charts.hbar_chart(items, title=_("สิ่งที่ต่อยอดจากภูมิปัญญานี้"), decimals=0)


def _sum_dicts(dicts: Iterable[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for d in dicts:
        for k, v in d.items():
            out[k] = out.get(k, 0) + v
    return out


def fiscal_year_bounds(fiscal_year: int | None) -> tuple[dt.date | None, dt.date | None]:
    """(first day, last day) of a fiscal year, or (None, None) for all time."""
    if fiscal_year is None:
        return None, None
    return fiscal_year_range(fiscal_year)


def fiscal_year_month_set(fiscal_year: int) -> set[dt.date]:
    return set(fiscal_year_months(fiscal_year))


def shows_private(user: Any, record: Any) -> bool:
    """The full version (money and clicks, each from rows the viewer may see) for staff and the
    record's own community; everyone else — partners, experts, other producers, visitors — gets the
    public version."""
    from .selectors import can_see_internal

    return bool(user is not None and getattr(user, "is_authenticated", False) and can_see_internal(user, record))


def collect_sections(*, records: Sequence[Any], user: Any, private: bool,
                     fiscal_year: int | None = None) -> dict[int, list[LineageSection]]:
    """Every app's sections per record id (in section order)."""
    per_record: dict[int, list[LineageSection]] = defaultdict(list)
    if not records:
        return per_record
    for contribution in registry.collect(HOOK, records=list(records), user=user, private=private,
                                         fiscal_year=fiscal_year):
        for record_id, section in contribution.items():
            if not private:
                section.money, section.monthly = {}, {}
                section.figures = [f for f in section.figures if f.kind == "count"]
                section.table = None
            per_record[record_id].append(section)
    for sections in per_record.values():
        sections.sort(key=lambda s: (s.order, s.key))
    return per_record


def record_lineage(*, record: Any, user: Any, private: bool | None = None,
                   fiscal_year: int | None = None) -> Lineage:
    """The lineage of one record (already visible to `user`): the sections, and the timeline from
    "first recorded" through each first thing built on it. ``private`` defaults to ``shows_private``."""
    if private is None:
        private = shows_private(user, record)
    sections = collect_sections(records=[record], user=user, private=private,
                                fiscal_year=fiscal_year).get(record.pk, [])
    first_day = record.compiled_on or (timezone.localtime(record.created_at).date() if record.created_at else None)
    timeline = [Milestone(day=first_day, label=_("บันทึกภูมิปัญญาครั้งแรก"), url=record.get_absolute_url())] \
        if first_day else []
    if record.published_at:
        timeline.append(Milestone(day=timezone.localtime(record.published_at).date(), label=_("เผยแพร่ภูมิปัญญา")))
    for section in sections:
        timeline.extend(section.milestones)
    timeline.sort(key=lambda m: m.day)
    return Lineage(record=record, private=private, fiscal_year=fiscal_year, sections=sections, timeline=timeline)


# --- The province table ---------------------------------------------------------------------


@dataclass
class RankedRecord:
    record: Any
    products: int
    programs: int
    booking_value: Decimal
    sales: Decimal

    @property
    def revenue(self) -> Decimal:
        return self.booking_value + self.sales


def province_ranking(*, records: Sequence[Any], user: Any, fiscal_year: int | None = None) -> list[RankedRecord]:
    """Staff's province-wide table: every record with what it became — products, programs (counted when
    they existed by the end of `fiscal_year`), booking value and attributed sales (in that fiscal year,
    or all time) — ranked by revenue, then programs, then products, then title. One call of the hook
    for all the records: a constant number of queries."""
    if not permissions.is_staff_user(user):
        return []
    sections = collect_sections(records=records, user=user, private=True, fiscal_year=fiscal_year)
    rows = []
    for record in records:
        counts = _sum_dicts(s.counts for s in sections.get(record.pk, []))
        money = _sum_dicts(s.money for s in sections.get(record.pk, []))
        rows.append(RankedRecord(record=record, products=counts.get(PRODUCTS, 0), programs=counts.get(PROGRAMS, 0),
                                 booking_value=Decimal(money.get(BOOKING_VALUE, 0)),
                                 sales=Decimal(money.get(SALES, 0))))
    rows.sort(key=lambda r: (-r.revenue, -r.programs, -r.products, r.record.title_th))
    return rows


RANKING_RULE = ("ภูมิปัญญาแต่ละเรื่องเรียงตามรายได้ที่ต่อยอดได้ (มูลค่าการจองโปรแกรมท่องเที่ยวที่ยืนยันแล้ว "
                "ตามราคาที่บันทึกไว้ตอนจอง + ยอดขายผลิตภัณฑ์ที่กลุ่มระบุรายผลิตภัณฑ์) แล้วตามจำนวนโปรแกรมท่องเที่ยว "
                "และจำนวนผลิตภัณฑ์ที่สร้างจากภูมิปัญญานั้น เมื่อเลือกปีงบประมาณ รายได้นับเฉพาะในปีงบประมาณนั้น "
                "(1 ต.ค. – 30 ก.ย.) ผลิตภัณฑ์และโปรแกรมนับที่มีอยู่ภายในสิ้นปีงบประมาณ")


def province_ranking_xlsx(rows: Sequence[RankedRecord], *, fiscal_year: int | None, filters_text: str,
                          generated_by: str, generated_at: dt.datetime) -> bytes:
    """The province table as xlsx (core/xlsx.py: Thai headers frozen, baht and count formats, an "about"
    sheet with the rule, the filters, the time and the author)."""
    from core import xlsx
    from core.thai_dates import format_datetime, format_fiscal_year

    wb = xlsx.workbook()
    xlsx.add_sheet(wb, "ภูมิปัญญา", [
        ("อันดับ", xlsx.COUNT), ("ภูมิปัญญา", None), ("หมวดหมู่", None), ("อำเภอ", None), ("ตำบล", None),
        ("กลุ่ม/ชุมชนเจ้าของ", None), ("สถานะ", None), ("ผลิตภัณฑ์", xlsx.COUNT), ("โปรแกรมท่องเที่ยว", xlsx.COUNT),
        ("มูลค่าการจอง (บาท)", xlsx.THB), ("ยอดขายผลิตภัณฑ์ (บาท)", xlsx.THB), ("รายได้รวม (บาท)", xlsx.THB),
    ], [[i, r.record.title_th, r.record.get_category_display(), r.record.subdistrict.district.name_th,
         r.record.subdistrict.name_th, r.record.owner_group.name_th if r.record.owner_group else "",
         r.record.get_status_display(), r.products, r.programs, r.booking_value, r.sales, r.revenue]
        for i, r in enumerate(rows, start=1)], first=True)
    xlsx.add_about_sheet(wb, [
        ("รายงาน", "ภูมิปัญญาท้องถิ่นจังหวัดอ่างทองกับสิ่งที่ต่อยอดได้ สำนักงานพัฒนาชุมชนจังหวัดอ่างทอง"),
        ("ปีงบประมาณ", format_fiscal_year(fiscal_year) if fiscal_year else "ทุกปีงบประมาณ"),
        ("ตัวกรอง", filters_text or "ไม่มี (ทั้งจังหวัด)"),
        ("หลักเกณฑ์", RANKING_RULE),
        ("สร้างเมื่อ", format_datetime(generated_at)),
        ("สร้างโดย", generated_by),
        ("หมายเหตุ", "ข้อมูลที่ระบุว่าเป็นข้อมูลตัวอย่างในระบบไม่ใช่ข้อมูลทางการ"),
    ])
    return xlsx.to_bytes(wb)
