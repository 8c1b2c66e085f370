"""THE chart module: server-rendered SVG charts for pages and PDFs (no JavaScript, no CDN).

Every function takes plain (label, value) data — labels already formatted by the caller (a Thai
month, a channel name), values as numbers, Decimals, numeric strings or None — and returns an SVG
element ready to drop into a template (``{{ chart }}``) or a WeasyPrint PDF. Every text in it is
escaped, so it is returned as safe HTML.

- ``bar_chart``: vertical bars, one per item (clicks per day, reach per channel); long series
  show every n-th label under the axis.
- ``hbar_chart``: horizontal bars with each value written beside its bar (increase per district),
  an optional target line for all rows and per-row targets; a bar below its target is drawn in
  ``BAR_LOW``, a row without a value says so.
- ``paired_bar_chart``: per period the previous value (grey) beside the current one, and an
  optional target line — the previous value raised by the target percentage (this year's
  income against last year's).

Styling: the ``<svg>`` has ``class="chart"``, target lines ``class="target-line"``; size it in CSS
(``svg.chart { width: 100%; height: auto; }``).
"""

from __future__ import annotations

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
FONT = "'Sarabun Latin', 'Sarabun Thai', Sarabun, sans-serif"

Number = int | float | Decimal | str | None


def number(value: Number) -> float | None:
    """A chart value as a float; None (or "") stays None: "no value", not zero."""
    return None if value is None or value == "" else float(Decimal(str(value)))


def fmt(value: float | None, unit: str = "", decimals: int = 2) -> str:
    """1234.5 -> "1,234.50" (+ unit); None -> "–"."""
    return "–" if value is None else f"{value:,.{decimals}f}{unit}"


def _open(width: float, height: float, title: str, font_size: int) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'class="chart" font-family="{FONT}" font-size="{font_size}" aria-label="{escape(title)}">'
            f'<title>{escape(title)}</title>']


def _close(parts: list[str]) -> SafeString:
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped where it is written


def bar_chart(items: Sequence[tuple[object, Number]], *, title: str = "", unit: str = "", decimals: int = 0,
              tick_labels: Sequence[object] | None = None, width: int = 640, height: int = 180, pad: int = 24,
              max_ticks: int = 8) -> SafeString:
    """Vertical bars, one per ``(label, value)``; a missing value is drawn as 0.

    ``label`` is shown in each bar's tooltip (with the value and ``unit``); ``tick_labels`` (one per
    item, default the labels) are written under the axis, about ``max_ticks`` of them (every n-th).
    The highest value is written at the top of the axis."""
    values = [number(v) or 0.0 for _label, v in items]
    top = max(values, default=0.0) or 1.0
    n = max(len(items), 1)
    inner_w, inner_h = width - 2 * pad, height - 2 * pad
    step = inner_w / n
    bar_w = max(step * 0.8, 1)
    baseline = pad + inner_h
    ticks = list(tick_labels) if tick_labels is not None else [label for label, _v in items]
    parts = _open(width, height, title, 11)
    parts.append(f'<line x1="{pad}" y1="{baseline}" x2="{width}" y2="{baseline}" stroke="#999"/>'
                 f'<text x="2" y="{pad}">{fmt(max(values, default=0.0), decimals=decimals)}</text>')
    every = max(1, n // max_ticks)
    for i, ((label, _v), value) in enumerate(zip(items, values, strict=True)):
        h = value / top * inner_h
        x = pad + i * step + (step - bar_w) / 2
        parts.append(f'<rect class="bar" x="{x:.2f}" y="{baseline - h:.2f}" width="{bar_w:.2f}" height="{h:.2f}" '
                     f'fill="{BAR}"><title>{escape(str(label))}: {fmt(value, unit, decimals)}</title></rect>')
        if i % every == 0 and i < len(ticks):
            parts.append(f'<text x="{x:.2f}" y="{height - 6}">{escape(str(ticks[i]))}</text>')
    return _close(parts)


def hbar_chart(items: Sequence[tuple[object, Number]], *, title: str = "", unit: str = "", decimals: int = 2,
               target: Number = None, item_targets: Sequence[Number] | None = None,
               target_label: str | None = None, none_label: str | None = None,
               label_chars: int = 28) -> SafeString:
    """Horizontal bars, one row per ``(label, value)``, each value written beside its bar.

    ``target`` draws a dashed line across every row (labelled under the chart); ``item_targets``
    (one per row, None for "use ``target``") mark a row's own target with a tick. A bar below the
    target that applies to its row is ``BAR_LOW``, else ``BAR``. A row whose value is None shows
    ``none_label`` (default "ไม่มีฐาน") instead of a bar. Negative values grow left of the zero line."""
    target_label = _("เป้าหมาย") if target_label is None else target_label
    none_label = _("ไม่มีฐาน") if none_label is None else none_label
    values = [number(v) for _label, v in items]
    t = number(target)
    own = [number(v) for v in item_targets] if item_targets else [None] * len(items)
    known = [v for v in values + own if v is not None] + ([t] if t is not None else [])
    lo = min([0.0, *known])
    hi = max([1.0, *known])
    span = (hi - lo) or 1.0
    label_w, bar_w, row_h, top = 170, 260, 26, 24
    width = label_w + bar_w + 70
    height = top + row_h * max(len(items), 1) + 20

    def x(v: float) -> float:
        return label_w + (v - lo) / span * bar_w

    parts = _open(width, height, title, 13)
    if title:
        parts.append(f'<text x="0" y="14" font-weight="700">{escape(title)}</text>')
    zero = x(0.0)
    for i, ((label, _v), v) in enumerate(zip(items, values, strict=True)):
        y = top + i * row_h
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">'
                     f'{escape(str(label)[:label_chars])}</text>')
        own_t = own[i]
        goal = own_t if own_t is not None else t
        if own_t is not None and own_t != t:
            parts.append(f'<line x1="{x(own_t):.1f}" y1="{y + 1}" x2="{x(own_t):.1f}" y2="{y + row_h - 1}" '
                         f'stroke="{TARGET}" stroke-width="3" class="target-line"><title>{escape(target_label)} '
                         f'{fmt(own_t, unit, decimals)}</title></line>')
        if v is None:
            parts.append(f'<text x="{zero + 4}" y="{y + 15}" fill="#666">{escape(none_label)}</text>')
            continue
        x0, x1 = sorted((zero, x(v)))
        color = BAR if goal is None or v >= goal else BAR_LOW
        parts.append(f'<rect x="{x0:.1f}" y="{y + 4}" width="{max(x1 - x0, 1):.1f}" height="{row_h - 8}" '
                     f'fill="{color}"><title>{escape(str(label))}: {fmt(v, unit, decimals)}</title></rect>')
        parts.append(f'<text x="{max(x1, zero) + 4:.1f}" y="{y + 15}">{fmt(v, unit, decimals)}</text>')
    parts.append(f'<line x1="{zero:.1f}" y1="{top - 4}" x2="{zero:.1f}" y2="{height - 16}" stroke="{AXIS}"/>')
    if t is not None:
        tx = x(t)
        parts.append(f'<line x1="{tx:.1f}" y1="{top - 6}" x2="{tx:.1f}" y2="{height - 16}" stroke="{TARGET}" '
                     f'stroke-width="2" stroke-dasharray="5 3" class="target-line"/>')
        parts.append(f'<text x="{tx:.1f}" y="{height - 4}" fill="{TARGET}" text-anchor="middle">'
                     f'{escape(target_label)} {fmt(t, unit, decimals)}</text>')
    return _close(parts)


