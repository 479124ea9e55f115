"""Small server-rendered SVG charts; each is shown with its numbers as a table beside it.

Pure: labels and numbers in, SVG markup out. The charts are images with a title and a
description for screen readers; the tables next to them carry every figure (WCAG 1.1.1).
"""

import hashlib
from dataclasses import dataclass
from html import escape

BAR_COLOUR = "#1f5f8b"  # 6.9:1 against white
PLAN_COLOUR = "#6b6b6b"
TEXT = "#1b1b1b"


@dataclass(frozen=True)
class Bar:
    """One labelled value of a bar chart."""

    label: str
    value: float
    text: str  # the value as shown, e.g. "63 %" or "12"


def _svg(width: int, height: int, title: str, description: str, body: str) -> str:
    ident = hashlib.sha1(f"{title}|{description}".encode()).hexdigest()[:10]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="chart-{ident}-title chart-{ident}-desc" class="chart">'
        f'<title id="chart-{ident}-title">{escape(title)}</title>'
        f'<desc id="chart-{ident}-desc">{escape(description)}</desc>{body}</svg>'
    )


def bar_chart(
    bars: list[Bar], *, title: str, description: str, maximum: float | None = None
) -> str:
    """Horizontal bars, one row per label, longest value scaled to the full width."""
    row, label_width, bar_width = 26, 230, 330
    top = max((bar.value for bar in bars), default=0)
    scale = maximum if maximum else (top or 1)
    parts = []
    for index, bar in enumerate(bars):
        y = index * row + 4
        length = 0 if scale == 0 else bar_width * max(bar.value, 0) / scale
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" font-size="13" '
            f'fill="{TEXT}">{escape(bar.label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="16" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + 15}" font-size="13" '
            f'fill="{TEXT}">{escape(bar.text)}</text>'
        )
    height = max(len(bars), 1) * row + 8
    return _svg(label_width + bar_width + 70, height, title, description, "".join(parts))


def line_chart(
    points: list[tuple[str, float, float]], *, title: str, description: str, legend: tuple[str, str]
) -> str:
    """Two cumulative series over months: actual (solid) and planned (dashed)."""
    width, height, left, bottom, top_margin = 640, 300, 56, 40, 30
    plot_w, plot_h = width - left - 20, height - bottom - top_margin
    top = max([max(actual, planned) for _month, actual, planned in points] or [0]) or 1
    count = max(len(points) - 1, 1)

    def xy(index: int, value: float) -> str:
        return f"{left + plot_w * index / count:.1f},{top_margin + plot_h * (1 - value / top):.1f}"

    actual = " ".join(xy(i, a) for i, (_m, a, _p) in enumerate(points))
    planned = " ".join(xy(i, p) for i, (_m, _a, p) in enumerate(points))
    axis = (
        f'<line x1="{left}" y1="{top_margin + plot_h}" x2="{left + plot_w}" '
        f'y2="{top_margin + plot_h}" stroke="{TEXT}"/>'
        f'<line x1="{left}" y1="{top_margin}" x2="{left}" y2="{top_margin + plot_h}" '
        f'stroke="{TEXT}"/>'
        f'<text x="{left - 6}" y="{top_margin + 4}" text-anchor="end" font-size="12" '
        f'fill="{TEXT}">{top:g}</text>'
        f'<text x="{left - 6}" y="{top_margin + plot_h}" text-anchor="end" font-size="12" '
        f'fill="{TEXT}">0</text>'
    )
    ticks = "".join(
        f'<text x="{left + plot_w * i / count:.1f}" y="{height - 18}" text-anchor="middle" '
        f'font-size="11" fill="{TEXT}">{escape(month)}</text>'
        for i, (month, _a, _p) in enumerate(points)
        if i % max(len(points) // 8, 1) == 0
    )
    lines = (
        f'<polyline points="{planned}" fill="none" stroke="{PLAN_COLOUR}" stroke-width="2" '
        f'stroke-dasharray="6 4"/>'
        f'<polyline points="{actual}" fill="none" stroke="{BAR_COLOUR}" stroke-width="3"/>'
    )
    key = (
        f'<line x1="{left}" y1="12" x2="{left + 24}" y2="12" stroke="{BAR_COLOUR}" '
        f'stroke-width="3"/>'
        f'<text x="{left + 30}" y="16" font-size="12" fill="{TEXT}">{escape(legend[0])}</text>'
        f'<line x1="{left + 220}" y1="12" x2="{left + 244}" y2="12" stroke="{PLAN_COLOUR}" '
        f'stroke-width="2" stroke-dasharray="6 4"/>'
        f'<text x="{left + 250}" y="16" font-size="12" fill="{TEXT}">{escape(legend[1])}</text>'
    )
    return _svg(width, height, title, description, axis + ticks + lines + key)
