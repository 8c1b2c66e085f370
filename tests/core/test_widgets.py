"""The portal's date / month widgets and the fiscal-year select (core/widgets.py): Buddhist-Era
years and Thai month names on screen, ISO values posted, Thai errors for impossible or half-chosen
dates, plain ISO strings still accepted (API, scripts)."""

import datetime as dt

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from core.templatetags.thai import percent_change
from core.thai_dates import current_fiscal_year
from core.widgets import FiscalYearSelect, ThaiDateField, ThaiDateWidget, ThaiMonthField, ThaiMonthWidget


class TripForm(forms.Form):
    day = ThaiDateField(label="วันที่เดินทาง")
    month = ThaiMonthField(label="เดือน", required=False)
    fiscal_year = forms.IntegerField(label="ปีงบประมาณ", widget=FiscalYearSelect(), required=False)


def options(html: str, name: str) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of a rendered select's options."""
    import re

    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return [
        (v, label.strip(), bool(sel))
        for v, sel, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select.group(1)
        )
    ]


def test_it_shows_the_year_in_buddhist_era_and_the_month_by_its_thai_name():
    html = str(TripForm(initial={"day": dt.date(2026, 11, 24), "month": "2027-03"})["day"])
    days, months, years = options(html, "day_0"), options(html, "day_1"), options(html, "day_2")
    assert ("24", "24", True) in days and len(days) == 32  # 1–31 and the empty "วัน"
    assert [label for _v, label, _s in months[1:]][:3] == ["มกราคม", "กุมภาพันธ์", "มีนาคม"]
    assert ("11", "พฤศจิกายน", True) in months
    assert ("2026", "2569", True) in years  # the option posts the Gregorian year, shows BE
    assert all(label != value for value, label, _s in years if value)
    assert 'aria-label="วัน"' in html and 'aria-label="เดือน"' in html and 'aria-label="ปี (พ.ศ.)"' in html
    month_html = str(TripForm(initial={"month": "2027-03"})["month"])
    assert ("3", "มีนาคม", True) in options(month_html, "month_0")
    assert ("2027", "2570", True) in options(month_html, "month_1")


def test_a_value_outside_the_usual_years_is_still_shown():
    html = str(TripForm(initial={"day": dt.date(1990, 1, 5)})["day"])
    assert ("1990", "2533", True) in options(html, "day_2")


def test_english_mode_shows_english_month_names_and_both_years():
    with translation.override("en"):
        html = str(TripForm(initial={"day": dt.date(2026, 11, 24)})["day"])
    assert ("11", "November", True) in options(html, "day_1")
    assert ("2026", "2569 (2026)", True) in options(html, "day_2")


def test_the_form_template_groups_the_selects_under_the_field_label():
    html = render_to_string("includes/form.html", {"form": TripForm()})
    assert '<fieldset class="date-field"><legend>วันที่เดินทาง</legend>' in html
    assert 'for="id_day' not in html  # no <label for> pointing at one of the three selects


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"day_0": "24", "day_1": "11", "day_2": "2026"}, dt.date(2026, 11, 24)),
        ({"day_0": "29", "day_1": "2", "day_2": "2028"}, dt.date(2028, 2, 29)),  # leap year
        ({"day": "2026-11-24"}, dt.date(2026, 11, 24)),  # a plain ISO value (API, old clients)
    ],
)
def test_the_selects_assemble_an_iso_date(data, expected):
    form = TripForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == expected


def test_value_from_datadict_round_trips():
    widget = ThaiDateWidget()
    assert widget.value_from_datadict({"d_0": "5", "d_1": "1", "d_2": "2027"}, {}, "d") == "2027-01-05"
    assert widget.decompress("2027-01-05") == ["5", "1", "2027"]
    assert widget.decompress(dt.date(2027, 1, 5)) == ["5", "1", "2027"]
    assert widget.value_from_datadict({}, {}, "d") == ""
    assert widget.value_omitted_from_data({}, {}, "d") and not widget.value_omitted_from_data(
        {"d": "x"}, {}, "d"
    )
    month = ThaiMonthWidget()
    assert month.value_from_datadict({"m_0": "3", "m_1": "2027"}, {}, "m") == "2027-03"
    assert month.decompress("2027-03") == ["3", "2027"] and month.decompress(dt.date(2027, 3, 1)) == [
        "3",
        "2027",
    ]


def test_the_month_field_cleans_to_the_first_day():
    form = TripForm({"day": "2026-11-24", "month_0": "10", "month_1": "2026"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["month"] == dt.date(2026, 10, 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"day_0": "31", "day_1": "2", "day_2": "2027"}, "ไม่มีวันนี้ในเดือนที่เลือก"),
        ({"day_0": "29", "day_1": "2", "day_2": "2027"}, "ไม่มีวันนี้ในเดือนที่เลือก"),  # not a leap year
        ({"day_0": "31", "day_1": "4", "day_2": "2027"}, "ไม่มีวันนี้ในเดือนที่เลือก"),
        ({"day_0": "", "day_1": "2", "day_2": "2027"}, "โปรดเลือกวันที่ให้ครบทั้งวัน เดือน และปี"),
        ({"day_0": "3", "day_1": "", "day_2": ""}, "โปรดเลือกวันที่ให้ครบทั้งวัน เดือน และปี"),
        ({"day_0": "x", "day_1": "2", "day_2": "2027"}, "โปรดเลือกวันที่ให้ครบทั้งวัน เดือน และปี"),
        ({}, "โปรดเลือกวันที่"),  # required
    ],
)
def test_impossible_or_half_chosen_dates_are_thai_errors(data, message):
    form = TripForm(data)
    assert not form.is_valid()
    assert message in " ".join(form.errors["day"])


def test_a_half_chosen_month_is_a_thai_error_and_keeps_what_was_chosen():
    form = TripForm({"day": "2026-11-24", "month_0": "3"})
    assert not form.is_valid()
    assert form.errors["month"] == ["โปรดเลือกให้ครบทั้งเดือนและปี"]
    assert ("3", "มีนาคม", True) in options(str(form["month"]), "month_0")


def test_a_rejected_date_shows_the_users_choice_again():
    form = TripForm({"day_0": "31", "day_1": "2", "day_2": "2027"})
    assert not form.is_valid()
    html = str(form["day"])
    assert ("31", "31", True) in options(html, "day_0") and ("2", "กุมภาพันธ์", True) in options(html, "day_1")


def test_the_fiscal_year_select_names_years_in_be():
    fy = current_fiscal_year()
    html = str(TripForm(initial={"fiscal_year": fy})["fiscal_year"])
    years = options(html, "fiscal_year")
    assert (str(fy), f"ปีงบประมาณ {fy}", True) in years
    assert (str(fy + 1), f"ปีงบประมาณ {fy + 1}", False) in years
    old = options(str(TripForm(initial={"fiscal_year": 2540})["fiscal_year"]), "fiscal_year")
    assert ("2540", "ปีงบประมาณ 2540", True) in old
    empty = FiscalYearSelect(empty_label="ทุกปี").render("fy", None)
    assert ("", "ทุกปี", False) == options(empty, "fy")[0]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("-4.90", "ลดลง 4.90%"),
        ("4.9", "เพิ่มขึ้น 4.90%"),
        ("0", "เท่าเดิม (0.00%)"),
        (None, ""),
        ("abc", ""),
        ("-1234.5", "ลดลง 1,234.50%"),
    ],
)
def test_a_fall_reads_as_a_fall(value, text):
    assert percent_change(value) == text
