"""Accessibility basics on every key page, checked in the browser by axe-core (bundled by
axe-playwright-python, injected into the page: no CDN): no serious or critical violation, one h1, landmarks,
labelled fields, a visible focus, and a heat-map that does not speak in colours only."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from accounts.selectors import profile_get
from clients.models import Client
from projects.models import IncomingRequest, State
from referrals.models import Colleague
from tests.browser.conftest import screenshot
from tests.browser.support import assert_accessible, switch_language
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_key_pages_have_no_serious_accessibility_violation(
    live_server, browser_context_factory, console_errors, log_in
):
    call_command("demo", user="camille", password=TEST_PASSWORD, scale=1)
    client = Client.objects.filter(is_blacklisted=True).order_by("name").first()
    owner = client.owner
    incoming = IncomingRequest.objects.filter(owner=owner, state=State.NEW).order_by("-received_at").first()
    colleague = Colleague.objects.filter(owner=owner).order_by("name").first()
    token = profile_get(owner=owner).intake_token

    page = browser_context_factory(locale="fr-FR").new_page()
    console_errors.attach(page)
    page.goto(live_server.url + reverse("login"))
    switch_language(page, "en")
    assert_accessible(page)  # the login page, before anyone logs in
    log_in(page, "camille", TEST_PASSWORD)

    pages = [
        ("dashboard", reverse("dashboard")),
        ("inbox", reverse("projects:incoming_list")),
        ("triage", reverse("projects:incoming_detail", args=[incoming.pk])),
        (None, reverse("projects:incoming_create")),
        ("calendar", reverse("projects:calendar")),
        (None, reverse("projects:project_list")),
        (None, reverse("clients:client_list")),
        ("client", reverse("clients:client_detail", args=[client.pk])),
        ("blacklist", reverse("clients:blacklist")),
        (None, reverse("clients:client_blacklist_lift", args=[client.pk])),
        (None, reverse("referrals:colleague_list")),
        (None, reverse("referrals:colleague_create")),
        (None, reverse("referrals:colleague_detail", args=[colleague.pk])),
        ("network", reverse("referrals:network")),
        (None, reverse("search") + "?q=agence"),
        (None, reverse("reminder_list")),
        (None, reverse("settings")),
    ]
    for name, path in pages:
        page.goto(live_server.url + path)
        expect(page.locator("h1")).to_have_count(1)
        expect(page.get_by_role("navigation", name="Main navigation")).to_be_visible()
        expect(page.locator("header")).to_have_count(1)
        assert_accessible(page)
        if name:
            screenshot(page, name)

    # The focus is visible: a keyboard user tabbing in sees where they are.
    page.goto(live_server.url + reverse("dashboard"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Tab")
    focused_outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; }"
    )
    assert focused_outline, "the focused element shows no outline nor focus ring"

    # The heat-map says each week's load in words and figures, not only in colour.
    page.goto(live_server.url + reverse("projects:calendar"))
    weeks = page.evaluate(
        "() => Array.from(document.querySelectorAll('.heatmap .heat')).map(w => "
        "[w.querySelector('.heat-percent').textContent, w.querySelector('.visually-hidden').textContent.trim()])"
    )
    assert len(weeks) >= 20
    for percent, words in weeks:
        assert "%" in percent or "—" in percent
        assert words

    # The public intake form, as a prospect sees it.
    prospect = browser_context_factory(locale="en-GB").new_page()
    console_errors.attach(prospect)
    prospect.goto(live_server.url + reverse("projects:intake", kwargs={"token": token}))
    assert_accessible(prospect)
