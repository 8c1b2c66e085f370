"""The portal's one date widget, one month widget and the fiscal-year select.

Every portal form (not the admin: unfold has its own widgets) asks for a date with
`ThaiDateField` (day / Thai month name / Buddhist-Era year selects) and for a month with
`ThaiMonthField` (Thai month name / BE year). The selects post the Gregorian numbers (the year
option's *label* is BE, its value Gregorian), and the widget assembles an ISO value
(YYYY-MM-DD / YYYY-MM) for the form field, so the page works without JavaScript;
static/js/thai-date.js only disables the days a month does not have.

A plain ISO value posted under the field's own name (``date=2026-11-24``: the API, old tests,
scripts) is still accepted. A missing part or a day the month does not have (31 February) is a
Thai validation error and nothing is saved.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .thai_dates import MONTHS_EN, MONTHS_TH, current_fiscal_year, to_be_year


def _is_thai() -> bool:
    return (translation.get_language() or "th").startswith("th")


def _month_names() -> list[str]:
    return MONTHS_TH if _is_thai() else MONTHS_EN


def _year_label(year: int) -> str:
    """The label of a (Gregorian) year option: BE in Thai, 'BE (CE)' in English."""
    return str(to_be_year(year)) if _is_thai() else f"{to_be_year(year)} ({year})"


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class _ThaiPartsWidget(forms.MultiWidget):
    """Shared by the date and month widgets: select parts whose values assemble to ISO text."""

    parts: tuple[str, ...] = ()
    kind = "date"  # the template's data-thai-date (thai-date.js acts on "date" only)
    template_name = "widgets/thai_date.html"

    def __init__(self, attrs=None, *, past_years: int = 10, future_years: int = 3):
        self.past_years = past_years
        self.future_years = future_years
        super().__init__([forms.Select() for _part in self.parts], attrs)

    # --- choices (built at render time: they follow the active language and the value's year)
    def _year_choices(self, selected: int | None) -> list[tuple[str, str]]:
        this_year = timezone.localdate().year
        years = list(range(this_year + self.future_years, this_year - self.past_years - 1, -1))
        if selected and selected not in years and 1 <= selected <= 9999:
            years.append(selected)
            years.sort(reverse=True)
        return [("", gettext("ปี (พ.ศ.)")), *((str(y), _year_label(y)) for y in years)]

    def _choices(self, part: str, selected: int | None) -> list[tuple[str, str]]:
        if part == "day":
            return [("", gettext("วัน")), *((str(d), str(d)) for d in range(1, 32))]
        if part == "month":
            return [
                ("", gettext("เดือน")),
                *((str(i), name) for i, name in enumerate(_month_names(), start=1)),
            ]
        return self._year_choices(selected)

    def _aria_label(self, part: str) -> str:
        return {"day": gettext("วัน"), "month": gettext("เดือน"), "year": gettext("ปี (พ.ศ.)")}[part]

    def get_context(self, name, value, attrs):
        values = value if isinstance(value, list) else self.decompress(value)
        for part, widget, part_value in zip(self.parts, self.widgets, values, strict=False):
            assert isinstance(widget, forms.Select)
            widget.choices = self._choices(part, _int_or_none(part_value))
            widget.attrs = {
                **widget.attrs,
                "aria-label": str(self._aria_label(part)),
                "data-part": part,
                "class": f"thai-date-{part}",
            }
        context = super().get_context(name, value, attrs)
        context["widget"]["kind"] = self.kind
        return context

    # --- parsing
    def _split(self, value: str) -> list[str]:
        """'2026-11-24' (or a half-filled '2026--24') → the parts in widget order."""
        raise NotImplementedError

    def decompress(self, value):
        if value in (None, ""):
            return [None] * len(self.parts)
        if isinstance(value, dt.date):
            value = value.isoformat()
        return self._split(str(value))

    def value_from_datadict(self, data, files, name):
        if data.get(name):  # a plain ISO value (API, scripts, old clients)
            return data.get(name)
        raw = {part: (data.get(f"{name}_{i}") or "").strip() for i, part in enumerate(self.parts)}
        if not any(raw.values()):
            return ""
        return self._join(raw)

    def _join(self, raw: dict[str, str]) -> str:
        raise NotImplementedError

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def id_for_label(self, id_):
        return ""  # the form template puts the field's label in a <legend>; each select has aria-label


class ThaiDateWidget(_ThaiPartsWidget):
    parts = ("day", "month", "year")
    kind = "date"

    def _split(self, value):
        bits = value[:10].split("-")
        if len(bits) != 3:
            return [None, None, None]
        year, month, day = bits
        return [day.lstrip("0") or None, month.lstrip("0") or None, year or None]

    def _join(self, raw):
        day, month, year = (_int_or_none(raw[p]) for p in ("day", "month", "year"))
        return (
            f"{year or ''}-{month or ''}-{day or ''}"
            if None in (day, month, year)
            else (f"{year:04d}-{month:02d}-{day:02d}")
        )


class ThaiMonthWidget(_ThaiPartsWidget):
    parts = ("month", "year")
    kind = "month"

    def _split(self, value):
        bits = value[:7].split("-")
        if len(bits) != 2:
            return [None, None]
        year, month = bits
        return [month.lstrip("0") or None, year or None]

    def _join(self, raw):
        month, year = _int_or_none(raw["month"]), _int_or_none(raw["year"])
        return f"{year or ''}-{month or ''}" if None in (month, year) else f"{year:04d}-{month:02d}"


class ThaiDateField(forms.DateField):
    """A date asked as day / Thai month / BE year; the cleaned value is a `datetime.date`."""

    widget = ThaiDateWidget
    default_error_messages = {
        "invalid": _("วันที่ไม่ถูกต้อง: ไม่มีวันนี้ในเดือนที่เลือก (เช่น 31 กุมภาพันธ์) โปรดเลือกใหม่"),
        "incomplete": _("โปรดเลือกวันที่ให้ครบทั้งวัน เดือน และปี"),
        "required": _("โปรดเลือกวันที่"),
    }

    def __init__(self, *, past_years: int = 10, future_years: int = 3, **kwargs):
        kwargs.setdefault("widget", self.widget(past_years=past_years, future_years=future_years))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value:
            bits = value.strip().split("-")
            if len(bits) == 3 and any(b == "" for b in bits) and any(bits):
                raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        return super().to_python(value)


class ThaiMonthField(forms.DateField):
    """A month asked as Thai month / BE year; cleaned to the month's first day."""

    widget = ThaiMonthWidget
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    default_error_messages = {
        "invalid": _("เดือนไม่ถูกต้อง โปรดเลือกเดือนและปี (พ.ศ.)"),
        "incomplete": _("โปรดเลือกให้ครบทั้งเดือนและปี"),
        "required": _("โปรดเลือกเดือนและปี"),
    }

    def __init__(self, *, past_years: int = 10, future_years: int = 1, **kwargs):
        kwargs.setdefault("widget", self.widget(past_years=past_years, future_years=future_years))
        kwargs.setdefault("input_formats", self.input_formats)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value:
            bits = value.strip().split("-")
            if len(bits) == 2 and any(b == "" for b in bits) and any(bits):
                raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        result = super().to_python(value)
        return result.replace(day=1) if result else result


class FiscalYearSelect(forms.Select):
    """A fiscal year (BE) as a select: "ปีงบประมาณ 2570"; the posted value is the BE number.
    `empty_label` adds a first "all years" option (filters)."""

    def __init__(
        self, attrs=None, *, past: int = 5, future: int = 1, empty_label: str | Promise | None = None
    ):
        self.past, self.future, self.empty_label = past, future, empty_label
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        this_fy = current_fiscal_year()
        years = list(range(this_fy + self.future, this_fy - self.past - 1, -1))
        selected = _int_or_none(value[0] if isinstance(value, list) and value else value)
        if selected and selected not in years and 2400 <= selected <= 2800:
            years = sorted({*years, selected}, reverse=True)
        label = gettext("ปีงบประมาณ") if _is_thai() else "FY"
        choices = [(str(y), f"{label} {y}") for y in years]
        if self.empty_label is not None:
            choices.insert(0, ("", str(self.empty_label)))
        self.choices = choices
        return super().get_context(name, value, attrs)

    def format_value(self, value):
        if value in (None, ""):
            return []
        number = _int_or_none(value)
        return [str(number if number is not None else value)]
