"""The calendar grid's layout, as tables: week rows, one bar per span and row, lanes, "+N more"."""

from datetime import date, timedelta

import pytest

from projects.calendar_layout import Rank, Span, week_rows

MON = date(2026, 11, 30)  # a Monday
TUE, WED, THU, FRI, SAT, SUN = (MON + timedelta(days=n) for n in range(1, 7))
NEXT_MON = MON + timedelta(days=7)


def span(name, start, end, rank=Rank.BOOKING):
    return Span(start, end, rank, name)


def day(n):
    return MON + timedelta(days=n)


def drawn(rows):
    """Each row as {name: (lane, column, length)} plus the names under "+N more"."""
    return [
        ({bar.span.item: (bar.lane, bar.column, bar.length) for bar in row.bars}, [s.item for s in row.more])
        for row in rows
    ]


CASES = [
    (
        "a booking is one bar over its days",
        [span("shop", MON, WED)],
        3,
        [({"shop": (0, 1, 3)}, [])],
    ),
    (
        "bookings that do not overlap share the top lane",
        [span("a", MON, TUE), span("b", THU, SUN)],
        3,
        [({"a": (0, 1, 2), "b": (0, 4, 4)}, [])],
    ),
    (
        "overlapping bookings take the next lane",
        [span("a", MON, WED), span("b", TUE, FRI), span("c", WED, WED)],
        3,
        [({"a": (0, 1, 3), "b": (1, 2, 4), "c": (2, 3, 1)}, [])],
    ),
    (
        "a later gap is filled: a short hold fits beside a booking",
        [span("long", MON, THU), span("other", MON, TUE), span("short", FRI, SUN, Rank.HOLD)],
        3,
        [({"long": (0, 1, 4), "other": (1, 1, 2), "short": (0, 5, 3)}, [])],
    ),
    (
        "time off comes first, then confirmed bookings, then holds",
        [span("hold", MON, SUN, Rank.HOLD), span("job", WED, FRI), span("off", FRI, SUN, Rank.TIME_OFF)],
        3,
        [({"off": (0, 5, 3), "job": (1, 3, 3), "hold": (2, 1, 7)}, [])],
    ),
    (
        "past the last lane, holds go under +N more and a booking keeps its lane",
        [span(f"hold {n}", MON, FRI, Rank.HOLD) for n in range(5)] + [span("job", THU, THU)],
        3,
        [({"job": (0, 4, 1), "hold 0": (1, 1, 5), "hold 1": (2, 1, 5)}, ["hold 2", "hold 3", "hold 4"])],
    ),
    (
        "without a limit every span is drawn",
        [span(f"hold {n}", MON, FRI, Rank.HOLD) for n in range(5)],
        None,
        [({f"hold {n}": (n, 1, 5) for n in range(5)}, [])],
    ),
    (
        "a span across two weeks is one bar in each row",
        [span("move", THU, NEXT_MON + timedelta(days=1))],
        3,
        [({"move": (0, 4, 4)}, []), ({"move": (0, 1, 2)}, [])],
    ),
    (
        "a span beyond the rows shown is cut at their edges",
        [span("year", MON - timedelta(days=40), NEXT_MON + timedelta(days=40))],
        3,
        [({"year": (0, 1, 7)}, []), ({"year": (0, 1, 7)}, [])],
    ),
    (
        "spans outside the rows, or ending before they start, are left out",
        [span("before", MON - timedelta(days=9), MON - timedelta(days=1)), span("odd", WED, TUE)],
        3,
        [({}, []), ({}, [])],
    ),
]


@pytest.mark.parametrize("spans, max_lanes, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_week_rows_lay_out_bars(spans, max_lanes, expected):
    last = SUN if len(expected) == 1 else NEXT_MON + timedelta(days=6)
    assert drawn(week_rows(spans, MON, last, max_lanes=max_lanes)) == expected


def test_a_month_is_whole_weeks_from_monday_to_sunday():
    rows = week_rows([], date(2026, 12, 1), date(2026, 12, 31))
    assert [row.monday for row in rows] == [date(2026, 11, 30) + timedelta(weeks=n) for n in range(5)]
    assert rows[-1].sunday == date(2027, 1, 3)


def test_a_bar_says_whether_it_goes_on_in_another_row():
    first, second = week_rows([span("move", THU, NEXT_MON)], MON, NEXT_MON + timedelta(days=6))
    assert (first.bars[0].starts_before, first.bars[0].ends_after) == (False, True)
    assert (second.bars[0].starts_before, second.bars[0].ends_after) == (True, False)


def test_the_agenda_lists_each_span_once_in_the_first_row_showing_it():
    spans = [
        span("running", MON - timedelta(days=3), WED),
        span("move", THU, NEXT_MON),
        span("next", NEXT_MON, NEXT_MON),
    ]
    first, second = week_rows(spans, MON, NEXT_MON + timedelta(days=6))
    assert [s.item for s in first.new] == ["running", "move"]
    assert [s.item for s in second.new] == ["next"]


def test_a_crowded_row_stays_three_lanes_high_whatever_the_number_of_holds():
    holds = [span(f"hold {n}", day(n % 7), day(n % 7 + 3), Rank.HOLD) for n in range(60)]
    rows = week_rows(holds, MON, NEXT_MON + timedelta(days=6))
    assert [row.lanes for row in rows] == [3, 3]
    for row in rows:
        names = [bar.span.item for bar in row.bars] + [s.item for s in row.more]
        assert len(names) == len(set(names)), "a span is drawn or listed once per row"
        assert all(bar.lane < 3 for bar in row.bars)
