"""Server-rendered SVG charts (pages and the PDF share them; no JavaScript, no CDN)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

BAR = "#2f6f4f"
BAR_LOW = "#c0504d"
BASE = "#b8c4cc"
TARGET = "#d97a00"
FONT = "'Sarabun Latin', 'Sarabun Thai', Sarabun, sans-serif"


def _num(v) -> float | None:
    return None if v is None or v == "" else float(Decimal(str(v)))


def _fmt(v: float | None, suffix: str = "") -> str:
    return "–" if v is None else f"{v:,.2f}{suffix}"


def percent_bars(items: list[tuple[str, object]], *, target=None, title: str = "",
                 item_targets: list | None = None) -> str:
    """Horizontal bars of increase percentages, one per item, with the target as a dashed line
    (and, with ``item_targets``, each item's own target as a tick on its row)."""
    values = [_num(v) for _label, v in items]
    t = _num(target)
    own = [_num(v) for v in item_targets] if item_targets else [None] * len(items)
    known = [v for v in values + own if v is not None] + ([t] if t is not None else [])
    lo = min([0.0, *known])
    hi = max([1.0, *known])
    span = (hi - lo) or 1.0
    label_w, bar_w, row_h, top = 170, 260, 26, 24
    width = label_w + bar_w + 70
    height = top + row_h * max(len(items), 1) + 20

    def x(v: float) -> float:
        return label_w + (v - lo) / span * bar_w

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'class="chart" font-family="{FONT}" font-size="13"><title>{escape(title)}</title>']
    if title:
        parts.append(f'<text x="0" y="14" font-weight="700">{escape(title)}</text>')
    zero = x(0.0)
    for i, ((label, _v), v) in enumerate(zip(items, values, strict=True)):
        y = top + i * row_h
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(str(label)[:28])}</text>')
        goal = own[i] if own[i] is not None else t
        if own[i] is not None and own[i] != t:
            parts.append(f'<line x1="{x(own[i]):.1f}" y1="{y + 1}" x2="{x(own[i]):.1f}" y2="{y + row_h - 1}" '
                         f'stroke="{TARGET}" stroke-width="3" class="target-line"><title>{escape(_("เป้าหมาย"))} '
                         f'{_fmt(own[i], "%")}</title></line>')
        if v is None:
            parts.append(f'<text x="{zero + 4}" y="{y + 15}" fill="#666">{escape(_("ไม่มีฐาน"))}</text>')
            continue
        x0, x1 = sorted((zero, x(v)))
        color = BAR if goal is None or v >= goal else BAR_LOW
        parts.append(f'<rect x="{x0:.1f}" y="{y + 4}" width="{max(x1 - x0, 1):.1f}" height="{row_h - 8}" '
                     f'fill="{color}"><title>{escape(str(label))}: {_fmt(v, "%")}</title></rect>')
        parts.append(f'<text x="{max(x1, zero) + 4:.1f}" y="{y + 15}">{_fmt(v, "%")}</text>')
    parts.append(f'<line x1="{zero:.1f}" y1="{top - 4}" x2="{zero:.1f}" y2="{height - 16}" stroke="#333"/>')
    if t is not None:
        tx = x(t)
        parts.append(f'<line x1="{tx:.1f}" y1="{top - 6}" x2="{tx:.1f}" y2="{height - 16}" stroke="{TARGET}" '
                     f'stroke-width="2" stroke-dasharray="5 3" class="target-line"/>')
        parts.append(f'<text x="{tx:.1f}" y="{height - 4}" fill="{TARGET}" text-anchor="middle">'
                     f'{escape(_("เป้าหมาย"))} {_fmt(t, "%")}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def trend_chart(months: list[dict], *, target=None, title: str = "") -> str:
    """Monthly income of FY N (bars) beside the same month a year earlier (grey) and the target line:
    the baseline month raised by the target percentage."""
    t = _num(target)
    cur = [_num(m["current"]) or 0.0 for m in months]
    base = [_num(m["baseline"]) or 0.0 for m in months]
    goal = [b * (1 + t / 100) for b in base] if t is not None else []
    hi = max([1.0, *cur, *base, *goal])
    left, plot_h, top, col = 70, 180, 24, 46
    width = left + col * max(len(months), 12) + 10  # always sized for a whole year
    height = top + plot_h + 50

    def y(v: float) -> float:
        return top + plot_h - v / hi * plot_h

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'class="chart" font-family="{FONT}" font-size="11"><title>{escape(title)}</title>']
    if title:
        parts.append(f'<text x="0" y="14" font-weight="700" font-size="12">{escape(title)}</text>')
    for frac in (0, 0.5, 1):
        v = hi * frac
        parts.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{width - 10}" y2="{y(v):.1f}" stroke="#e3e3e3"/>'
                     f'<text x="{left - 4}" y="{y(v) + 4:.1f}" text-anchor="end">{v:,.0f}</text>')
    for i, m in enumerate(months):
        cx = left + i * col
        parts.append(f'<rect x="{cx + 4}" y="{y(base[i]):.1f}" width="12" height="{y(0) - y(base[i]):.1f}" '
                     f'fill="{BASE}"><title>{escape(m["label"])} {escape(_("ปีก่อน"))}: {_fmt(base[i])}</title></rect>')
        parts.append(f'<rect x="{cx + 16}" y="{y(cur[i]):.1f}" width="12" height="{y(0) - y(cur[i]):.1f}" '
                     f'fill="{BAR}"><title>{escape(m["label"])}: {_fmt(cur[i])}</title></rect>')
        parts.append(f'<text x="{cx + 16}" y="{top + plot_h + 14}" text-anchor="middle" font-size="10">'
                     f'{escape(m["label"])}</text>')
    if goal:
        points = " ".join(f"{left + i * col + 16:.1f},{y(g):.1f}" for i, g in enumerate(goal))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{TARGET}" stroke-width="2" '
                     f'stroke-dasharray="5 3" class="target-line"/>')
    legend_y = top + plot_h + 34
    parts.append(f'<rect x="{left}" y="{legend_y - 9}" width="10" height="10" fill="{BAR}"/>'
                 f'<text x="{left + 14}" y="{legend_y}">{escape(_("ปีนี้"))}</text>'
                 f'<rect x="{left + 60}" y="{legend_y - 9}" width="10" height="10" fill="{BASE}"/>'
                 f'<text x="{left + 74}" y="{legend_y}">{escape(_("ปีก่อน"))}</text>')
    if goal:
        parts.append(f'<line x1="{left + 130}" y1="{legend_y - 4}" x2="{left + 150}" y2="{legend_y - 4}" '
                     f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="5 3"/>'
                     f'<text x="{left + 154}" y="{legend_y}">{escape(_("เป้าหมาย"))} (+{_fmt(t, "%")})</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
