"""The capacity arithmetic, as a specification: hand-computed cases, then the fast version against a
naive day-by-day reference on random calendars (hypothesis)."""

from datetime import date, timedelta
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projects import capacity
from projects.capacity import (
    BookedSpan,
    Calendar,
    Fit,
    Level,
    Period,
    WorkingWeek,
    day_loads,
    find_fit,
    free_hours,
    weekly_utilisation,
)

# --- The naive reference: every day, and for each day every booking ------------------------------


def rounded(value: Fraction) -> D:
    return D(round(value * 100)).scaleb(-2)


def each_day(start: date, end: date):
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def naive_capacity(calendar: Calendar, day: date) -> Fraction:
    if any(period.start <= day <= period.end for period in calendar.time_off):
        return Fraction(0)
    return Fraction(calendar.week.on(day))


def naive_booked(calendar: Calendar, day: date, include_tentative: bool, *, only_tentative: bool = False) -> Fraction:
    """Each booking's hours spread evenly over the days of its range that have capacity."""
    total = Fraction(0)
    if naive_capacity(calendar, day) == 0:
        return total
    for booking in calendar.bookings:
        if (booking.tentative and not include_tentative) or (only_tentative and not booking.tentative):
            continue
        if booking.start <= day <= booking.end:
            working = sum(1 for d in each_day(booking.start, booking.end) if naive_capacity(calendar, d) > 0)
            total += Fraction(booking.hours) / working
    return total


def naive_free(calendar: Calendar, day: date, include_tentative: bool) -> Fraction:
    return max(Fraction(0), naive_capacity(calendar, day) - naive_booked(calendar, day, include_tentative))


def naive_free_hours(calendar, start, end, *, include_tentative=False) -> D:
    return rounded(sum((naive_free(calendar, day, include_tentative) for day in each_day(start, end)), Fraction(0)))


def naive_find_fit(calendar, hours, earliest, deadline=None, *, include_tentative=False) -> Fit | None:
    last = deadline or earliest + timedelta(days=capacity.HORIZON_DAYS)
    start, gathered = None, Fraction(0)
    for day in each_day(earliest, last):
        free = naive_free(calendar, day, include_tentative)
        if free > 0 and start is None:
            start = day
        gathered += free
        if start is not None and gathered >= Fraction(hours):
            return Fit(start=start, finish=day)
    return None


def naive_weekly(calendar, start, end, *, include_tentative=True):
    monday = start - timedelta(days=start.weekday())
    rows = []
    while monday <= end:
        week = list(each_day(monday, monday + timedelta(days=6)))
        cap = sum((naive_capacity(calendar, d) for d in week), Fraction(0))
        firm = sum((naive_booked(calendar, d, False) for d in week), Fraction(0))
        held = sum((naive_booked(calendar, d, True, only_tentative=True) for d in week), Fraction(0))
        load = firm + (held if include_tentative else 0)
        ratio = None if not cap else D(round(load / cap * 10000)).scaleb(-4)
        free = sum((naive_free(calendar, d, include_tentative) for d in week), Fraction(0))
        rows.append((monday, rounded(cap), rounded(firm), rounded(held), ratio, rounded(free)))
        monday += timedelta(days=7)
    return rows


# --- Hand-computed cases ---------------------------------------------------------------------------

MON = date(2025, 1, 6)  # a Monday
TUE, WED, THU, FRI, SAT, SUN = (MON + timedelta(days=n) for n in range(1, 7))
NEXT_MON = MON + timedelta(days=7)
NEXT_FRI = FRI + timedelta(days=7)
SEVEN_HOURS_WEEKDAYS = WorkingWeek((D(7), D(7), D(7), D(7), D(7), D(0), D(0)))


def cal(*bookings, off=()):
    return Calendar(week=SEVEN_HOURS_WEEKDAYS, time_off=tuple(off), bookings=tuple(bookings))


