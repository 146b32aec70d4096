"""The calendar page, find a slot, and time off, as a user sees them."""

import re
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


def grid_and_agenda(html: str) -> tuple[list[str], str]:
    """The desktop grid's week rows, and the phone's agenda (both are in the page; CSS shows one)."""
    grid, agenda = html.split('<div class="cal-grid', 1)[1].split('<ol class="cal-agenda', 1)
    return grid.split('<li class="cal-week"')[1:], agenda.split("</section>", 1)[0]


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
    week = next(row for row in grid_and_agenda(html)[0] if "Bakery website" in row)
    assert 'class="cal-event cal-event-hold from-1 span-2 lane-' in week
    assert '<span class="visually-hidden">Tentative: </span>Florist logo' in week, "a hold says so to a screen reader"
    assert 'class="cal-event cal-event-off from-4 span-1 lane-0' in week, "time off is a band, drawn first"
    assert 'aria-current="date"' in html or monday.month != timezone.localdate().month


def test_each_booking_is_one_bar_per_week_row_linking_to_its_project_or_request_with_titles_escaped(
    owner_client, owner
):
    monday = monday_early_in_a_month()
    firm = book(owner, monday + timedelta(days=3), monday + timedelta(days=8), D(24), title="<b>Bakery</b> & co")
    held = hold(owner, monday + timedelta(days=1), monday + timedelta(days=1), D(3), title='Logo "<i>Florist</i>"')
    html = owner_client.get(CALENDAR, {"date": monday.isoformat()}).content.decode()
    rows, agenda = grid_and_agenda(html)
    project_link = (
        f'<a href="{reverse("projects:project_detail", args=[firm.project_id])}">&lt;b&gt;Bakery&lt;/b&gt; &amp; co</a>'
    )
    request_link = reverse("projects:incoming_detail", args=[held.incoming_id])
    assert [row.count(project_link) for row in rows if project_link in row] == [1, 1]  # Thursday to next Tuesday
    first, second = (row for row in rows if project_link in row)
    assert "from-4 span-4 lane-0 cal-after" in first and "from-1 span-2 lane-0 cal-before" in second
    assert (
        f'<a href="{request_link}"><span class="visually-hidden">Tentative: </span>Logo &quot;&lt;i&gt;Florist' in html
    )
    assert agenda.count(project_link) == 1, "the phone's agenda lists it once, with its dates"
    assert "<b>Bakery" not in html and "<i>Florist" not in html


def test_a_week_row_stays_three_bars_high_and_lists_the_others_under_more(owner_client, owner):
    monday = monday_early_in_a_month()
    for n in range(6):
        hold(owner, monday, monday + timedelta(days=4), D(2), title=f"Hold {n}")
    book(owner, monday + timedelta(days=2), monday + timedelta(days=2), D(3), title="Confirmed job")
    rows, agenda = grid_and_agenda(owner_client.get(CALENDAR, {"date": monday.isoformat()}).content.decode())
    week = next(row for row in rows if "Confirmed job" in row)
    bars, more = week.split('<details class="cal-more">')
    assert bars.count('class="cal-event ') == 3
    assert "Confirmed job" in bars, "a confirmed booking keeps its lane before the holds"
    assert "+4 more" in more and more.count('class="cal-event cal-event-hold"') == 4
    assert "6 tentative holds" in agenda, "on a phone the holds fold under one line"


def test_the_week_view_shows_seven_days_and_links_to_the_next_week(owner_client, owner):
    monday = next_monday()
    response = owner_client.get(CALENDAR, {"view": "week", "date": (monday + timedelta(days=2)).isoformat()})
    html = response.content.decode()
    assert len(re.findall(r'class="cal-day[ "]', html)) == 7
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


def first_week_with_free_hours(heatmap):
    return next(week for week in heatmap if week.free > 0)


AGREEMENT_CASES = {
    "a full week, then a week of holds": [("book", 0, 4, 35), ("hold", 7, 11, 35)],
    "holds only": [("hold", 0, 11, 70)],
    "an over-booked Monday, a free Tuesday": [("book", 0, 0, 30)],
    "two full weeks and time off": [("book", 0, 11, 70), ("off", 14, 18, 0)],
    "over-booked for three weeks, holds after": [("book", -7, 18, 200), ("hold", 21, 25, 35)],
}


