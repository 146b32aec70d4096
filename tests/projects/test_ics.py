"""The iCalendar feed, read back with the icalendar package like a calendar app would."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.selectors import profile_get
from projects.models import State
from tests.factories import BookingFactory, ClientFactory, IncomingRequestFactory, ProjectFactory, TimeOffFactory

pytestmark = pytest.mark.django_db

START = timezone.localdate() + timedelta(days=10)


def feed_url(owner) -> str:
    return reverse("projects:calendar_feed", args=[profile_get(owner=owner).calendar_token])


def events(response) -> dict[str, dict]:
    assert response["Content-Type"].startswith("text/calendar")
    parsed = Calendar.from_ical(response.content)
    return {
        str(event["uid"]): {
            "summary": str(event["summary"]),
            "start": event.decoded("dtstart"),
            "end": event.decoded("dtend"),
            "status": str(event.get("status", "")),
            "stamp": event.decoded("dtstamp"),
        }
        for event in parsed.walk("VEVENT")
    }


@pytest.fixture
def calendar_rows(owner):
    project = ProjectFactory(
        owner=owner, client=ClientFactory(owner=owner), title="Bakery site", start=START, end=START + timedelta(4)
    )
    booking = BookingFactory(project=project, hours=D(20))
    incoming = IncomingRequestFactory(
        owner=owner, client=ClientFactory(owner=owner), title="Florist logo", state=State.NEGOTIATING
    )
    held = BookingFactory(
        project=None, owner=owner, incoming=incoming, start=START, end=START, hours=D(3), tentative=True
    )
    time_off = TimeOffFactory(owner=owner, start=START + timedelta(20), end=START + timedelta(26), label="Holidays")
    return booking, held, time_off


def test_the_feed_lists_bookings_holds_and_time_off_as_whole_day_events(client, owner, calendar_rows):
    booking, held, time_off = calendar_rows
    found = events(client.get(feed_url(owner)))  # no login: the token is the key
    assert found[f"booking-{booking.pk}@tact"] | {"stamp": None} == {
        "summary": "Bakery site",
        "start": START,
        "end": START + timedelta(days=5),  # DTEND is exclusive
        "status": "CONFIRMED",
        "stamp": None,
    }
    assert found[f"booking-{held.pk}@tact"]["status"] == "TENTATIVE"
    assert "Florist logo" in found[f"booking-{held.pk}@tact"]["summary"]
    off = found[f"timeoff-{time_off.pk}@tact"]
    assert (off["summary"], off["start"], off["end"]) == ("Holidays", START + timedelta(20), START + timedelta(27))


def test_two_fetches_give_the_same_uids_and_stamps(client, owner, calendar_rows):
    first = events(client.get(feed_url(owner)))
    second = events(client.get(feed_url(owner)))
    assert first == second and len(first) == 3


def test_the_feed_shows_only_the_owner_rows(client, owner, other_user, calendar_rows):
    BookingFactory(project=ProjectFactory(owner=other_user, client=ClientFactory(owner=other_user), title="Theirs"))
    summaries = {event["summary"] for event in events(client.get(feed_url(owner))).values()}
    assert "Theirs" not in summaries


def test_regenerating_the_token_revokes_the_old_address(owner_client, owner, calendar_rows):
    old = feed_url(owner)
    assert owner_client.get(reverse("projects:calendar_token_regenerate")).status_code == 405
    response = owner_client.post(reverse("projects:calendar_token_regenerate"))
    assert response.status_code == 302
    assert owner_client.get(old).status_code == 404
    new = feed_url(owner)
    assert new != old and owner_client.get(new).status_code == 200


def test_a_deactivated_user_s_feed_answers_404(client, owner, calendar_rows):
    url = feed_url(owner)
    assert client.get(url).status_code == 200
    owner.is_active = False
    owner.save()
    assert client.get(url).status_code == 404


def test_an_unknown_token_answers_404(client):
    assert client.get(reverse("projects:calendar_feed", args=["not-a-token"])).status_code == 404


def test_the_calendar_page_shows_the_feed_address(owner_client, owner):
    assert feed_url(owner) in owner_client.get(reverse("projects:calendar")).content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_feed_runs_a_constant_number_of_queries(client, owner, rows, django_assert_max_num_queries):
    url = feed_url(owner)
    for n in range(rows):
        BookingFactory(
            project=ProjectFactory(
                owner=owner, client=ClientFactory(owner=owner), start=START, end=START + timedelta(n)
            )
        )
        TimeOffFactory(owner=owner, start=START + timedelta(n), end=START + timedelta(n))
    with django_assert_max_num_queries(3):
        assert len(events(client.get(url))) == 2 * rows


# --- One project's .ics ---------------------------------------------------------------------------


def test_a_project_downloads_as_an_ics_file(owner_client, calendar_rows):
    booking, _held, _time_off = calendar_rows
    response = owner_client.get(reverse("projects:project_ics", args=[booking.project_id]))
    assert response["Content-Disposition"].startswith("attachment")
    assert set(events(response)) == {f"booking-{booking.pk}@tact"}


def test_another_user_gets_404_on_my_project_ics(other_client, calendar_rows):
    booking, _held, _time_off = calendar_rows
    assert other_client.get(reverse("projects:project_ics", args=[booking.project_id])).status_code == 404


def test_the_feed_answers_only_get(client, owner):
    assert client.post(feed_url(owner)).status_code in (403, 405)
