"""Small charts drawn on the server as inline SVG (no chart library, nothing to download).

`monthly_bars`: one bar per month against a level (capacity against the monthly quota):
reported months solid, estimated months hatched, months under the level in red, the level
a dashed line. The SVG is an image with a title and a description that reads every month's
figure, so a screen reader gets what the picture shows.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import count

from markupsafe import Markup, escape

from app.months import month_name
from app.web import i18n

__all__ = ["MonthBar", "monthly_bars"]

_ids = count(1)

# About 280 px wide whatever the months (narrower bars for longer windows, never under 14).
CHART_WIDTH = 280
MIN_BAR_STEP = 14
HEIGHT = 130
TOP, BOTTOM, LEFT = 16, 18, 4
OK, SHORT, LEVEL = "#0b5cad", "#a4161a", "#1b1f23"


@dataclass(frozen=True, slots=True)
class MonthBar:
    month: date
    value_kg: float | None  # None: no figure (the month has no capacity at all)
    estimated: bool


def monthly_bars(
    bars: Sequence[MonthBar], level_kg: float, lang: str, *, title: str, level_label: str
) -> Markup:
    """An SVG of `bars` against `level_kg`; `title` names it, `level_label` the line."""
    t = i18n.translations(lang)
    uid = f"chart{next(_ids)}"
    step = max(MIN_BAR_STEP, (CHART_WIDTH - 2 * LEFT) // max(len(bars), 1))
    width = LEFT * 2 + step * max(len(bars), 1)
    plot = HEIGHT - TOP - BOTTOM
    top_value = max([level_kg, *[b.value_kg or 0.0 for b in bars]]) or 1.0
    scale = plot / (top_value * 1.1)
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{uid}-t {uid}-d" '
        f'viewBox="0 0 {width} {HEIGHT}" width="{width}" height="{HEIGHT}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{uid}-t">{escape(title)}</title>',
    ]
    described = []
    for bar in bars:
        if bar.value_kg is None:
            state = t.gettext("no figure")
        else:
            state = t.gettext("estimated") if bar.estimated else t.gettext("reported")
        figure = i18n.format_kg(bar.value_kg, lang) if bar.value_kg is not None else "–"
        described.append(f"{month_name(bar.month, lang)}: {figure} ({state})")
    level_text = f"{level_label} {i18n.format_kg(level_kg, lang)}"
    parts.append(f'<desc id="{uid}-d">{escape(level_text)}. {escape("; ".join(described))}</desc>')
    parts.append(
        f'<defs><pattern id="{uid}-h" width="4" height="4" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="4" height="4" fill="#fff"/>'
        f'<line x1="0" y1="0" x2="0" y2="4" stroke="{OK}" stroke-width="2"/></pattern>'
        f'<pattern id="{uid}-s" width="4" height="4" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="4" height="4" fill="#fff"/>'
        f'<line x1="0" y1="0" x2="0" y2="4" stroke="{SHORT}" stroke-width="2"/></pattern></defs>'
    )
    base = HEIGHT - BOTTOM
    for position, bar in enumerate(bars):
        x = LEFT + position * step + 2
        value = bar.value_kg or 0.0
        short = value < level_kg
        colour = SHORT if short else OK
        height = max(value * scale, 1.0 if bar.value_kg is not None else 0.0)
        fill = f"url(#{uid}-{'s' if short else 'h'})" if bar.estimated else colour
        kind = "estimated" if bar.estimated else "reported"
        parts.append(
            f'<rect class="bar {kind}{" short" if short else ""}" x="{x}" '
            f'y="{base - height:.1f}" width="{step - 4}" height="{height:.1f}" '
            f'fill="{fill}" stroke="{colour}" stroke-width="1"/>'
        )
        if len(bars) <= 12 or position % 3 == 0:
            label = month_name(bar.month, lang).split(" ")[0]
            parts.append(
                f'<text x="{x + (step - 4) / 2:.1f}" y="{HEIGHT - 5}" font-size="10" '
                f'text-anchor="middle" fill="{LEVEL}">{escape(label)}</text>'
            )
    y = base - level_kg * scale
    parts.append(
        f'<line class="level" x1="{LEFT}" x2="{width - LEFT}" y1="{y:.1f}" y2="{y:.1f}" '
        f'stroke="{LEVEL}" stroke-width="1.5" stroke-dasharray="4 3"/>'
    )
    parts.append(
        f'<text x="{LEFT}" y="{max(y - 3, 10):.1f}" font-size="10" fill="{LEVEL}">'
        f"{escape(level_text)}</text>"
    )
    parts.append("</svg>")
    return Markup("".join(parts))
