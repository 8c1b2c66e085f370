"""Buddhist Era dates and the Thai fiscal year.

- Buddhist Era year = Gregorian year + 543.
- Thai fiscal year N (BE) runs 1 October of Gregorian N-544 to 30 September
  of N-543: FY 2570 = 2026-10-01 .. 2027-09-30. It is named by the BE year
  in which it ends.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

BE_OFFSET = 543

MONTHS_TH = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
             "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
MONTHS_TH_ABBR = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                  "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
MONTHS_EN_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]


def to_be_year(gregorian_year: int) -> int:
    return gregorian_year + BE_OFFSET


def to_gregorian_year(be_year: int) -> int:
    return be_year - BE_OFFSET


def _as_local_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def fiscal_year_of(value: dt.date | dt.datetime) -> int:
    """The Thai fiscal year (BE) a date falls in: 2026-09-30 -> 2569, 2026-10-01 -> 2570."""
    d = _as_local_date(value)
    assert d is not None
    gregorian_end = d.year + 1 if d.month >= 10 else d.year
    return to_be_year(gregorian_end)


def fiscal_year_range(fiscal_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of Thai fiscal year `fiscal_year` (BE)."""
    end_year = to_gregorian_year(fiscal_year)
    return dt.date(end_year - 1, 10, 1), dt.date(end_year, 9, 30)


def fiscal_year_months(fiscal_year: int) -> list[dt.date]:
    """The twelve months (first days) of a fiscal year, October first."""
    start, _end = fiscal_year_range(fiscal_year)
    months = []
    y, m = start.year, start.month
    for _i in range(12):
        months.append(dt.date(y, m, 1))
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return months


def current_fiscal_year() -> int:
    return fiscal_year_of(timezone.localdate())


def _is_thai() -> bool:
    return (translation.get_language() or "th").startswith("th")


def format_date(value, style: str = "short") -> str:
    """24 พ.ย. 2569 (short), 24 พฤศจิกายน 2569 (long); in English 24 Nov 2026."""
    d = _as_local_date(value)
    if d is None:
        return ""
    if _is_thai():
        months = MONTHS_TH_ABBR if style == "short" else MONTHS_TH
        return f"{d.day} {months[d.month - 1]} {to_be_year(d.year)}"
    months = MONTHS_EN_ABBR if style == "short" else MONTHS_EN
    return f"{d.day} {months[d.month - 1]} {d.year}"


def format_datetime(value, style: str = "short") -> str:
    """24 พ.ย. 2569 14:30 น. (Asia/Bangkok)."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    time_part = value.strftime("%H:%M")
    suffix = " น." if _is_thai() else ""
    return f"{format_date(value, style)} {time_part}{suffix}"


def format_month(value, style: str = "long") -> str:
    """A month: พฤศจิกายน 2569 / พ.ย. 2569; in English November 2026."""
    d = _as_local_date(value)
    if d is None:
        return ""
    if _is_thai():
        months = MONTHS_TH_ABBR if style == "short" else MONTHS_TH
        return f"{months[d.month - 1]} {to_be_year(d.year)}"
    months = MONTHS_EN_ABBR if style == "short" else MONTHS_EN
    return f"{months[d.month - 1]} {d.year}"


def format_fiscal_year(fiscal_year: int) -> str:
    """ปีงบประมาณ 2570 (1 ต.ค. 2569 – 30 ก.ย. 2570)."""
    start, end = fiscal_year_range(fiscal_year)
    label = "ปีงบประมาณ" if _is_thai() else "Fiscal year"
    return f"{label} {fiscal_year} ({format_date(start)} – {format_date(end)})"
