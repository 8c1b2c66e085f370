from decimal import Decimal

from evaluation import charts


def test_it_draws_the_target_line_and_colours_bars_below_it():
    svg = charts.percent_bars([("ป่าโมก", "6.00"), ("ไชโย", "1.50"), ("สามโก้", None)], target=Decimal("3"),
                              title="อำเภอ")
    assert svg.startswith("<svg") and svg.count('class="target-line"') == 1
    assert charts.BAR in svg and charts.BAR_LOW in svg  # one above, one below the target
    assert "ไม่มีฐาน" in svg and "เป้าหมาย 3.00%" in svg


def test_it_marks_each_projects_own_target():
    svg = charts.percent_bars([("นวัตวิถี", "4.00"), ("Quadrant D", "4.00")], target="3",
                              item_targets=["5.00", "3.00"])
    assert svg.count('class="target-line"') == 2  # the `all` line and nawatwithi's own 5 %
    assert svg.count(charts.BAR_LOW) == 1  # 4 % misses nawatwithi's 5 % but meets the 3 %


def test_it_escapes_labels():
    svg = charts.percent_bars([("<script>", "1")], title="<b>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_it_draws_the_trend_with_the_target_line():
    svg = charts.trend_chart([{"label": "ต.ค. 69", "current": "1100", "baseline": "1000"}], target="3")
    assert "<polyline" in svg and "ต.ค. 69" in svg