def span(start, end, hours, tentative=False):
    return BookedSpan(start=start, end=end, hours=D(hours), tentative=tentative)


FREE_HOURS_CASES = [
    ("empty week: 5 x 7 h", cal(), MON, SUN, {}, D(35)),
    ("10 h over Mon-Fri", cal(span(MON, FRI, 10)), MON, SUN, {}, D(25)),
    ("weekend in the range holds nothing", cal(span(MON, SUN, 14)), MON, SUN, {}, D(21)),
    ("a booking on a weekend only counts nowhere", cal(span(SAT, SUN, 5)), MON, SUN, {}, D(35)),
    (
        "time off moves the booking onto the other days",
        cal(span(MON, FRI, 20), off=[Period(WED, WED)]),
        MON,
        SUN,
        {},
        D(8),
    ),
    ("over-booked days never go below zero", cal(span(MON, FRI, 35), span(MON, FRI, 35)), MON, SUN, {}, D(0)),
    ("overlapping time off is not subtracted twice", cal(off=[Period(MON, WED), Period(TUE, THU)]), MON, SUN, {}, D(7)),
    ("thirds add up exactly", cal(span(MON, WED, 10)), MON, FRI, {}, D(25)),
    ("a third of a day is rounded once", cal(span(MON, WED, 10)), MON, MON, {}, D("3.67")),
    ("holds do not count by default", cal(span(MON, FRI, 10, tentative=True)), MON, FRI, {}, D(35)),
    ("holds count when asked", cal(span(MON, FRI, 10, tentative=True)), MON, FRI, {"include_tentative": True}, D(25)),
    ("a booking across two weeks spreads over both", cal(span(MON, NEXT_FRI, 20)), MON, SUN, {}, D(25)),
    (
        "time off outside the window still shapes a booking",
        cal(span(MON, NEXT_FRI, 20), off=[Period(NEXT_MON, NEXT_FRI)]),
        MON,
        SUN,
        {},
        D(15),
    ),
    ("an empty window", cal(span(MON, FRI, 10)), FRI, THU, {}, D(0)),
]


@pytest.mark.parametrize(
    "calendar, start, end, options, expected",
    [case[1:] for case in FREE_HOURS_CASES],
    ids=[case[0] for case in FREE_HOURS_CASES],
)
def test_free_hours(calendar, start, end, options, expected):
    assert free_hours(calendar, start, end, **options) == expected


FIT_CASES = [
    ("an empty week fits 35 h Monday to Friday", cal(), D(35), MON, None, Fit(MON, FRI)),
    ("from a Saturday the work starts on Monday", cal(), D(7), SAT, None, Fit(NEXT_MON, NEXT_MON)),
    ("a full week pushes the start", cal(span(MON, FRI, 35)), D(10), MON, None, Fit(NEXT_MON, NEXT_MON + timedelta(1))),
    ("one free hour a day is gathered", cal(span(MON, FRI, 30)), D(7), MON, None, Fit(MON, NEXT_MON)),
    ("not before the deadline", cal(span(MON, FRI, 30)), D(7), MON, FRI, None),
    ("exactly the free hours, with thirds", cal(span(MON, WED, 10)), D(11), MON, WED, Fit(MON, WED)),
    ("time off pushes the start", cal(off=[Period(MON, FRI)]), D(7), MON, None, Fit(NEXT_MON, NEXT_MON)),
    ("zero hours: the first free day", cal(span(MON, TUE, 14)), D(0), MON, None, Fit(WED, WED)),
    (
        "no working day at all: never",
        Calendar(week=WorkingWeek((D(0),) * 7)),
        D(1),
        MON,
        None,
        None,
    ),
    ("over-booking elsewhere does not give hours back", cal(span(MON, MON, 20)), D(28), MON, None, Fit(TUE, FRI)),
]