@pytest.mark.parametrize("rows", AGREEMENT_CASES.values(), ids=AGREEMENT_CASES.keys())
def test_the_load_per_week_and_booked_until_count_the_same_hours(owner_client, owner, rows):
    """Both count confirmed bookings: the first week with free hours is the week "could start on" falls in."""
    monday = next_monday()
    for kind, first, last, hours in rows:
        start, end = monday + timedelta(days=first), monday + timedelta(days=last)
        if kind == "off":
            TimeOffFactory(owner=owner, start=start, end=end)
        else:
            (book if kind == "book" else hold)(owner, start, end, D(hours))
    context = owner_client.get(CALENDAR).context
    week = first_week_with_free_hours(context["heatmap"])
    assert week.monday <= context["fit"].start <= week.sunday
    for earlier in context["heatmap"][: context["heatmap"].index(week)]:
        assert earlier.free == 0
        assert earlier.percent is None or earlier.percent >= 100, "no week before it looks as if it had room"


def test_the_page_says_in_words_what_is_booked_and_what_is_only_held(owner_client, owner):
    monday = next_monday()
    book(owner, monday, monday + timedelta(days=3), D(28))
    hold(owner, monday, monday + timedelta(days=4), D(12))
    response = owner_client.get(CALENDAR, {"date": monday.isoformat()})
    html = response.content.decode()
    week = next(w for w in response.context["heatmap"] if w.monday == monday)
    assert (week.booked, week.held, week.capacity, week.percent) == (D(28), D(12), D(35), 80)
    rows, agenda = grid_and_agenda(html)
    assert "Booked: 28\u00a0h of 35\u00a0h; tentative holds: 12\u00a0h" in next(r for r in rows if "Shop site" in r)
    assert "Booked: 28\u00a0h of 35\u00a0h; tentative holds: 12\u00a0h" in agenda
    heat = html.split(f'date={monday.isoformat()}" class="text-reset', 1)[1].split("</li>", 1)[0]
    assert "80&nbsp;%" in heat and "+12\u00a0h" in heat
    assert "Booked means confirmed bookings only" in html


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


@pytest.mark.parametrize("view", ["month", "week"])
def test_the_calendar_page_runs_the_same_queries_with_1_or_50_bookings(owner_client, owner, view):
    profile_get(owner=owner)
    monday = monday_early_in_a_month()
    add_rows(owner, monday, range(1))
    with CaptureQueriesContext(connection) as one:
        owner_client.get(CALENDAR, {"view": view, "date": monday.isoformat()})
    add_rows(owner, monday, range(1, 50))
    with CaptureQueriesContext(connection) as fifty:
        response = owner_client.get(CALENDAR, {"view": view, "date": monday.isoformat()})
    assert "H40" in response.content.decode()
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


def test_navigating_months_serves_each_grid_from_the_cache_and_the_same_as_the_page(owner_client, owner):
    monday = next_monday()
    book(owner, monday, monday + timedelta(days=2), D(6), title="Bakery website")
    params = {"view": "week", "date": monday.isoformat()}
    partial = owner_client.get(CALENDAR, params, headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('\n<section id="calendar-grid"') and "Bakery website" in partial
    with CaptureQueriesContext(connection) as cached:
        again = owner_client.get(CALENDAR, params, headers={"HX-Request": "true"}).content.decode()
    assert again == partial
    assert not any("projects_booking" in query["sql"] for query in cached.captured_queries)
    assert partial.strip() in owner_client.get(CALENDAR, params).content.decode()


def test_the_find_a_slot_form_on_the_calendar_has_labelled_fields(owner_client):
    html = owner_client.get(CALENDAR).content.decode()
    for name in ("hours", "earliest", "deadline", "include_holds"):
        assert f'<label for="id_{name}"' in html
    assert f'value="{timezone.localdate().isoformat()}"' in html
