"""Capacity arithmetic: pure functions, plain data in, plain data out (no database).

Semantics
- A day's capacity is the working week's hours for its weekday, or zero on time off.
- A booking spreads its hours evenly over the days of its range that have capacity. A booking
  whose whole range has no capacity (a weekend, a holiday) counts nowhere: it cannot be worked.
- Booked hours on a day are the sum of those shares (they may exceed the capacity: over-booking);
  free hours on a day are capacity minus booked hours, never below zero.

How it stays exact and fast
- Amounts are exact rationals (`Fraction`) inside, and rounded once, at the end, to the hundredth
  of an hour: three bookings of 10 h over 3 days do not leave 0.0000001 h behind.
- Nothing walks day by day. Between two change points (a booking starting or ending, time off
  starting or ending) the booked rate per working day is constant, so a stretch of days is
  summed with weekday counts computed arithmetically. The cost grows with the number of bookings
  and time-off periods in the window, not with days x bookings.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

ZERO = Decimal(0)
HORIZON_DAYS = 3 * 366  # how far ahead a fit is searched before saying "does not fit"
ONE_DAY = timedelta(days=1)
TYPICAL_REQUEST_HOURS = Decimal(35)  # "booked until": when a project of this size could start


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

    def prepared(self, include_tentative: bool) -> _Prepared:
        """Made ready for sweeping once: a page asks one calendar several questions (the calendar page six)."""
        return self._with_holds if include_tentative else self._firm_only

    _with_holds = cached_property(lambda self: _Prepared(self, include_tentative=True))
    _firm_only = cached_property(lambda self: _Prepared(self, include_tentative=False))


class Level:
    """How loaded a week is; the heat-map's classes."""

    OFF = "off"  # no capacity at all (time off, or no working day)
    FREE = "free"
    BUSY = "busy"
    FULL = "full"
    OVER = "over"


BUSY_FROM = Fraction(1, 2)
FULL_FROM = Fraction(9, 10)


@dataclass(frozen=True)
class WeekLoad:
    year: int  # ISO year
    week: int  # ISO week number
    monday: date
    capacity: Decimal
    booked: Decimal  # firm bookings
    held: Decimal  # tentative holds
    ratio: Decimal | None  # load / capacity (holds counted if asked); None without capacity
    level: str
    free: Decimal = ZERO  # what a new request could use, day by day, as find_fit counts it

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def percent(self) -> int | None:
        return None if self.ratio is None else int((self.ratio * 100).to_integral_value())


@dataclass(frozen=True)
class DayLoad:
    day: date
    capacity: Decimal
    booked: Decimal
    held: Decimal
    free: Decimal  # free of firm bookings and, if asked, of holds
    off: bool  # inside a time-off period


def to_hours(value: Fraction) -> Decimal:
    """The one rounding: an exact amount to the hundredth of an hour (half to even)."""
    return Decimal(round(value * 100)).scaleb(-2)


def load_level(load: Fraction, capacity: Fraction) -> str:
    if capacity <= 0:
        return Level.OFF
    ratio = load / capacity
    if ratio > 1:
        return Level.OVER
    if ratio >= FULL_FROM:
        return Level.FULL
    if ratio >= BUSY_FROM:
        return Level.BUSY
    return Level.FREE


# --- Arithmetic on weekdays --------------------------------------------------------------------


def weekday_counts(start: date, end: date) -> list[int]:
    """How many Mondays, Tuesdays... lie in [start, end], without walking the days."""
    days = (end - start).days + 1
    if days <= 0:
        return [0] * 7
    full, rest = divmod(days, 7)
    first = start.weekday()
    return [full + (1 if (weekday - first) % 7 < rest else 0) for weekday in range(7)]


def _exact(value) -> Fraction | int:
    exact = Fraction(value)
    return exact.numerator if exact.denominator == 1 else exact


