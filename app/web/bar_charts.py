"""Small inline SVG bar charts for the pages: geometry computed here, drawn by a template
(no chart library, no script: the chart prints and works offline). Each chart comes with a
table of the same figures on its page, so the SVG is marked up as an image with a title."""

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Bar", "BarChart", "grouped_bars"]


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int  # which of the chart's series (0, 1, ...): its colour
    title: str  # the figure as people read it, e.g. "1.500 kg" (an SVG <title> tooltip)


@dataclass(frozen=True, slots=True)
class Label:
    x: float
    text: str


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    labels: list[Label]
    top_value: float  # the value of the chart's top edge
    top_text: str


def grouped_bars(
    groups: Sequence[tuple[str, Sequence[tuple[float, str]]]],
    *,
    width: int = 640,
    height: int = 200,
    label_room: int = 28,
    top_text: str = "",
) -> BarChart:
    """One group of bars per (label, [(value, text) per series]); values >= 0 on one scale.
    Empty or all-zero input gives a chart with no bars."""
    series = max((len(values) for _, values in groups), default=1) or 1
    top = max((value for _, values in groups for value, _ in values), default=0.0)
    plot_height = height - label_room
    slot = width / max(len(groups), 1)
    bar_width = max(min(slot * 0.8 / series, 48.0), 2.0)
    bars: list[Bar] = []
    labels: list[Label] = []
    for index, (label, values) in enumerate(groups):
        left = index * slot + (slot - bar_width * series) / 2
        for position, (value, text) in enumerate(values):
            bar_height = 0.0 if top <= 0 else max(value, 0.0) / top * (plot_height - 8)
            bars.append(
                Bar(
                    x=round(left + position * bar_width, 1),
                    y=round(plot_height - bar_height, 1),
                    width=round(bar_width - 1, 1),
                    height=round(bar_height, 1),
                    series=position,
                    title=f"{label}: {text}",
                )
            )
        # about 6 px per character at the axis' font size: a label keeps to its slot
        room = max(int(slot / 6.2), 3)
        text = label if len(label) <= room else label[: room - 1].rstrip() + "…"
        labels.append(Label(x=round(index * slot + slot / 2, 1), text=text))
    return BarChart(
        width=width,
        height=height,
        baseline=plot_height,
        bars=bars,
        labels=labels,
        top_value=top,
        top_text=top_text,
    )
