import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from core import thai_dates


@pytest.mark.parametrize(("day", "fy"), [
    (dt.date(2026, 9, 30), 2569),   # last day of FY 2569
    (dt.date(2026, 10, 1), 2570),   # first day of FY 2570
    (dt.date(2027, 9, 30), 2570),
    (dt.date(2027, 10, 1), 2571),
    (dt.date(2027, 1, 1), 2570),
])
def test_it_names_the_fiscal_year_by_the_be_year_it_ends_in(day, fy):
    assert thai_dates.fiscal_year_of(day) == fy


def test_it_gives_the_fiscal_year_range_and_months():
    assert thai_dates.fiscal_year_range(2570) == (dt.date(2026, 10, 1), dt.date(2027, 9, 30))
    months = thai_dates.fiscal_year_months(2570)
    assert months[0] == dt.date(2026, 10, 1)
    assert months[3] == dt.date(2027, 1, 1)
    assert months[-1] == dt.date(2027, 9, 1)
    assert len(months) == 12


def test_it_uses_bangkok_time_for_the_fiscal_year_of_a_datetime():
    # 30 Sep 2026 18:30 UTC is already 1 Oct 2026 01:30 in Bangkok: FY 2570.
    moment = dt.datetime(2026, 9, 30, 18, 30, tzinfo=dt.UTC)
    assert thai_dates.fiscal_year_of(moment) == 2570


def test_it_formats_buddhist_era_dates_in_thai():
    with translation.override("th"):
        assert thai_dates.format_date(dt.date(2026, 11, 24)) == "24 พ.ย. 2569"
        assert thai_dates.format_date(dt.date(2026, 11, 24), "long") == "24 พฤศจิกายน 2569"
        assert thai_dates.format_month(dt.date(2027, 3, 1)) == "มีนาคม 2570"
        assert thai_dates.format_fiscal_year(2570) == "ปีงบประมาณ 2570 (1 ต.ค. 2569 – 30 ก.ย. 2570)"


def test_it_formats_gregorian_dates_in_english():
    with translation.override("en"):
        assert thai_dates.format_date(dt.date(2026, 11, 24)) == "24 Nov 2026"


def test_it_formats_datetimes_in_bangkok_time():
    moment = dt.datetime(2026, 11, 24, 7, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    with translation.override("th"):
        assert thai_dates.format_datetime(moment) == "24 พ.ย. 2569 14:30 น."


def test_the_template_filters_need_no_load_tag():
    with translation.override("th"):
        out = Template("{{ d|thai_date }}|{{ d|fiscal_year }}|{{ amount|baht }}|{{ none|thai_date }}").render(
            Context({"d": dt.date(2026, 10, 1), "amount": "1234.5", "none": None}))
    assert out == "1 ต.ค. 2569|2570|฿1,234.50|"


@pytest.mark.parametrize(("amount", "shown"), [("1350", "฿1,350"), ("1350.00", "฿1,350"), ("1234.5", "฿1,234.50"),
                                                ("0", "฿0"), ("", "")])
def test_baht_auto_drops_the_satang_of_whole_baht(amount, shown):
    assert Template('{{ amount|baht:"auto" }}').render(Context({"amount": amount})) == shown
