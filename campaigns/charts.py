"""Tiny server-rendered SVG charts (no JavaScript, no CDN): the template draws the shapes."""

from __future__ import annotations


def bar_chart(series, *, width: int = 640, height: int = 180, pad: int = 24) -> dict:
    """series: [(label, value)] -> geometry for templates/campaigns/_bar_chart.svg.html."""
    values = [v or 0 for _, v in series]
    top = max(values, default=0) or 1
    n = max(len(series), 1)
    inner_w, inner_h = width - 2 * pad, height - 2 * pad
    step = inner_w / n
    bar_w = max(step * 0.8, 1)
    bars = []
    for i, (label, value) in enumerate(series):
        h = (value or 0) / top * inner_h
        bars.append({"x": round(pad + i * step + (step - bar_w) / 2, 2), "y": round(pad + inner_h - h, 2),
                     "w": round(bar_w, 2), "h": round(h, 2), "label": label, "value": value or 0})
    every = max(1, n // 8)
    ticks = [b for i, b in enumerate(bars) if i % every == 0]
    return {"width": width, "height": height, "pad": pad, "bars": bars, "ticks": ticks, "max": top,
            "baseline": pad + inner_h, "label_y": height - 6}
