"""The settings page in a real browser: the week in one row (stacked on a phone), a time zone found by typing,
and one language, whether it is changed in the footer or on the page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import Profile
from tests.browser.support import assert_accessible, switch_language
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

FILTER = "Find a time zone: Paris, Montreal, UTC…"
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def open_settings(live_server, browser_context_factory, console_errors, log_in, password, **context):
    UserFactory(username="camille")
    page = browser_context_factory(**context).new_page()
    console_errors.attach(page)
    log_in(page, "camille", password)
    page.goto(live_server.url + reverse("settings"))
    return page


def day_tops(page) -> list[float]:
    return [page.locator(f"#id_{day}_hours").bounding_box()["y"] for day in DAYS]


def test_the_week_is_one_row_on_a_desktop_and_stacked_on_a_phone(
    live_server, browser_context_factory, console_errors, log_in, password
):
    desktop = open_settings(live_server, browser_context_factory, console_errors, log_in, password)
    assert len(set(day_tops(desktop))) == 1
    assert_accessible(desktop)

    phone = browser_context_factory(viewport="phone").new_page()
    console_errors.attach(phone)
    log_in(phone, "camille", password)
    phone.goto(live_server.url + reverse("settings"))
    assert len(set(day_tops(phone))) == 4  # two days a row
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_time_zone_is_found_by_typing_a_city_and_saved(
    live_server, browser_context_factory, console_errors, log_in, password
):
    page = open_settings(live_server, browser_context_factory, console_errors, log_in, password)
    search = page.get_by_role("searchbox", name=FILTER)
    search.fill("new york")
    zone = page.locator("#id_time_zone")
    expect(zone.locator("option:not([hidden])")).to_have_text(["New York"])
    search.press("Enter")  # picks the match; the form is not sent
    expect(zone).to_have_value("America/New_York")
    expect(search).to_have_value("")
    expect(zone.locator("option[hidden]")).to_have_count(0)
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert Profile.objects.get(user__username="camille").time_zone == "America/New_York"


def test_without_javascript_the_time_zone_is_a_plain_list(
    live_server, browser_context_factory, console_errors, log_in, password
):
    page = open_settings(
        live_server, browser_context_factory, console_errors, log_in, password, java_script_enabled=False
    )
    expect(page.get_by_role("searchbox", name=FILTER)).to_have_count(0)
    page.locator("#id_time_zone").select_option("Asia/Tokyo")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert Profile.objects.get(user__username="camille").time_zone == "Asia/Tokyo"


def test_the_footer_and_the_settings_page_are_one_language_setting(
    live_server, browser_context_factory, console_errors, log_in, password
):
    page = open_settings(live_server, browser_context_factory, console_errors, log_in, password, locale="en-GB")
    switch_language(page, "fr")  # in the footer
    expect(page.locator("h1")).to_have_text("Paramètres")
    expect(page.locator("#id_language")).to_have_value("fr")
    page.locator("#id_language").select_option("en")  # on the page
    with page.expect_navigation():
        page.locator("form[method=post] button[type=submit]").filter(has_text="Enregistrer").click()
    expect(page.locator("h1")).to_have_text("Settings")
    expect(page.locator("footer select[name=language]")).to_have_value("en")
