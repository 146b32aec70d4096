"""The calendar of a busy freelancer (the demo data at scale 10), in real Chromium: a month fits on a
desktop screen and a half, each booking is one bar per week row, and a phone gets an agenda instead of the
grid, without scrolling sideways."""

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from projects.models import Booking, TimeOff
from tests.browser.conftest import screenshot
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

WEEK_ROWS = """() => Array.from(document.querySelectorAll('.cal-week')).map(row => ({
    monday: row.dataset.monday,
    firm: Array.from(row.querySelectorAll('[data-firm]')).flatMap(e => e.dataset.firm.split(' ')),
    hold: Array.from(row.querySelectorAll('[data-hold]')).flatMap(e => e.dataset.hold.split(' ')),
    off: Array.from(row.querySelectorAll('[data-off]')).flatMap(e => e.dataset.off.split(' ')),
    height: row.getBoundingClientRect().height,
}))"""


def ids_in_week(queryset, monday: date) -> list[str]:
    sunday = monday + timedelta(days=6)
    return sorted(str(pk) for pk in queryset.filter(start__lte=sunday, end__gte=monday).values_list("pk", flat=True))


@pytest.fixture
def busy_freelancer(db):
    call_command("demo", user="camille", password=TEST_PASSWORD, scale=10)
    return get_user_model().objects.get(username="camille")


def test_the_calendar_of_a_busy_year_fits_a_desktop_and_a_phone(
    busy_freelancer, live_server, browser_context_factory, console_errors, log_in
):
    bookings = Booking.objects.filter(owner=busy_freelancer)
    time_off = TimeOff.objects.filter(owner=busy_freelancer)
    assert bookings.filter(tentative=True).count() > 50, "the demo data has enough holds to crowd a month"

    desktop = browser_context_factory("desktop", locale="en-GB").new_page()
    console_errors.attach(desktop)
    log_in(desktop, "camille", TEST_PASSWORD)
    desktop.goto(live_server.url + reverse("projects:calendar"))
    expect(desktop.locator(".cal-grid")).to_be_visible()
    expect(desktop.locator(".cal-agenda")).to_be_hidden()
    height = desktop.evaluate("document.documentElement.scrollHeight")
    assert height < 1400, f"the month view is {height} px tall"

    rows = desktop.evaluate(WEEK_ROWS)
    assert len(rows) in (4, 5, 6)
    for row in rows:
        monday = date.fromisoformat(row["monday"])
        for kind, queryset in (
            ("firm", bookings.filter(tentative=False)),
            ("hold", bookings.filter(tentative=True)),
            ("off", time_off),
        ):
            # Each booking, hold and time off of the week is there once: as a bar or under "+N more" (a bar
            # names every booking it shows: a project's weekly bookings that follow each other are one bar).
            assert len(row[kind]) == len(set(row[kind])), f"a {kind} shown twice in the week of {monday}"
            assert set(ids_in_week(queryset, monday)) <= set(row[kind]), f"a {kind} missing in the week of {monday}"
    assert max(row["height"] for row in rows) < 120, "a week row stays short whatever the number of bookings"
    bar_names = desktop.locator(".cal-bars .cal-event").evaluate_all(
        "bars => bars.map(b => getComputedStyle(b).whiteSpace + ' ' + getComputedStyle(b).textOverflow)"
    )
    assert bar_names and set(bar_names) == {"nowrap ellipsis"}, "a project's name never breaks mid-word"

    # "+N more" opens the list of what did not fit, without leaving the page.
    more = desktop.locator(".cal-week-foot details").first
    more.locator("summary").click()
    expect(more.locator("li").first).to_be_visible()

    # The next month replaces the grid in place (htmx), rows built the same way.
    period = desktop.locator("#calendar-period").inner_text()
    desktop.locator("#calendar-grid a[rel=next]").click()
    expect(desktop.locator("#calendar-period")).not_to_have_text(period)
    assert desktop.evaluate("document.documentElement.scrollHeight") < 1400

    phone = browser_context_factory("phone", locale="en-GB").new_page()
    console_errors.attach(phone)
    log_in(phone, "camille", TEST_PASSWORD)
    phone.goto(live_server.url + reverse("projects:calendar"))
    expect(phone.locator(".cal-agenda")).to_be_visible()
    expect(phone.locator(".cal-grid")).to_be_hidden()
    expect(phone.locator(".cal-agenda-week")).to_have_count(len(rows))
    assert phone.evaluate("document.documentElement.scrollWidth <= innerWidth"), "the phone scrolls sideways"
    screenshot(phone, "calendar-phone")
