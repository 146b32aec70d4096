"""Capacity arithmetic: pure functions, plain data in, plain data out (no database).

A day's capacity is the working week's hours for its weekday, or zero on time off. A booking spreads
its hours evenly over the working days of its range. Free hours on a day are capacity minus bookings,
never below zero.

NOTE: this first version walks day by day; issue #5 replaces it with a version whose cost grows with
the number of bookings, and keeps this one as the reference in the tests.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

ZERO = Decimal(0)
HORIZON_DAYS = 3 * 366  # how far ahead a fit is searched before saying "does not fit"


@dataclass(frozen=True)
class WorkingWeek:
    """Hours available Monday..Sunday."""

    hours: tuple[Decimal, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal]

    def on(self, day: date) -> Decimal:
        return self.hours[day.weekday()]


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive


@dataclass(frozen=True)
class BookedSpan:
    start: date
    end: date  # inclusive
    hours: Decimal
    tentative: bool = False


@dataclass(frozen=True)
class Fit:
    start: date  # the first day with free hours
    finish: date  # the day the requested hours are reached


@dataclass(frozen=True)
class Calendar:
    week: WorkingWeek
    time_off: Sequence[Period] = ()
    bookings: Sequence[BookedSpan] = ()


def _days(start: date, end: date) -> Iterable[date]:
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def day_capacity(calendar: Calendar, day: date) -> Decimal:
    if any(period.start <= day <= period.end for period in calendar.time_off):
        return ZERO
    return calendar.week.on(day)


def _booked_on(calendar: Calendar, day: date, include_tentative: bool) -> Decimal:
    total = ZERO
    for booking in calendar.bookings:
        if booking.tentative and not include_tentative:
            continue
        if booking.start <= day <= booking.end and day_capacity(calendar, day) > 0:
            working = [d for d in _days(booking.start, booking.end) if day_capacity(calendar, d) > 0]
            total += booking.hours / len(working)
    return total


def free_hours(calendar: Calendar, start: date, end: date, *, include_tentative: bool = False) -> Decimal:
    return sum(
        (
            max(ZERO, day_capacity(calendar, day) - _booked_on(calendar, day, include_tentative))
            for day in _days(start, end)
        ),
        ZERO,
    )


def find_fit(
    calendar: Calendar, hours: Decimal, earliest: date, deadline: date | None = None, *, include_tentative: bool = False
) -> Fit | None:
    """When the work can start and when its hours are reached; None if not by the deadline."""
    last = deadline or earliest + timedelta(days=HORIZON_DAYS)
    start, gathered = None, ZERO
    for day in _days(earliest, last):
        free = max(ZERO, day_capacity(calendar, day) - _booked_on(calendar, day, include_tentative))
        if free > 0 and start is None:
            start = day
        gathered += free
        if start is not None and gathered >= hours:
            return Fit(start=start, finish=day)
    return None
