"""The calendar page, find a slot, and time off, as a user sees them."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import profile_get
from projects.models import State, TimeOff
from tests.factories import BookingFactory, ClientFactory, IncomingRequestFactory, ProjectFactory, TimeOffFactory

pytestmark = pytest.mark.django_db

CALENDAR = reverse("projects:calendar")


def next_monday():
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def book(owner, start, end, hours, title="Shop site"):
    project = ProjectFactory(
        owner=owner, client=ClientFactory(owner=owner), title=title, start=start, end=end, hours=hours
    )
    return BookingFactory(project=project)


def hold(owner, start, end, hours, title="Maybe a logo"):
    incoming = IncomingRequestFactory(
        owner=owner, client=ClientFactory(owner=owner), title=title, state=State.NEGOTIATING
    )
    return BookingFactory(
        project=None, owner=owner, incoming=incoming, start=start, end=end, hours=hours, tentative=True
    )


def test_the_month_view_shows_bookings_holds_and_time_off(owner_client, owner):
    monday = next_monday()
    book(owner, monday, monday + timedelta(days=4), D(20), title="Bakery website")
    hold(owner, monday, monday + timedelta(days=1), D(4), title="Florist logo")
    TimeOffFactory(owner=owner, start=monday + timedelta(days=3), end=monday + timedelta(days=3), label="Dentist")
    response = owner_client.get(CALENDAR, {"date": monday.isoformat()})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Bakery website" in html and "Dentist" in html
    assert 'class="cal-event cal-event-hold"' in html and "Florist logo" in html
    assert 'aria-current="date"' in html or monday.month != timezone.localdate().month


def test_each_booking_links_to_its_project_or_request_on_every_day_it_spans_with_titles_escaped(owner_client, owner):
    monday = next_monday()
    firm = book(owner, monday, monday + timedelta(days=2), D(12), title="<b>Bakery</b> & co")
    held = hold(owner, monday + timedelta(days=1), monday + timedelta(days=1), D(3), title='Logo "<i>Florist</i>"')
    html = owner_client.get(CALENDAR, {"view": "week", "date": monday.isoformat()}).content.decode()
    project_link = reverse("projects:project_detail", args=[firm.project_id])
    request_link = reverse("projects:incoming_detail", args=[held.incoming_id])
    assert html.count(f'<a href="{project_link}">&lt;b&gt;Bakery&lt;/b&gt; &amp; co</a>') == 3
    assert html.count(f'<a href="{request_link}">Logo &quot;&lt;i&gt;Florist&lt;/i&gt;&quot;</a>') == 1
    assert "<b>Bakery" not in html and "<i>Florist" not in html


def test_the_week_view_shows_seven_days_and_links_to_the_next_week(owner_client, owner):
    monday = next_monday()
    response = owner_client.get(CALENDAR, {"view": "week", "date": (monday + timedelta(days=2)).isoformat()})
    html = response.content.decode()
    assert html.count('class="cal-day') == 7
    assert f"?view=week&amp;date={(monday + timedelta(days=7)).isoformat()}" in html


def test_htmx_navigation_answers_only_the_grid_and_varies_on_the_header(owner_client):
    response = owner_client.get(CALENDAR, {"view": "month"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="calendar-grid"' in html
    assert "<h1" not in html and "Find a slot" not in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("anchor", ["not-a-date", "9999-12-31", "0001-01-01"])
def test_an_unreadable_or_absurd_date_falls_back_to_today(owner_client, anchor):
    response = owner_client.get(CALENDAR, {"date": anchor})
    assert response.status_code == 200
    assert response.context["first"] <= timezone.localdate() <= response.context["last"]


def test_the_heatmap_shows_an_over_booked_week_as_over_100_percent_in_text(owner_client, owner):
    monday = next_monday()
    book(owner, monday, monday + timedelta(days=4), D(42))
    html = owner_client.get(CALENDAR).content.decode()
    over = html.split('class="heat load-over"')[1].split("</li>")[0]
    assert "120&nbsp;%" in over
    assert "over-booked" in over


def test_time_off_shows_as_a_week_without_capacity(owner_client, owner):
    monday = next_monday()
    TimeOffFactory(owner=owner, start=monday, end=monday + timedelta(days=6), label="Holidays")
    html = owner_client.get(CALENDAR).content.decode()
    assert 'class="heat load-off"' in html


def test_booked_until_gives_the_first_date_a_typical_request_fits(owner_client, owner):
    free_again = next_monday() + timedelta(days=14)
    book(owner, timezone.localdate(), free_again - timedelta(days=3), D(500))  # over-booked until that Friday
    response = owner_client.get(CALENDAR)
    assert response.context["fit"].start == free_again
    assert response.context["fit"].finish == free_again + timedelta(days=4)
    assert f'data-fit-start="{free_again.isoformat()}"' in response.content.decode()


def test_the_calendar_links_to_the_working_week_and_time_off(owner_client):
    html = owner_client.get(CALENDAR).content.decode()
    assert reverse("settings") in html and reverse("projects:time_off_list") in html


def add_rows(owner, monday, numbers):
    for n in numbers:
        book(owner, monday + timedelta(days=n % 20), monday + timedelta(days=n % 20 + 3), D(3), title=f"P{n}")
        TimeOffFactory(owner=owner, start=monday + timedelta(days=40 + n), end=monday + timedelta(days=40 + n))
        hold(owner, monday + timedelta(days=n % 10), monday + timedelta(days=n % 10 + 1), D(1), title=f"H{n}")


def monday_early_in_a_month():
    """A coming Monday whose month still holds the 24 days of bookings `add_rows` spreads from it."""
    monday = next_monday()
    while monday.day > 4:
        monday += timedelta(days=7)
    return monday


def test_the_calendar_page_runs_the_same_queries_with_1_or_50_bookings(owner_client, owner):
    profile_get(owner=owner)
    monday = monday_early_in_a_month()
    add_rows(owner, monday, range(1))
    with CaptureQueriesContext(connection) as one:
        owner_client.get(CALENDAR, {"date": monday.isoformat()})
    add_rows(owner, monday, range(1, 50))
    with CaptureQueriesContext(connection) as fifty:
        response = owner_client.get(CALENDAR, {"date": monday.isoformat()})
    assert "P49" in response.content.decode()
    assert len(fifty) == len(one)


def test_the_calendar_page_costs_the_same_with_1_or_50_bookings(client, owner, other_user):
    """Two users, same page: one with a single booking, one with fifty."""
    monday = next_monday()
    profile_get(owner=owner), profile_get(owner=other_user)
    book(owner, monday, monday + timedelta(days=3), D(3))
    for n in range(50):
        book(other_user, monday + timedelta(days=n % 20), monday + timedelta(days=n % 20 + 3), D(3), title=f"P{n}")
    counts = []
    for user in (owner, other_user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            client.get(CALENDAR, {"date": monday.isoformat()})
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- Find a slot ----------------------------------------------------------------------------------


def test_find_a_slot_answers_the_first_date_it_fits(owner_client, owner):
    monday = next_monday()
    book(owner, monday, monday + timedelta(days=4), D(35))
    response = owner_client.get(
        reverse("projects:calendar_slot"), {"hours": "14", "earliest": monday.isoformat(), "deadline": ""}
    )
    assert response.context["fit"].start == monday + timedelta(days=7)
    assert response.context["fit"].finish == monday + timedelta(days=8)
    assert "<h1" in response.content.decode()


def test_find_a_slot_says_when_it_does_not_fit_before_the_deadline(owner_client):
    monday = next_monday()
    params = {"hours": "50", "earliest": monday.isoformat(), "deadline": (monday + timedelta(days=4)).isoformat()}
    response = owner_client.get(reverse("projects:calendar_slot"), params, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="slot-answer"' in html and "do not fit before" in html
    assert "<h1" not in html


def test_find_a_slot_counts_holds_only_when_asked(owner_client, owner):
    monday = next_monday()
    hold(owner, monday, monday + timedelta(days=4), D(35))
    params = {"hours": "7", "earliest": monday.isoformat()}
    assert owner_client.get(reverse("projects:calendar_slot"), params).context["fit"].start == monday
    params["include_holds"] = "on"
    assert owner_client.get(reverse("projects:calendar_slot"), params).context["fit"].start == monday + timedelta(7)


def test_find_a_slot_refuses_a_start_far_in_the_future(owner_client):
    response = owner_client.get(reverse("projects:calendar_slot"), {"hours": "7", "earliest": "9999-12-01"})
    assert response.status_code == 200
    assert "Choose a date within fifty years of today." in response.content.decode()


def test_find_a_slot_explains_a_deadline_before_the_start(owner_client):
    monday = next_monday()
    params = {"hours": "7", "earliest": monday.isoformat(), "deadline": (monday - timedelta(days=1)).isoformat()}
    response = owner_client.get(reverse("projects:calendar_slot"), params)
    assert "The deadline cannot be before the earliest start." in response.content.decode()


# --- Time off ------------------------------------------------------------------------------------


def test_adding_time_off_removes_it_from_the_free_hours(owner_client, owner):
    monday = next_monday()
    response = owner_client.post(
        reverse("projects:time_off_create"),
        {"label": "Training", "start": monday.isoformat(), "end": (monday + timedelta(days=4)).isoformat()},
    )
    assert response.status_code == 302
    (period,) = TimeOff.objects.owned_by(owner)
    assert (period.label, period.start) == ("Training", monday)
    page = owner_client.get(CALENDAR)
    week = next(w for w in page.context["heatmap"] if w.monday == monday)
    assert week.capacity == 0


def test_time_off_ending_before_it_starts_is_refused_and_nothing_is_saved(owner_client, owner):
    monday = next_monday()
    response = owner_client.post(
        reverse("projects:time_off_create"),
        {"label": "Oops", "start": monday.isoformat(), "end": (monday - timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 200
    assert "The end cannot be before the start." in response.content.decode()
    assert not TimeOff.objects.owned_by(owner).exists()


def test_time_off_is_listed_edited_and_removed(owner_client, owner):
    period = TimeOffFactory(owner=owner, label="Holidays")
    assert "Holidays" in owner_client.get(reverse("projects:time_off_list")).content.decode()
    edit = reverse("projects:time_off_edit", args=[period.pk])
    owner_client.post(edit, {"label": "Summer", "start": period.start.isoformat(), "end": period.end.isoformat()})
    period.refresh_from_db()
    assert period.label == "Summer"
    delete = reverse("projects:time_off_delete", args=[period.pk])
    assert owner_client.get(delete).status_code == 405
    owner_client.post(delete)
    assert not TimeOff.objects.filter(pk=period.pk).exists()


def test_another_user_gets_404_on_my_time_off(other_client, owner):
    period = TimeOffFactory(owner=owner, label="Secret retreat")
    edit = reverse("projects:time_off_edit", args=[period.pk])
    assert other_client.get(edit).status_code == 404
    assert other_client.post(edit, {"label": "Mine", "start": "2030-01-01", "end": "2030-01-02"}).status_code == 404
    assert other_client.post(reverse("projects:time_off_delete", args=[period.pk])).status_code == 404
    period.refresh_from_db()
    assert period.label == "Secret retreat"
    assert "Secret retreat" not in other_client.get(reverse("projects:time_off_list")).content.decode()


def test_another_user_does_not_see_my_bookings_on_the_calendar(other_client, owner):
    monday = next_monday()
    book(owner, monday, monday + timedelta(days=4), D(20), title="Secret project")
    assert "Secret project" not in other_client.get(CALENDAR, {"date": monday.isoformat()}).content.decode()


def test_time_off_in_the_year_9999_is_refused(owner_client, owner):
    response = owner_client.post(
        reverse("projects:time_off_create"), {"label": "Forever", "start": "9999-12-30", "end": "9999-12-31"}
    )
    assert "Choose a date within fifty years of today." in response.content.decode()
    assert not TimeOff.objects.owned_by(owner).exists()
