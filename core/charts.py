"""THE chart module: server-rendered charts for pages and PDFs (no JavaScript, no CDN).

Every text of a chart — title, category labels, values, axis ticks, units, the target's label, the
legend — is HTML, laid out by CSS (``static/css/charts.css``); only the marks (bars, target lines,
grid lines) are SVG shapes, which hold no text at all. WeasyPrint shapes HTML text like a browser
(HarfBuzz: "ป่าโมก" keeps its tone mark over ป, the marks of "โพธิ์ทอง" stack), whereas it lays out
SVG ``<text>`` glyph by glyph and loses or collides Thai marks. So the same chart reads the same on
a page, on a phone and in the PDF.

Every function takes plain (label, value) data — labels already formatted by the caller (a Thai
month, a channel name), values as numbers, Decimals, numeric strings or None — and returns a
``<figure class="chart …">`` ready to drop into a template (``{{ chart }}``) or a WeasyPrint PDF.
Every text in it is escaped, so it is returned as safe HTML.

- ``bar_chart``: vertical bars, one per item (clicks per day, reach per channel), a y axis with
  ticks and its unit, and an x axis; long series label every n-th item; short ones write each
  item's value under its name.
- ``hbar_chart``: horizontal bars with each value written beside its bar (increase per district),
  an optional target line for all rows (labelled on the axis and in the legend) and per-row targets
  (written beside the row's value); a bar below its target is drawn in ``BAR_LOW``, a row without a
  value says so, a zero is drawn as no bar and written "0".
- ``paired_bar_chart``: per period the previous value (grey) beside the current one, and optionally
  per period the target — the previous value raised by the target percentage.

Labels are never cut: a long one wraps in its own column. Positions of HTML labels along an axis use
the classes ``at-0`` … ``at-100`` (per cent, in ``charts.css``), because the portal's CSP forbids
inline styles; the marks themselves are drawn at their exact values.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

BAR = "#2f6f4f"
BAR_LOW = "#c0504d"
BASE = "#b8c4cc"
TARGET = "#d97a00"
AXIS = "#333"
GRID = "#e3e3e3"

Number = int | float | Decimal | str | None

# The marks' coordinate systems. A row of a horizontal chart is TRACK_W units wide and ROW_H high,
# a vertical plot COLUMN_W units per column and PLOT_H high; the SVG is stretched to its box
# (preserveAspectRatio="none"), so only its shapes — never text — are scaled.
TRACK_W, ROW_H = 1000, 20
SCREEN_ONLY = "/* Screen only"
COLUMN_W, PLOT_H = 100, 1000


def number(value: Number) -> float | None:
    """A chart value as a float; None (or "") stays None: "no value", not zero."""
    return None if value is None or value == "" else float(Decimal(str(value)))


def fmt(value: float | None, unit: str = "", decimals: int = 2) -> str:
    """1234.5 -> "1,234.50" (+ unit); None -> "–"."""
    return "–" if value is None else f"{value:,.{decimals}f}{unit}"


def nice_scale(hi: float, *, steps: int = 4, integers: bool = False) -> tuple[float, float]:
    """The axis top and tick step for values up to ``hi``: ``steps`` ticks of 1, 2, 2.5 or 5 × 10ⁿ
    (1, 2 or 5 × 10ⁿ and at least 1 for counts), e.g. 9,000 -> (10,000, 2,500)."""
    if hi <= 0:
        return float(steps if integers else 1), (1.0 if integers else 1 / steps)
    raw = hi / steps
    exp = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10) if integers else (1, 2, 2.5, 5, 10):
        step = m * exp
        if step >= raw - 1e-12:
            break
    if integers:
        step = max(step, 1.0)
    return step * steps, step


def _tick(value: float, step: float) -> str:
    decimals = 0 if float(step).is_integer() else (1 if float(step * 10).is_integer() else 2)
    return f"{value:,.{decimals}f}"


def _at(fraction: float) -> str:
    """The CSS class placing a label at ``fraction`` (0-1) along an axis; near the ends the label is
    aligned inwards so it never sticks out of the chart."""
    pct = min(100, max(0, round(fraction * 100)))
    edge = " at-start" if pct < 12 else (" at-end" if pct > 88 else "")
    return f"at-{pct}{edge}"


def _svg(view_w: float, view_h: float, shapes: list[str], css_class: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" viewBox="0 0 {view_w} {view_h}" '
            f'preserveAspectRatio="none" aria-hidden="true" focusable="false">{"".join(shapes)}</svg>')


def _swatch(kind: str, color: str) -> str:
    """A legend key drawn like its mark: a filled box for bars, a dashed line for targets."""
    if kind == "line":
        shape = (f'<rect x="0" y="5" width="4" height="2" fill="{color}"/>'
                 f'<rect x="6" y="5" width="4" height="2" fill="{color}"/>'
                 f'<rect x="12" y="5" width="4" height="2" fill="{color}"/>')
    elif kind == "tick":
        shape = f'<rect x="7" y="0" width="3" height="12" fill="{color}"/>'
    else:
        shape = f'<rect x="2" y="1" width="12" height="10" fill="{color}"/>'
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-swatch" viewBox="0 0 16 12" '
            f'aria-hidden="true" focusable="false">{shape}</svg>')


def _legend(entries: list[tuple[str, str, str]]) -> str:
    if not entries:
        return ""
    items = "".join(f"<li>{_swatch(kind, color)}{escape(text)}</li>" for kind, color, text in entries)
    return f'<ul class="chart-legend">{items}</ul>'


def _figure(kind: str, title: str, body: str) -> SafeString:
    label = f' aria-label="{escape(title)}"' if title else ""
    caption = f'<figcaption class="chart-title">{escape(title)}</figcaption>' if title else ""
    return mark_safe(f'<figure class="chart chart-{kind}"{label}>{caption}{body}</figure>')  # noqa: S308 - escaped


def _vertical_dashes(x: float, width: float, color: str, css_class: str) -> str:
    """A dashed vertical line across one row, as rects (strokes would be stretched with the row)."""
    dashes = "".join(f'<rect x="{x - width / 2:.1f}" y="{y}" width="{width}" height="3" fill="{color}"/>'
                     for y in range(0, ROW_H, 5))
    return f'<g class="{css_class}">{dashes}</g>'


# --- vertical bars ------------------------------------------------------------------------------


def _columns(plot: str, *, ticks: list[tuple[float, str]], unit_label: str, x_cells: list[tuple[int, str]],
             x_label: str, legend: str) -> str:
    """The shared frame of the vertical charts: y ticks (HTML, at fixed fractions), the plot (SVG),
    the x labels (an HTML table of equal columns under the plot), the axis titles and the legend."""
    ytick = "".join(f'<span class="chart-ytick at-{round(f * 100)}">{escape(text)}</span>' for f, text in ticks)
    cells = "".join(f'<td colspan="{span}">{text}</td>' if span > 1 else f"<td>{text}</td>" for span, text in x_cells)
    unit = f'<div class="chart-unit">{escape(unit_label)}</div>' if unit_label else ""
    xtitle = f'<div class="chart-xtitle">{escape(x_label)}</div>' if x_label else ""
    return (f'{unit}<div class="chart-frame"><div class="chart-yaxis">{ytick}</div>'
            f'<div class="chart-plot">{plot}</div><div></div>'
            f'<table class="chart-xlabels"><tr>{cells}</tr></table></div>{xtitle}{legend}')


def _grid_lines(ticks: int, columns: int) -> list[str]:
    return [f'<rect class="chart-grid" x="0" y="{PLOT_H - PLOT_H * i / ticks - (3 if i else 4):.0f}" '
            f'width="{columns * COLUMN_W}" height="{4 if i else 6}" fill="{GRID if i else AXIS}"/>'
            for i in range(ticks, -1, -1)]


def bar_chart(items: Sequence[tuple[object, Number]], *, title: str = "", unit: str = "", decimals: int = 0,
              tick_labels: Sequence[object] | None = None, max_ticks: int = 8, unit_label: str = "",
              x_label: str = "") -> SafeString:
    """Vertical bars, one per ``(label, value)``; a missing value is drawn as 0 (no bar).

    ``label`` is each bar's tooltip (with the value and ``unit``); ``tick_labels`` (one per item,
    default the labels) are written under the axis — about ``max_ticks`` of them (every n-th, each
    centred under its stretch of bars); when every item fits, its value is written under its name.
    ``unit_label`` is written over the y axis (its ticks are 0 and four nice steps), ``x_label``
    under the x axis."""
    values = [number(v) or 0.0 for _label, v in items]
    n = len(items)
    top, step = nice_scale(max(values, default=0.0), integers=decimals == 0)
    shapes = _grid_lines(4, max(n, 1))
    for i, ((label, _v), value) in enumerate(zip(items, values, strict=True)):
        if value <= 0:
            continue  # zero is zero: no stub
        h = value / top * PLOT_H
        shapes.append(f'<rect class="bar" x="{i * COLUMN_W + 10}" y="{PLOT_H - h:.1f}" width="{COLUMN_W - 20}" '
                      f'height="{h:.1f}" fill="{BAR}"><title>{escape(str(label))}: '
                      f'{fmt(value, unit, decimals)}</title></rect>')
    ticks = [(i / 4, _tick(step * i, step)) for i in range(5)]
    names = list(tick_labels) if tick_labels is not None else [label for label, _v in items]
    every = max(1, math.ceil(n / max_ticks))
    cells: list[tuple[int, str]] = []
    for i in range(0, n, every):
        name = escape(str(names[i])) if i < len(names) else ""
        if every == 1:
            name += f'<span class="chart-value">{escape(fmt(values[i], unit, decimals))}</span>'
        cells.append((min(every, n - i), name))
    plot = _svg(max(n, 1) * COLUMN_W, PLOT_H, shapes, "chart-marks")
    return _figure("columns", title, _columns(plot, ticks=ticks, unit_label=unit_label, x_cells=cells or [(1, "")],
                                              x_label=x_label, legend=""))


# At most this many period names under a paired chart (a year's 12 months all fit; weeks are thinned).
PAIRED_MAX_LABELS = 12


def paired_bar_chart(periods: Sequence[tuple[object, Number, Number]], *, title: str = "",
                     target_percent: Number = None, current_label: str | None = None,
                     previous_label: str | None = None, target_label: str | None = None, unit: str = "",
                     unit_label: str | None = None, x_label: str | None = None, min_columns: int = 12) -> SafeString:
    """Per period ``(label, previous, current)``: the previous value (grey) beside the current one
    (``BAR``); missing values are 0, and a 0 is no bar. With ``target_percent`` a dashed mark over
    each period's pair shows the previous value raised by that percentage — what the current value
    has to reach. The plot is sized for at least ``min_columns`` periods (a whole year), so charts
    of a year line up; every mark's meaning is in the legend, its scale on the y axis."""
    current_label = _("ปีนี้") if current_label is None else current_label
    previous_label = _("ปีก่อน") if previous_label is None else previous_label
    target_label = _("เป้าหมาย") if target_label is None else target_label
    unit_label = _("บาท") if unit_label is None else unit_label
    x_label = _("เดือน") if x_label is None else x_label
    t = number(target_percent)
    cur = [number(current) or 0.0 for _label, _previous, current in periods]
    base = [number(previous) or 0.0 for _label, previous, _current in periods]
    goal = [b * (1 + t / 100) for b in base] if t is not None else []
    top, step = nice_scale(max([0.0, *cur, *base, *goal]))
    columns = max(len(periods), min_columns)

    def y(v: float) -> float:
        return PLOT_H - v / top * PLOT_H

    shapes = _grid_lines(4, columns)
    for i, (label, _previous, _current) in enumerate(periods):
        name = escape(str(label))
        x = i * COLUMN_W
        for value, offset, color, what in ((base[i], 14, BASE, previous_label), (cur[i], 50, BAR, current_label)):
            if value > 0:
                shapes.append(f'<rect x="{x + offset}" y="{y(value):.1f}" width="36" height="{PLOT_H - y(value):.1f}" '
                              f'fill="{color}"><title>{name} {escape(what)}: {fmt(value, unit)}</title></rect>')
        if goal and goal[i] > 0:
            shapes.append('<g class="target-line">' + "".join(
                f'<rect x="{x + dx}" y="{y(goal[i]) - 6:.1f}" width="12" height="12" fill="{TARGET}"/>'
                for dx in (6, 26, 46, 66, 86)) + "</g>")
    ticks = [(i / 4, _tick(step * i, step)) for i in range(5)]
    labels = [escape(str(label)) for label, _p, _c in periods] + [""] * (columns - len(periods))
    every = max(1, math.ceil(columns / PAIRED_MAX_LABELS))  # a long series names every n-th period
    cells = [(min(every, columns - i), labels[i]) for i in range(0, columns, every)]
    legend = [("box", BAR, current_label), ("box", BASE, previous_label)]
    if goal:
        legend.append(("line", TARGET, f"{target_label} ({previous_label} +{fmt(t, '%')})"))
    plot = _svg(columns * COLUMN_W, PLOT_H, shapes, "chart-marks")
    return _figure("columns", title, _columns(plot, ticks=ticks, unit_label=unit_label, x_cells=cells,
                                              x_label=x_label, legend=_legend(legend)))