def paired_bar_chart(periods: Sequence[tuple[object, Number, Number]], *, title: str = "",
                     target_percent: Number = None, current_label: str | None = None,
                     previous_label: str | None = None, target_label: str | None = None, unit: str = "",
                     min_columns: int = 12) -> SafeString:
    """Per period ``(label, previous, current)``: the previous value (grey) beside the current one
    (``BAR``); missing values are 0. With ``target_percent`` a dashed line joins, per period, the
    previous value raised by that percentage — what the current value has to reach. The plot is
    sized for at least ``min_columns`` periods (a whole year), so charts of a year line up."""
    current_label = _("ปีนี้") if current_label is None else current_label
    previous_label = _("ปีก่อน") if previous_label is None else previous_label
    target_label = _("เป้าหมาย") if target_label is None else target_label
    t = number(target_percent)
    cur = [number(current) or 0.0 for _label, _previous, current in periods]
    base = [number(previous) or 0.0 for _label, previous, _current in periods]
    goal = [b * (1 + t / 100) for b in base] if t is not None else []
    hi = max([1.0, *cur, *base, *goal])
    left, plot_h, top, col = 70, 180, 24, 46
    width = left + col * max(len(periods), min_columns) + 10
    height = top + plot_h + 50

    def y(v: float) -> float:
        return top + plot_h - v / hi * plot_h

    parts = _open(width, height, title, 11)
    if title:
        parts.append(f'<text x="0" y="14" font-weight="700" font-size="12">{escape(title)}</text>')
    for frac in (0, 0.5, 1):
        v = hi * frac
        parts.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{width - 10}" y2="{y(v):.1f}" stroke="{GRID}"/>'
                     f'<text x="{left - 4}" y="{y(v) + 4:.1f}" text-anchor="end">{v:,.0f}</text>')
    for i, (label, _previous, _current) in enumerate(periods):
        cx = left + i * col
        name = escape(str(label))
        parts.append(f'<rect x="{cx + 4}" y="{y(base[i]):.1f}" width="12" height="{y(0) - y(base[i]):.1f}" '
                     f'fill="{BASE}"><title>{name} {escape(previous_label)}: {fmt(base[i], unit)}</title></rect>')
        parts.append(f'<rect x="{cx + 16}" y="{y(cur[i]):.1f}" width="12" height="{y(0) - y(cur[i]):.1f}" '
                     f'fill="{BAR}"><title>{name}: {fmt(cur[i], unit)}</title></rect>')
        parts.append(f'<text x="{cx + 16}" y="{top + plot_h + 14}" text-anchor="middle" font-size="10">'
                     f'{name}</text>')
    if goal:
        points = " ".join(f"{left + i * col + 16:.1f},{y(g):.1f}" for i, g in enumerate(goal))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{TARGET}" stroke-width="2" '
                     f'stroke-dasharray="5 3" class="target-line"/>')
    legend_y = top + plot_h + 34
    parts.append(f'<rect x="{left}" y="{legend_y - 9}" width="10" height="10" fill="{BAR}"/>'
                 f'<text x="{left + 14}" y="{legend_y}">{escape(current_label)}</text>'
                 f'<rect x="{left + 60}" y="{legend_y - 9}" width="10" height="10" fill="{BASE}"/>'
                 f'<text x="{left + 74}" y="{legend_y}">{escape(previous_label)}</text>')
    if goal:
        parts.append(f'<line x1="{left + 130}" y1="{legend_y - 4}" x2="{left + 150}" y2="{legend_y - 4}" '
                     f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="5 3"/>'
                     f'<text x="{left + 154}" y="{legend_y}">{escape(target_label)} (+{fmt(t, "%")})</text>')
    return _close(parts)
