"""Stacked bar charts drawn on the server: one bar per row, one coloured segment per series. Pure Python.

The template draws each bar as an SVG of its own between an HTML label and an HTML value, so the text stays
readable at any width and only the bars scale. The chart is a picture of the table beneath it, which holds the same
figures for screen readers and for anyone who would rather read.
"""

from __future__ import annotations

from dataclasses import dataclass

# Okabe and Ito's palette: told apart with every common colour-vision deficiency. Grey is kept for "not insured".
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
GREY = "#8C8C8C"


@dataclass(frozen=True)
class Series:
    label: str
    colour: str


@dataclass(frozen=True)
class Segment:
    colour: str
    start: float  # percent of the track
    width: float


@dataclass(frozen=True)
class Bar:
    label: str
    value: str  # the bar's total as shown
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Chart:
    series: tuple[Series, ...]
    bars: tuple[Bar, ...]


def stacked(series: list[Series], rows: list[tuple[str, list[float | None], str]], top: float | None = None) -> Chart:
    """`rows`: (label, one value per series or None where hidden, total as shown). The track is `top` long (by
    default the longest bar fills it); a hidden value is drawn as nothing."""
    totals = [sum(value or 0 for value in values) for _, values, _ in rows]
    top = top or max(totals, default=0) or 1
    bars = []
    for label, values, shown in rows:
        segments, start = [], 0.0
        for kind, value in zip(series, values, strict=True):
            width = 100 * (value or 0) / top
            if width > 0:
                segments.append(Segment(kind.colour, round(start, 3), round(width, 3)))
            start += width
        bars.append(Bar(label, shown, tuple(segments)))
    return Chart(tuple(series), tuple(bars))