@pytest.mark.parametrize(
    "calendar, hours, earliest, deadline, expected",
    [case[1:] for case in FIT_CASES],
    ids=[case[0] for case in FIT_CASES],
)
def test_find_fit(calendar, hours, earliest, deadline, expected):
    assert find_fit(calendar, hours, earliest, deadline) == expected


def test_a_tentative_hold_delays_the_fit_only_when_holds_count():
    calendar = cal(span(MON, FRI, 35, tentative=True))
    assert find_fit(calendar, D(7), MON) == Fit(MON, MON)
    assert find_fit(calendar, D(7), MON, include_tentative=True) == Fit(NEXT_MON, NEXT_MON)


def test_an_over_booked_week_shows_over_100_percent():
    (week,) = weekly_utilisation(cal(span(MON, FRI, 42)), MON, SUN)
    assert (week.capacity, week.booked, week.percent, week.level) == (D(35), D(42), 120, Level.OVER)
    assert (week.year, week.week, week.monday) == (2025, 2, MON)


def test_time_off_removes_the_capacity_of_its_week():
    first, second = weekly_utilisation(cal(off=[Period(MON, FRI)]), MON, NEXT_FRI)
    assert (first.capacity, first.ratio, first.percent, first.level) == (D(0), None, None, Level.OFF)
    assert (second.capacity, second.percent, second.level) == (D(35), 0, Level.FREE)


def test_holds_are_counted_apart_from_firm_bookings():
    """The load counts firm bookings, like find_fit; holds are reported apart and count only when asked."""
    calendar = cal(span(MON, FRI, 10), span(MON, FRI, 20, tentative=True))
    (week,) = weekly_utilisation(calendar, MON, SUN)
    assert (week.booked, week.held, week.ratio, week.level, week.free) == (D(10), D(20), D("0.2857"), Level.FREE, D(25))
    (with_holds,) = weekly_utilisation(calendar, MON, SUN, include_tentative=True)
    assert (with_holds.ratio, with_holds.level, with_holds.free) == (D("0.8571"), Level.BUSY, D(5))


@pytest.mark.parametrize(
    "booked, level",
    [(0, Level.FREE), (17, Level.FREE), (D("17.5"), Level.BUSY), (D("31.5"), Level.FULL), (35, Level.FULL)],
)
def test_load_levels(booked, level):
    (week,) = weekly_utilisation(cal(span(MON, FRI, booked)), MON, SUN)
    assert week.level == level


def test_day_loads_show_each_day_of_a_month_view():
    days = day_loads(cal(span(MON, WED, 10), span(THU, THU, 3, tentative=True), off=[Period(FRI, FRI)]), MON, SUN)
    assert [d.day for d in days] == list(each_day(MON, SUN))
    assert [d.booked for d in days[:3]] == [D("3.33")] * 3
    assert (days[3].held, days[3].free) == (D(3), D(4))
    assert (days[4].off, days[4].capacity, days[5].capacity) == (True, D(0), D(0))


# --- The fast version against the naive one ------------------------------------------------------

BASE = MON
hours_a_day = st.sampled_from([D(0), D(0), D("3.5"), D(7), D(8), D("7.25")])
weeks = st.tuples(*[hours_a_day] * 7).map(WorkingWeek)
offsets = st.integers(min_value=0, max_value=70)


@st.composite
def periods(draw):
    start = BASE + timedelta(days=draw(offsets))
    return Period(start, start + timedelta(days=draw(st.integers(0, 10))))


@st.composite
def bookings(draw):
    start = BASE + timedelta(days=draw(offsets))
    return BookedSpan(
        start=start,
        end=start + timedelta(days=draw(st.integers(0, 30))),
        hours=draw(st.decimals(min_value=0, max_value=80, places=2)),
        tentative=draw(st.booleans()),
    )


calendars = st.builds(
    Calendar, week=weeks, time_off=st.lists(periods(), max_size=3), bookings=st.lists(bookings(), max_size=6)
)


