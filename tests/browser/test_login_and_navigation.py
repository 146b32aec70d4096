"""A freelancer logs in with a real browser and visits every entry of the navigation."""

import pytest
from django.urls import reverse

from tests.browser.support import tr
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_log_in_and_visit_every_navigation_entry(live_server, page, log_in, password):
    UserFactory(username="camille")
    page.goto(live_server.url + reverse("dashboard"))
    assert "/accounts/login/" in page.url  # anonymous visitors are sent to the login page

    log_in(page, "camille", password)
    language = page.locator("html").get_attribute("lang")  # whatever the browser asked for
    for label in ["Dashboard", "Requests", "Clients", "Blacklist", "Calendar", "Colleagues"]:
        page.get_by_role("navigation").get_by_role("link", name=tr(language, label), exact=True).click()
        page.wait_for_load_state()
        assert page.locator("h1").count() == 1
        assert page.locator("h1").first.is_visible()


def test_a_wrong_password_shows_an_error_and_keeps_the_visitor_out(live_server, page, password):
    UserFactory(username="camille")
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", "camille")
    page.fill("input[name=password]", "not my password")
    page.click("form[action$='/login/'] button[type=submit]")
    assert page.locator(".alert-danger, .invalid-feedback, .errorlist").first.is_visible()
    assert "/accounts/login/" in page.url
