"""Small server-rendered charts: plain numbers in, SVG shapes out (no JavaScript, no CDN)."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css_class: str
    label: str  # what the bar says, for the <title> tooltip and screen readers


@dataclass(frozen=True)
class BarColumn:
    x: float
    caption: str
    bars: list[Bar]


def stacked_columns(
    series: list[tuple[str, dict[str, int]]], classes: dict[str, str], labels: dict[str, str], *, height: float = 120.0
) -> tuple[list[BarColumn], int]:
    """One column per (caption, {kind: count}); kinds stacked bottom-up in the order of `classes`."""
    highest = max((sum(counts.values()) for _caption, counts in series), default=0) or 1
    step, width = 28.0, 20.0
    columns = []
    for index, (caption, counts) in enumerate(series):
        x, top = index * step + 4, height
        bars = []
        for kind, css_class in classes.items():
            count = counts.get(kind, 0)
            if not count:
                continue
            bar_height = height * count / highest
            top -= bar_height
            bars.append(Bar(x, top, width, bar_height, css_class, f"{caption}: {labels[kind]} {count}"))
        columns.append(BarColumn(x, caption, bars))
    return columns, highest


def horizontal_bars(rows: list[tuple[str, int]], *, width: float = 220.0) -> list[tuple[str, int, float]]:
    """(label, count, bar length) with the longest bar at full width."""
    highest = max((count for _label, count in rows), default=0) or 1
    return [(label, count, width * count / highest) for label, count in rows]


def percent(part: int, whole: int) -> int | None:
    return None if not whole else round(Decimal(100) * part / whole)
