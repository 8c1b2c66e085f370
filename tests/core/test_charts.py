"""core.charts: the one chart module (evaluation's pages and PDF, campaigns' pages)."""

from decimal import Decimal

from core import charts


def test_it_draws_the_target_line_and_colours_bars_below_it():
    svg = charts.hbar_chart([("ป่าโมก", "6.00"), ("ไชโย", "1.50"), ("สามโก้", None)], target=Decimal("3"),
                            unit="%", title="อำเภอ")
    assert svg.startswith("<svg") and svg.count('class="target-line"') == 1
    assert charts.BAR in svg and charts.BAR_LOW in svg  # one above, one below the target
    assert "ไม่มีฐาน" in svg and "เป้าหมาย 3.00%" in svg


def test_it_marks_each_rows_own_target():
    svg = charts.hbar_chart([("นวัตวิถี", "4.00"), ("Quadrant D", "4.00")], target="3", unit="%",
                            item_targets=["5.00", "3.00"])
    assert svg.count('class="target-line"') == 2  # the `all` line and nawatwithi's own 5 %
    assert svg.count(charts.BAR_LOW) == 1  # 4 % misses nawatwithi's 5 % but meets the 3 %


def test_it_writes_values_with_their_unit_and_its_own_words_for_no_value():
    svg = charts.hbar_chart([("ก", 1234.5), ("ข", None)], unit=" บาท", decimals=0, none_label="ไม่มีข้อมูล")
    assert "1,234 บาท" in svg or "1,235 บาท" in svg
    assert "ไม่มีข้อมูล" in svg and charts.TARGET not in svg


def test_it_escapes_labels_and_titles():
    for svg in (charts.hbar_chart([("<script>", "1")], title="<b>"),
                charts.bar_chart([("<script>", 1)], title="<b>"),
                charts.paired_bar_chart([("<script>", 1, 2)], title="<b>")):
        assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg


def test_it_draws_the_paired_bars_with_the_target_line():
    svg = charts.paired_bar_chart([("ต.ค. 69", "1000", "1100")], target_percent="3")
    assert "<polyline" in svg and "ต.ค. 69" in svg
    assert "ปีนี้" in svg and "ปีก่อน" in svg and "(+3.00%)" in svg
    assert "<polyline" not in charts.paired_bar_chart([("ต.ค. 69", None, "1100")])


def test_it_draws_vertical_bars_with_values_units_and_thinned_labels():
    svg = charts.bar_chart([(f"วันที่ {d}", d) for d in range(1, 31)], unit=" คลิก", title="คลิกรายวัน",
                           tick_labels=[f"{d}/11" for d in range(1, 31)])
    assert svg.count('class="bar"') == 30
    assert "วันที่ 30: 30 คลิก" in svg  # tooltip: label, value, unit
    assert ">30</text>" in svg  # the highest value on the axis
    assert ">1/11</text>" in svg and ">2/11</text>" not in svg  # every 3rd label of 30 under the axis
    assert 'aria-label="คลิกรายวัน"' in svg


def test_it_draws_an_empty_or_all_zero_series_without_dividing_by_zero():
    assert charts.bar_chart([]).startswith("<svg")
    svg = charts.bar_chart([("ก", 0), ("ข", None)])
    assert svg.count('height="0.00"') == 2