# --- horizontal bars ----------------------------------------------------------------------------


def hbar_chart(items: Sequence[tuple[object, Number]], *, title: str = "", unit: str = "", decimals: int = 2,
               target: Number = None, item_targets: Sequence[Number] | None = None,
               target_label: str | None = None, none_label: str | None = None,
               met_label: str | None = None, low_label: str | None = None) -> SafeString:
    """Horizontal bars, one row per ``(label, value)``, each value written beside its bar.

    ``target`` draws a dashed line across every row, labelled under the chart and in the legend;
    ``item_targets`` (one per row, None for "use ``target``") mark a row's own target with a tick,
    its value written beside the row's. A bar below the target that applies to its row is
    ``BAR_LOW``, else ``BAR``. A row whose value is None shows ``none_label`` (default "ไม่มีฐาน")
    instead of a bar; a zero is no bar and the value "0". Negative values grow left of the zero line.
    Labels wrap in their column — never cut."""
    target_label = _("เป้าหมาย") if target_label is None else target_label
    none_label = _("ไม่มีฐาน") if none_label is None else none_label
    met_label = _("ถึงเป้าหมาย") if met_label is None else met_label
    low_label = _("ต่ำกว่าเป้าหมาย") if low_label is None else low_label
    values = [number(v) for _label, v in items]
    t = number(target)
    own = [number(v) for v in item_targets] if item_targets else [None] * len(items)
    known = [v for v in values + own if v is not None] + ([t] if t is not None else [])
    lo = min([0.0, *known])
    hi = max([0.0, *known])
    if hi > 0:
        hi = hi * 1.05  # room past the longest bar and the target line
    span = (hi - lo) or 1.0

    def x(v: float) -> float:
        return (v - lo) / span * TRACK_W

    zero = x(0.0)
    rows, colours = [], set()
    for i, ((label, _v), v) in enumerate(zip(items, values, strict=True)):
        own_t = own[i]
        goal = own_t if own_t is not None else t
        shapes = [f'<rect x="{zero - 2:.1f}" y="0" width="4" height="{ROW_H}" fill="{AXIS}"/>']
        value_text = escape(none_label) if v is None else escape(fmt(v, unit, decimals))
        if v is not None and v != 0:
            x0, x1 = sorted((zero, x(v)))
            color = BAR if goal is None or v >= goal else BAR_LOW
            colours.add(color)
            shapes.append(f'<rect x="{x0:.1f}" y="4" width="{x1 - x0:.1f}" height="{ROW_H - 8}" fill="{color}">'
                          f'<title>{escape(str(label))}: {escape(fmt(v, unit, decimals))}</title></rect>')
        if t is not None:
            shapes.append(_vertical_dashes(x(t), 5, TARGET, "target-line"))
        note = ""
        if own_t is not None and own_t != t:
            shapes.append(f'<rect class="target-line" x="{x(own_t) - 4:.1f}" y="0" width="8" height="{ROW_H}" '
                          f'fill="{TARGET}"/>')
            note = f'<span class="chart-note">{escape(target_label)} {escape(fmt(own_t, unit, decimals))}</span>'
        css = "chart-value chart-none" if v is None else "chart-value"
        rows.append(f'<div class="chart-row"><div class="chart-label">{escape(str(label))}</div>'
                    f'<div class="chart-track">{_svg(TRACK_W, ROW_H, shapes, "chart-marks")}</div>'
                    f'<div class="{css}">{value_text}{note}</div></div>')
    axis = [f'<span class="chart-xtick {_at(zero / TRACK_W)}">{escape(fmt(0.0, unit, 0))}</span>']
    if t is not None:
        axis.append(f'<span class="chart-xtick chart-target {_at(x(t) / TRACK_W)}">'
                    f'{escape(target_label)} {escape(fmt(t, unit, decimals))}</span>')
    rows.append(f'<div class="chart-row chart-axis"><div class="chart-label"></div>'
                f'<div class="chart-track">{"".join(axis)}</div><div class="chart-value"></div></div>')
    legend: list[tuple[str, str, str]] = []
    if t is not None or any(o is not None for o in own):
        if BAR in colours:
            legend.append(("box", BAR, met_label))
        if BAR_LOW in colours:
            legend.append(("box", BAR_LOW, low_label))
    if t is not None:
        legend.append(("line", TARGET, f"{target_label} {fmt(t, unit, decimals)}"))
    if any(o is not None and o != t for o in own):
        legend.append(("tick", TARGET, _("%(target)s เฉพาะแถว (ตัวเลขข้างแถบ)") % {"target": target_label}))
    return _figure("hbar", title, f'<div class="chart-rows">{"".join(rows)}</div>{_legend(legend)}')


def stylesheet() -> str:
    """The charts' CSS (``static/css/charts.css``) for documents that cannot link it (the PDFs), without
    its screen-only part (WeasyPrint, a print medium, would only warn about its media queries)."""
    from django.contrib.staticfiles import finders

    path = finders.find("css/charts.css")
    if not path:
        raise FileNotFoundError("css/charts.css")
    with open(path, encoding="utf-8") as fh:
        return fh.read().split(SCREEN_ONLY, 1)[0]
