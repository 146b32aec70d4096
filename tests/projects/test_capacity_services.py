"""Bookings follow their project; the capacity selector builds the calendar triage asks questions of."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.selectors import profile_get
from projects import capacity
from projects.models import Booking, ProjectStatus, State
from projects.selectors import capacity_calendar_for, project_booking_list
from projects.services.calendar import (
    calendar_token_regenerate,
    incoming_hold_release,
    incoming_hold_set,
    time_off_create,
)
from projects.services.projects import (
    invoice_add,
    invoice_mark_paid,
    project_book_weekly,
    project_create,
    project_update,
)
from tests.factories import BookingFactory, ClientFactory, IncomingRequestFactory, ProjectFactory, TimeOffFactory

pytestmark = pytest.mark.django_db

MON = date(2031, 3, 3)  # a Monday
FRI = MON + timedelta(days=4)


def ranges(project):
    return [(b.start, b.end, b.hours) for b in project_booking_list(owner=project.owner, project=project)]


def new_project(owner, *, start=MON, end=FRI + timedelta(days=7), hours=D(40), incoming=None):
    return project_create(
        owner=owner,
        client=ClientFactory(owner=owner),
        title="Shop site",
        start=start,
        end=end,
        hours=hours,
        incoming=incoming,
    )


def test_a_new_project_books_its_hours_once_over_its_range(owner):
    project = new_project(owner)
    assert ranges(project) == [(MON, FRI + timedelta(days=7), D(40))]


def test_accepting_a_request_releases_its_tentative_hold(owner):
    incoming = IncomingRequestFactory(owner=owner, client=ClientFactory(owner=owner), state=State.NEGOTIATING)
    incoming_hold_set(incoming=incoming, start=MON, end=FRI, hours=D(20))
    new_project(owner, incoming=incoming)
    assert not Booking.objects.filter(incoming=incoming).exists()


def test_a_hold_is_replaced_not_stacked_and_can_be_released(owner):
    incoming = IncomingRequestFactory(owner=owner, client=ClientFactory(owner=owner), state=State.NEGOTIATING)
    incoming_hold_set(incoming=incoming, start=MON, end=FRI, hours=D(20))
    hold = incoming_hold_set(incoming=incoming, start=MON, end=FRI, hours=D(10))
    assert list(Booking.objects.filter(incoming=incoming)) == [hold]
    assert hold.tentative
    incoming_hold_release(incoming=incoming)
    assert not Booking.objects.filter(incoming=incoming).exists()


def test_moving_the_dates_moves_a_weekly_plan_with_them(owner):
    project = new_project(owner)
    project_book_weekly(project=project, amounts={MON: D(30), MON + timedelta(days=7): D(10)})
    saved = project_update(project=project, start=MON + timedelta(days=14), end=FRI + timedelta(days=21))
    assert not saved.weekly_plan_reset
    assert ranges(project) == [
        (MON + timedelta(days=14), MON + timedelta(days=20), D(30)),
        (MON + timedelta(days=21), FRI + timedelta(days=21), D(10)),
    ]


def test_changing_the_hours_spreads_them_evenly_again_and_says_the_plan_was_reset(owner):
    project = new_project(owner)
    project_book_weekly(project=project, amounts={MON: D(30), MON + timedelta(days=7): D(10)})
    saved = project_update(project=project, hours=D(50))
    assert saved.weekly_plan_reset
    assert ranges(project) == [(MON, FRI + timedelta(days=7), D(50))]


def test_lengthening_an_even_project_books_the_new_range(owner):
    project = new_project(owner)
    saved = project_update(project=project, end=FRI + timedelta(days=14))
    assert not saved.weekly_plan_reset
    assert ranges(project) == [(MON, FRI + timedelta(days=14), D(40))]


def test_cancelling_frees_the_calendar_and_reactivating_books_again(owner):
    project = new_project(owner)
    project_update(project=project, status=ProjectStatus.CANCELLED)
    assert ranges(project) == []
    project_update(project=project, status=ProjectStatus.ACTIVE)
    assert ranges(project) == [(MON, FRI + timedelta(days=7), D(40))]


def test_weekly_amounts_must_add_up_to_the_project_hours(owner):
    project = new_project(owner)
    with pytest.raises(ValueError):
        project_book_weekly(project=project, amounts={MON: D(30)})
    assert ranges(project) == [(MON, FRI + timedelta(days=7), D(40))]


def test_a_weekly_plan_books_one_row_per_week_clipped_to_the_project(owner):
    project = new_project(owner, start=MON + timedelta(days=2), end=MON + timedelta(days=9))
    project_book_weekly(project=project, amounts={MON: D(12), MON + timedelta(days=7): D(28)})
    assert ranges(project) == [
        (MON + timedelta(days=2), MON + timedelta(days=6), D(12)),
        (MON + timedelta(days=7), MON + timedelta(days=9), D(28)),
    ]


def test_invoices_are_added_in_the_project_currency_and_marked_paid(owner):
    project = ProjectFactory(owner=owner, client=ClientFactory(owner=owner), currency="CHF")
    invoice = invoice_add(project=project, number="F-1", amount=D(900), issued_on=MON, due_on=MON + timedelta(30))
    assert (invoice.owner, invoice.currency, invoice.paid_on) == (owner, "CHF", None)
    invoice_mark_paid(invoice=invoice, paid_on=MON + timedelta(days=40))
    invoice.refresh_from_db()
    assert invoice.was_paid_late()


def test_regenerating_the_feed_token_changes_it(owner):
    profile = profile_get(owner=owner)
    old = profile.calendar_token
    calendar_token_regenerate(profile=profile)
    profile.refresh_from_db()
    assert profile.calendar_token != old and len(profile.calendar_token) >= 40


# --- The selector triage calls -------------------------------------------------------------------


def test_the_capacity_calendar_holds_only_the_owner_rows_overlapping_the_window(owner, other_user):
    inside = BookingFactory(project=ProjectFactory(owner=owner, client=ClientFactory(owner=owner), start=MON, end=FRI))
    BookingFactory(
        project=ProjectFactory(
            owner=owner, client=ClientFactory(owner=owner), start=MON - timedelta(60), end=MON - timedelta(50)
        )
    )
    BookingFactory(project=ProjectFactory(owner=other_user, client=ClientFactory(owner=other_user), start=MON, end=FRI))
    cal = capacity_calendar_for(owner=owner, start=MON, end=FRI)
    assert cal.bookings == (capacity.BookedSpan(inside.start, inside.end, inside.hours, False),)
    assert cal.week.hours == (D(7), D(7), D(7), D(7), D(7), D(0), D(0))


def test_time_off_outside_the_window_still_shapes_a_booking_inside_it(owner):
    """A two-week booking with the second week off puts all its hours in the first week."""
    BookingFactory(
        project=ProjectFactory(owner=owner, client=ClientFactory(owner=owner), start=MON, end=FRI + timedelta(7)),
        hours=D(20),
    )
    time_off_create(owner=owner, label="Training", start=MON + timedelta(7), end=FRI + timedelta(7))
    cal = capacity_calendar_for(owner=owner, start=MON, end=FRI)
    assert capacity.free_hours(cal, MON, FRI) == D(15)


def test_time_off_removes_capacity_and_the_working_week_comes_from_the_profile(owner):
    profile = profile_get(owner=owner)
    profile.friday_hours = D(0)
    profile.save()
    TimeOffFactory(owner=owner, start=MON, end=MON, label="Public holiday")
    cal = capacity_calendar_for(owner=owner, start=MON, end=FRI)
    assert capacity.free_hours(cal, MON, FRI) == D(21)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_capacity_calendar_takes_three_queries_whatever_the_bookings(owner, rows):
    profile_get(owner=owner)
    client = ClientFactory(owner=owner)
    for n in range(rows):
        BookingFactory(
            project=ProjectFactory(owner=owner, client=client, start=MON + timedelta(n), end=FRI + timedelta(n))
        )
        TimeOffFactory(owner=owner, start=MON + timedelta(n * 3), end=MON + timedelta(n * 3))
    with CaptureQueriesContext(connection) as queries:
        capacity_calendar_for(owner=owner, start=MON, end=MON + timedelta(days=120))
    assert len(queries) == 3
