"""The geometry of the "Who owes whom" chart: one row per colleague, referrals given to the left, received to the right.

Pure: numbers in, rectangles out; the template only draws them (no JavaScript, no CDN, no inline style).
"""

from collections.abc import Sequence
from dataclasses import dataclass

LABEL_WIDTH = 160
HALF_WIDTH = 140
ROW_HEIGHT = 22
BAR_HEIGHT = 14
TOP = 24


@dataclass(frozen=True)
class Bar:
    label: str
    given: int
    received: int
    y: int
    text_y: int
    given_x: int
    given_width: int
    received_width: int


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    axis_x: int
    label_width: int
    top: int


def network_chart(rows: Sequence[tuple[str, int, int]]) -> Chart:
    """rows: (label, given count, received count), in the order to draw them."""
    scale_max = max([max(given, received) for _label, given, received in rows] or [0]) or 1
    axis_x = LABEL_WIDTH + HALF_WIDTH
    bars = []
    for index, (label, given, received) in enumerate(rows):
        given_width = round(HALF_WIDTH * given / scale_max)
        y = TOP + index * ROW_HEIGHT
        bars.append(
            Bar(
                label=label,
                given=given,
                received=received,
                y=y,
                text_y=y + BAR_HEIGHT - 3,
                given_x=axis_x - given_width,
                given_width=given_width,
                received_width=round(HALF_WIDTH * received / scale_max),
            )
        )
    return Chart(
        bars=bars,
        width=axis_x + HALF_WIDTH + 40,
        height=TOP + max(len(rows), 1) * ROW_HEIGHT + 4,
        axis_x=axis_x,
        label_width=LABEL_WIDTH,
        top=TOP,
    )
