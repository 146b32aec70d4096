"""The calendar grid's layout: week rows, bars in lanes, what overflows (pure: plain data in, plain data out).

Each booking, hold or time-off period is one bar per week row it touches, drawn in the lowest lane free
on all its days of that week. Spans are placed by rank (time off, then confirmed bookings, then holds),
then by start, so that what matters most keeps a lane when a row has more bars than `max_lanes`: the
rest are counted in that row's "+N more" and listed there once. A row therefore stays the same height
whatever the number of bookings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

WEEK = timedelta(days=7)


class Rank:
    """Which spans keep a lane first when a row is crowded."""

    TIME_OFF = 0
    BOOKING = 1
    HOLD = 2


@dataclass(frozen=True)
class Span:
    start: date
    end: date  # inclusive
    rank: int = Rank.BOOKING
    item: Any = None  # what the page shows for it; the layout never looks inside


@dataclass(frozen=True)
class Bar:
    span: Span
    lane: int  # 0 is the top lane
    column: int  # 1 (Monday) to 7 (Sunday)
    length: int  # days drawn in this row, 1 to 7
    starts_before: bool  # the span began in an earlier week
    ends_after: bool  # the span goes on in a later week


@dataclass(frozen=True)
class WeekRow:
    monday: date
    bars: tuple[Bar, ...]  # lane by lane, left to right
    more: tuple[Span, ...]  # in this week but not drawn (no lane left), by start
    new: tuple[Span, ...]  # first shown in this row: an agenda lists each span once, here
    lanes: int  # lanes drawn

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


def _order(span: Span) -> tuple:
    return (span.rank, span.start, -span.end.toordinal())


def week_rows(spans: Sequence[Span], first: date, last: date, *, max_lanes: int | None = 3) -> list[WeekRow]:
    """The week rows showing [first, last] (whole weeks, Monday to Sunday) and each row's bars.

    `max_lanes=None` draws every span. A span ending before it starts is ignored.
    """
    monday = first - timedelta(days=first.weekday())
    sunday = last + timedelta(days=6 - last.weekday())
    shown = sorted((s for s in spans if s.start <= s.end and s.start <= sunday and s.end >= monday), key=_order)
    rows = []
    while monday <= sunday:
        week_end = monday + timedelta(days=6)
        lanes: list[int] = []  # each lane's days taken, as a 7-bit mask
        bars: list[Bar] = []
        more: list[Span] = []
        new: list[Span] = []
        for span in shown:
            if span.start > week_end or span.end < monday:
                continue
            if span.start >= monday or not rows:
                new.append(span)
            column = max((span.start - monday).days, 0)
            length = min((span.end - monday).days, 6) - column + 1
            mask = ((1 << length) - 1) << column
            lane = next((index for index, taken in enumerate(lanes) if not taken & mask), len(lanes))
            if lane == len(lanes):
                if max_lanes is not None and lane >= max_lanes:
                    more.append(span)
                    continue
                lanes.append(0)
            lanes[lane] |= mask
            bars.append(Bar(span, lane, column + 1, length, span.start < monday, span.end > week_end))
        rows.append(
            WeekRow(
                monday=monday,
                bars=tuple(sorted(bars, key=lambda bar: (bar.lane, bar.column))),
                more=tuple(sorted(more, key=lambda span: (span.start, span.rank, span.end))),
                new=tuple(new),
                lanes=len(lanes),
            )
        )
        monday += WEEK
    return rows