class _Prepared:
    """One calendar made ready for sweeping: merged time off, each booking's daily share."""

    def __init__(self, calendar: Calendar, include_tentative: bool):
        self.week = [_exact(hours) for hours in calendar.week.hours]
        self.working = [hours > 0 for hours in self.week]
        self.busiest = max(self.week)
        self._free_cache: dict = {}
        self.off = _merge(calendar.time_off)
        self.off_starts = [start for start, _end in self.off]
        self.off_ends = [end for _start, end in self.off]
        self.off_prefix = [0]
        for start, end in self.off:
            self.off_prefix.append(self.off_prefix[-1] + self._working_days(start, end))
        self.shares: list[tuple[date, date, Fraction | int, bool]] = []
        rates: dict = {}
        for booking in calendar.bookings:
            if booking.tentative and not include_tentative:
                continue
            days = self.capacity_days(booking.start, booking.end)
            if days and booking.hours:
                key = (booking.hours, days)
                if key not in rates:
                    rates[key] = _exact(Fraction(booking.hours) / days)
                self.shares.append((booking.start, booking.end, rates[key], booking.tentative))

    def _working_days(self, start: date, end: date) -> int:
        counts = weekday_counts(start, end)
        return sum(count for count, working in zip(counts, self.working, strict=True) if working)

    def capacity_days(self, start: date, end: date) -> int:
        """Days of [start, end] with capacity: working weekdays minus those inside time off."""
        if end < start:
            return 0
        days = self._working_days(start, end)
        first = bisect_left(self.off_ends, start)  # first period ending on or after start
        last = bisect_right(self.off_starts, end) - 1  # last period starting on or before end
        if first > last:
            return days
        days -= self.off_prefix[last + 1] - self.off_prefix[first]
        for index in {first, last}:  # the two edge periods may stick out of [start, end]
            off_start, off_end = self.off[index]
            days += self._working_days(off_start, off_end)
            days -= self._working_days(max(start, off_start), min(end, off_end))
        return days

    def segments(self, start: date, end: date) -> Iterator[tuple[date, date, Fraction, Fraction, bool]]:
        """Stretches of [start, end] with constant state: (first, last, firm rate, held rate, off)."""
        events: list[tuple[date, Fraction | int, Fraction | int, int]] = []
        for share_start, share_end, rate, tentative in self.shares:
            if share_end < start or share_start > end:
                continue
            firm, held = (0, rate) if tentative else (rate, 0)
            events.append((max(share_start, start), firm, held, 0))
            if share_end < end:
                events.append((share_end + ONE_DAY, -firm, -held, 0))
        for off_start, off_end in self.off[bisect_left(self.off_ends, start) :]:
            if off_start > end:
                break
            events.append((max(off_start, start), 0, 0, 1))
            if off_end < end:
                events.append((off_end + ONE_DAY, 0, 0, -1))
        events.sort(key=lambda event: event[0])
        firm, held, off, current = 0, 0, 0, start
        for day, firm_change, held_change, off_change in events:
            if day > current:
                yield current, day - ONE_DAY, firm, held, off > 0
                current = day
            if firm_change:
                firm += firm_change
            if held_change:
                held += held_change
            off += off_change
        if current <= end:
            yield current, end, firm, held, off > 0

    def free_per_weekday(self, rate: Fraction | int) -> tuple[list, Fraction | int]:
        """Free hours on each weekday at a booked rate, and their weekly sum (remembered per rate)."""
        known = self._free_cache.get(rate)
        if known is None:
            if not rate:
                daily = self.week
            elif rate >= self.busiest:
                daily = [0] * 7
            else:
                daily = [hours - rate if hours > rate else 0 for hours in self.week]
            known = self._free_cache[rate] = (daily, sum(daily))
        return known


def _merge(periods: Sequence[Period]) -> list[tuple[date, date]]:
    merged: list[list[date]] = []
    for period in sorted(periods, key=lambda p: p.start):
        if period.end < period.start:
            continue
        if merged and period.start - merged[-1][1] <= ONE_DAY:  # overlapping or adjacent
            merged[-1][1] = max(merged[-1][1], period.end)
        else:
            merged.append([period.start, period.end])
    return [(start, end) for start, end in merged]


# --- The public questions ------------------------------------------------------------------------


def free_hours(calendar: Calendar, start: date, end: date, *, include_tentative: bool = False) -> Decimal:
    """Free hours between start and end inclusive (firm bookings only, unless holds count too)."""
    prepared = calendar.prepared(include_tentative)
    total: Fraction | int = 0
    for first, last, firm, held, off in prepared.segments(start, end):
        if off:
            continue
        daily, weekly = prepared.free_per_weekday(firm + held)
        if weekly:
            counts = weekday_counts(first, last)
            total += sum(count * free for count, free in zip(counts, daily, strict=True) if free)
    return to_hours(total)