@settings(max_examples=150, deadline=None)
@given(calendar=calendars, start=offsets, length=st.integers(-1, 40), include_tentative=st.booleans())
def test_free_hours_agree_with_the_naive_reference(calendar, start, length, include_tentative):
    first = BASE + timedelta(days=start)
    last = first + timedelta(days=length)
    assert free_hours(calendar, first, last, include_tentative=include_tentative) == naive_free_hours(
        calendar, first, last, include_tentative=include_tentative
    )


@settings(max_examples=150, deadline=None)
@given(
    calendar=calendars,
    hours=st.decimals(min_value=0, max_value=150, places=2),
    earliest=offsets,
    window=st.integers(0, 90),
    include_tentative=st.booleans(),
)
def test_find_fit_agrees_with_the_naive_reference(calendar, hours, earliest, window, include_tentative):
    first = BASE + timedelta(days=earliest)
    deadline = first + timedelta(days=window)
    assert find_fit(calendar, hours, first, deadline, include_tentative=include_tentative) == naive_find_fit(
        calendar, hours, first, deadline, include_tentative=include_tentative
    )


@settings(max_examples=100, deadline=None)
@given(calendar=calendars, start=offsets, length=st.integers(0, 40), include_tentative=st.booleans())
def test_weekly_utilisation_agrees_with_the_naive_reference(calendar, start, length, include_tentative):
    first = BASE + timedelta(days=start)
    last = first + timedelta(days=length)
    fast = [
        (w.monday, w.capacity, w.booked, w.held, w.ratio, w.free)
        for w in weekly_utilisation(calendar, first, last, include_tentative=include_tentative)
    ]
    assert fast == naive_weekly(calendar, first, last, include_tentative=include_tentative)


@settings(max_examples=60, deadline=None)
@given(calendar=calendars, start=offsets, length=st.integers(0, 40))
def test_day_loads_agree_with_the_naive_reference(calendar, start, length):
    first = BASE + timedelta(days=start)
    last = first + timedelta(days=length)
    fast = [(d.day, d.capacity, d.booked, d.free) for d in day_loads(calendar, first, last, include_tentative=False)]
    naive = [
        (
            d,
            rounded(naive_capacity(calendar, d)),
            rounded(naive_booked(calendar, d, False)),
            rounded(naive_free(calendar, d, False)),
        )
        for d in each_day(first, last)
    ]
    assert fast == naive


# --- Cost: it grows with the bookings, not with days x bookings ---------------------------------


def ten_years_of_weekly_bookings():
    mondays = [MON + timedelta(weeks=n) for n in range(52 * 10)]
    holidays = [Period(monday + timedelta(days=2), monday + timedelta(days=2)) for monday in mondays[::13]]
    return Calendar(
        week=SEVEN_HOURS_WEEKDAYS,
        time_off=tuple(holidays),
        bookings=tuple(span(monday, monday + timedelta(days=4), 35) for monday in mondays),
    )


def test_booked_until_over_ten_years_of_bookings_skips_days_arithmetically(monkeypatch):
    calendar = ten_years_of_weekly_bookings()
    calls = []
    counting = capacity.weekday_counts

    def counted(start, end):
        calls.append((start, end))
        return counting(start, end)

    monkeypatch.setattr(capacity, "weekday_counts", counted)
    after = MON + timedelta(weeks=520)
    fit = find_fit(calendar, D(35), MON, MON + timedelta(days=11 * 366))
    assert fit == Fit(after, after + timedelta(days=4))
    days_times_bookings = 3650 * len(calendar.bookings)
    assert len(calls) < 10 * (len(calendar.bookings) + len(calendar.time_off)) < days_times_bookings / 100


def test_time_off_up_to_the_last_representable_day_does_not_overflow():
    calendar = cal(off=[Period(MON, date.max), Period(date.max, date.max)])
    assert free_hours(calendar, MON - timedelta(days=7), SUN) == D(35)
