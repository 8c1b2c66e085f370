"""core.charts: the one chart module (evaluation's pages and PDF, campaigns' pages).

Every text is HTML outside the SVG (WeasyPrint shapes HTML Thai right, SVG <text> wrong); the SVGs hold
shapes only. tests/evaluation/test_report_pdf_thai.py checks the printed result against Chromium."""

import re
from decimal import Decimal

import pytest

from core import charts


def svg_parts(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.S)


def texts_outside_svg(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"<svg\b.*?</svg>", "", html, flags=re.S))


def test_it_keeps_every_text_out_of_the_svg():
    for html in (charts.hbar_chart([("ป่าโมก", "6.00"), ("โพธิ์ทอง", "0")], target="3", unit="%", title="อำเภอ"),
                 charts.bar_chart([("ป่าโมก", 5)], title="คลิก", unit=" คลิก", unit_label="คลิก"),
                 charts.paired_bar_chart([("ต.ค. 69", "1000", "1100")], target_percent="3", title="รายได้")):
        assert html.startswith('<figure class="chart')
        for svg in svg_parts(html):
            assert "<text" not in svg and 'aria-hidden="true"' in svg
            assert not re.search(r"[\u0e00-\u0e7f]", re.sub(r"<title>.*?</title>", "", svg))  # no Thai drawn in SVG
        assert "ป่าโมก" in texts_outside_svg(html) or "ต.ค. 69" in texts_outside_svg(html)


def test_it_draws_the_target_line_labels_it_and_colours_bars_below_it():
    html = charts.hbar_chart([("ป่าโมก", "6.00"), ("ไชโย", "1.50"), ("สามโก้", None)], target=Decimal("3"),
                             unit="%", title="อำเภอ")
    assert html.count('class="target-line"') == 3  # the dashed line crosses each of the three rows
    assert charts.BAR in html and charts.BAR_LOW in html  # one above, one below the target
    text = texts_outside_svg(html)
    assert "ไม่มีฐาน" in text and "เป้าหมาย 3.00%" in text  # on the axis and in the legend
    assert "ถึงเป้าหมาย" in text and "ต่ำกว่าเป้าหมาย" in text  # the bars' colours explained
    # 0 .. 6 % stretched by 5 % (room for the longest bar): the target sits at 3 / 6.3 = 48 % of the track
    assert 'chart-target at-48' in html


def test_it_draws_zero_as_zero_not_a_stub():
    html = charts.hbar_chart([("โพธิ์ทอง", "0"), ("ป่าโมก", "2")], unit="%")
    rows = html.split('<div class="chart-row">')[1:3]
    assert "<rect" in rows[1] and 'height="12"' in rows[1]  # ป่าโมก's bar
    assert 'height="12"' not in rows[0] and "0.00%" in rows[0]  # no bar for zero, but the value "0.00%"
    columns = charts.bar_chart([("ก", 0), ("ข", None), ("ค", 3)])
    assert columns.count('class="bar"') == 1


def test_it_marks_each_rows_own_target_and_writes_it_beside_the_value():
    html = charts.hbar_chart([("ท่องเที่ยวชุมชน OTOP นวัตวิถี", "4.00"), ("Quadrant D", "4.00")], target="3",
                             unit="%", item_targets=["5.00", "3.00"])
    assert html.count(charts.BAR_LOW) == 2  # 4 % misses nawatwithi's 5 % (the bar and its legend key)
    assert '<span class="chart-note">เป้าหมาย 5.00%</span>' in html
    assert "ท่องเที่ยวชุมชน OTOP นวัตวิถี" in texts_outside_svg(html)  # whole: labels wrap, never cut


def test_it_writes_values_with_their_unit_and_its_own_words_for_no_value():
    html = charts.hbar_chart([("ก", 1234.5), ("ข", None)], unit=" บาท", decimals=0, none_label="ไม่มีข้อมูล")
    assert "1,234 บาท" in html or "1,235 บาท" in html
    assert "ไม่มีข้อมูล" in html and charts.TARGET not in html and "chart-legend" not in html


def test_it_escapes_labels_and_titles():
    for html in (charts.hbar_chart([("<script>", "1")], title="<b>"),
                 charts.bar_chart([("<script>", 1)], title="<b>", unit_label="<i>"),
                 charts.paired_bar_chart([("<script>", 1, 2)], title="<b>")):
        assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html and "<i>" not in html


def test_it_draws_the_paired_bars_with_axis_unit_and_the_target():
    html = charts.paired_bar_chart([("ต.ค. 69", "1000", "1100"), ("พ.ย. 69", "0", "0")], target_percent="3")
    text = texts_outside_svg(html)
    assert "ต.ค. 69" in text and "ปีนี้" in text and "ปีก่อน" in text and "(ปีก่อน +3.00%)" in text
    assert "บาท" in text and "เดือน" in text  # the y axis' unit, the x axis' name
    # max 1,100 over 4 ticks -> steps of 500 up to 2,000 (nice numbers), each written once
    assert [t for t in ("0", "500", "1,000", "1,500", "2,000") if f">{t}</span>" in html] == [
        "0", "500", "1,000", "1,500", "2,000"]
    assert svg_parts(html)[0].count("<rect x=") == 2 + 5  # two bars (none for November's zeros), five dashes
    assert html.count("<td>") == 12  # a whole year of columns, however few months
    assert "target-line" not in charts.paired_bar_chart([("ต.ค. 69", None, "1100")])


def test_it_draws_vertical_bars_with_axis_units_and_thinned_labels():
    html = charts.bar_chart([(f"วันที่ {d}", d) for d in range(1, 31)], unit=" คลิก", title="คลิกรายวัน",
                            tick_labels=[f"{d}/11" for d in range(1, 31)], unit_label="คลิก", x_label="วันที่")
    assert html.count('class="bar"') == 30
    assert "วันที่ 30: 30 คลิก" in html  # tooltip: label, value, unit
    assert ">40</span>" in html and ">10</span>" in html  # 30 -> ticks of 10 up to 40
    assert '<td colspan="4">1/11</td>' in html and ">2/11<" not in html  # every 4th of 30 under the axis
    assert 'aria-label="คลิกรายวัน"' in html and '<div class="chart-unit">คลิก</div>' in html


def test_it_writes_each_value_under_its_name_when_every_bar_is_labelled():
    html = charts.bar_chart([("Facebook", 12345), ("TikTok", 800)], unit=" คน", unit_label="คน")
    assert '<td>Facebook<span class="chart-value">12,345 คน</span></td>' in html
    assert ">15,000</span>" in html  # 12,345 / 4 -> steps of 5,000 (1, 2 or 5 × 10ⁿ for counts)


def test_it_draws_an_empty_or_all_zero_series_without_dividing_by_zero():
    assert charts.bar_chart([]).startswith("<figure")
    assert charts.bar_chart([("ก", 0), ("ข", None)]).count('class="bar"') == 0
    assert charts.hbar_chart([]).startswith("<figure")
    assert charts.paired_bar_chart([]).startswith("<figure")


def test_it_chooses_nice_axis_steps():
    assert charts.nice_scale(10_350) == (20_000, 5_000)
    assert charts.nice_scale(9_000) == (10_000, 2_500)
    assert charts.nice_scale(3, integers=True) == (4, 1)
    assert charts.nice_scale(0.7) == pytest.approx((0.8, 0.2))
    assert charts.nice_scale(0) == (1.0, 0.25)


def test_the_pdf_stylesheet_leaves_out_the_screen_only_rules():
    css = charts.stylesheet()
    assert ".chart-row" in css and ".chart .at-100 { left: 100%; }" in css and "@media" not in css