def find_fit(
    calendar: Calendar, hours: Decimal, earliest: date, deadline: date | None = None, *, include_tentative: bool = False
) -> Fit | None:
    """When the work can start and when its hours are reached; None if not by the deadline.

    Without a deadline the search stops HORIZON_DAYS after `earliest`. An ordered walk over the
    stretches between change points: whole weeks are skipped arithmetically, at most a week of
    days is looked at one by one, once, where the hours are reached.
    """
    last_day = deadline or earliest + timedelta(days=HORIZON_DAYS)
    prepared = calendar.prepared(include_tentative)
    needed = _exact(hours)
    start: date | None = None
    gathered: Fraction | int = 0
    for first, last, firm, held, off in prepared.segments(earliest, last_day):
        if off:
            continue
        daily, weekly = prepared.free_per_weekday(firm + held)
        if not weekly:
            continue
        if start is None:
            offset = next(k for k in range(7) if daily[(first.weekday() + k) % 7])
            if first + timedelta(days=offset) > last:
                continue
            start = first = first + timedelta(days=offset)
        remaining = needed - gathered
        counts = weekday_counts(first, last)
        in_stretch = sum(count * free for count, free in zip(counts, daily, strict=True) if free)
        if in_stretch < remaining:
            gathered += in_stretch
            continue
        whole_weeks = max(0, math.ceil(remaining / weekly) - 1)
        day = first + timedelta(weeks=whole_weeks)
        reached = whole_weeks * weekly
        while True:
            reached += daily[day.weekday()]
            if reached >= remaining:
                return Fit(start=start, finish=day)
            day += ONE_DAY
    return None


def weekly_utilisation(
    calendar: Calendar, start: date, end: date, *, include_tentative: bool = False
) -> list[WeekLoad]:
    """The load of every ISO week touching [start, end], whole weeks, Monday to Sunday.

    Like find_fit, the load counts firm bookings only unless asked (holds are reported apart, in `held`),
    so a week with free hours and "a request could start on ..." never contradict each other. Booked
    hours are not capped: an over-booked week shows a ratio above 1 (over 100 %).
    """
    monday = start - timedelta(days=start.weekday())
    sunday = end + timedelta(days=6 - end.weekday())
    prepared = calendar.prepared(include_tentative=True)
    weeks = (sunday - monday).days // 7 + 1
    capacity = [Fraction(0)] * weeks
    booked = [Fraction(0)] * weeks
    held = [Fraction(0)] * weeks
    free = [Fraction(0)] * weeks
    for first, last, firm, hold, off in prepared.segments(monday, sunday):
        if off:
            continue
        index = (first - monday).days // 7
        while first <= last:
            week_end = monday + timedelta(weeks=index, days=6)
            piece_end = min(last, week_end)
            counts = weekday_counts(first, piece_end)
            hours = sum(count * week_hours for count, week_hours in zip(counts, prepared.week, strict=True))
            days = sum(count for count, working in zip(counts, prepared.working, strict=True) if working)
            capacity[index] += hours
            booked[index] += firm * days
            held[index] += hold * days
            daily, _weekly = prepared.free_per_weekday(firm + (hold if include_tentative else 0))
            free[index] += sum(count * spare for count, spare in zip(counts, daily, strict=True) if spare)
            first, index = piece_end + ONE_DAY, index + 1
    loads = []
    for index in range(weeks):
        week_monday = monday + timedelta(weeks=index)
        load = booked[index] + (held[index] if include_tentative else 0)
        iso = week_monday.isocalendar()
        ratio = None if capacity[index] <= 0 else load / capacity[index]
        loads.append(
            WeekLoad(
                year=iso.year,
                week=iso.week,
                monday=week_monday,
                capacity=to_hours(capacity[index]),
                booked=to_hours(booked[index]),
                held=to_hours(held[index]),
                ratio=None if ratio is None else Decimal(round(ratio * 10000)).scaleb(-4),
                level=load_level(load, capacity[index]),
                free=to_hours(free[index]),
            )
        )
    return loads


def day_loads(calendar: Calendar, start: date, end: date, *, include_tentative: bool = True) -> list[DayLoad]:
    """Each day of [start, end] (a month or a week on screen): capacity, booked, held, free."""
    prepared = calendar.prepared(include_tentative=True)
    days = []
    for first, last, firm, hold, off in prepared.segments(start, end):
        day = first
        while day <= last:
            hours = 0 if off else prepared.week[day.weekday()]
            booked, held = (firm, hold) if hours > 0 else (0, 0)
            load = booked + (held if include_tentative else 0)
            days.append(
                DayLoad(
                    day=day,
                    capacity=to_hours(Fraction(hours)),
                    booked=to_hours(Fraction(booked)),
                    held=to_hours(Fraction(held)),
                    free=to_hours(max(Fraction(0), hours - load)),
                    off=off,
                )
            )
            day += ONE_DAY
    return days
