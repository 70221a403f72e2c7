"""The agreement rate over time as an SVG bar chart, drawn on the server: no script, prints as it shows."""

from __future__ import annotations

from markupsafe import Markup, escape

from .agreement import Period
from .labels import percent

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 16, 44  # margins: axis labels left, period labels below
MAX_BAR = 56


def rate_chart(periods: list[Period]) -> Markup:
    """One bar per period: its agreement rate (0-100%), with the number of typed intakes beneath it. A period
    without typed intakes has no bar, and says so."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        'aria-labelledby="rate-chart-title" class="rate-chart" data-testid="rate-chart">',
        '<title id="rate-chart-title">Agreement rate by month</title>',
    ]
    for tick in (0, 25, 50, 75, 100):
        y = TOP + plot_h * (1 - tick / 100)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="axis">{tick}%</text>')
    step = plot_w / max(1, len(periods))
    bar_w = min(MAX_BAR, step * 0.6)
    for index, p in enumerate(periods):
        cx = LEFT + step * (index + 0.5)
        label = escape(p.label)
        parts.append(f'<text x="{cx:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" class="axis">{label}</text>')
        parts.append(
            f'<text x="{cx:.1f}" y="{HEIGHT - BOTTOM + 32}" text-anchor="middle" class="axis muted">n={p.reviewed}</text>'
        )
        rate = p.agreement_rate
        if rate is None:
            y = TOP + plot_h - 6
            parts.append(f'<text x="{cx:.1f}" y="{y:.1f}" text-anchor="middle" class="axis muted">none typed</text>')
            continue
        h = plot_h * rate
        parts.append(
            f'<rect x="{cx - bar_w / 2:.1f}" y="{TOP + plot_h - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
            f'class="bar" data-period="{label}" data-rate="{rate:.4f}"><title>{label}: {percent(rate)} of '
            f"{p.reviewed} agreed</title></rect>"
        )
        parts.append(
            f'<text x="{cx:.1f}" y="{TOP + plot_h - h - 4:.1f}" text-anchor="middle" class="value">{percent(rate)}</text>'
        )
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" class="axis-line"/></svg>'
    )
    return Markup("".join(parts))
