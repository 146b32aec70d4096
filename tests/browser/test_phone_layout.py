"""No page scrolls sideways on a phone (issue #19): at 390 × 844, in English and in French, on the demo data,
every entry of the main navigation and every list fits the screen's width; the lists become stacked cards."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from accounts.context_processors import MAIN_NAVIGATION
from clients.models import Client
from projects.models import IncomingRequest, Invoice, State
from referrals.models import Colleague
from tests.browser.support import LANGUAGES, go_to, label, switch_language
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

# The page's width, and the elements that stick out of the screen on the right, widest first.
MEASURE = """() => {
  const screen = window.innerWidth;
  const name = element => element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
    + [...element.classList].slice(0, 3).map(c => '.' + c).join('');
  const out = [...document.querySelectorAll('main *, header *, footer *')]
    .map(element => [element, element.getBoundingClientRect()])
    .filter(([element, box]) => box.width > 0 && box.right > screen + 0.5)
    .sort((a, b) => b[1].right - a[1].right)
    .slice(0, 3)
    .map(([element, box]) => `${name(element)} reaches ${Math.round(box.right)} px`);
  return {width: document.documentElement.scrollWidth, screen, out};
}"""


def lists_and_pages(owner) -> list[tuple[str, str]]:
    """Every list (each tab of the requests), and the pages a list leads to, with rows in them."""
    blacklisted = Client.objects.filter(owner=owner, is_blacklisted=True).order_by("name").first()
    flagged = Client.objects.filter(owner=owner, red_flags__isnull=False).distinct().order_by("name").first()
    incoming = IncomingRequest.objects.filter(owner=owner, state=State.NEW).order_by("-received_at").first()
    invoiced = Invoice.objects.filter(owner=owner).order_by("-issued_on").first().project_id
    colleague = Colleague.objects.filter(owner=owner, referrals__isnull=False).distinct().order_by("name").first()
    requests = reverse("projects:incoming_list")
    return [
        *[(f"requests ({state})", f"{requests}?state={state}") for state in State.values],
        ("a request to triage", reverse("projects:incoming_detail", args=[incoming.pk])),
        ("log a request", reverse("projects:incoming_create")),
        ("projects", reverse("projects:project_list")),
        ("a project and its invoices", reverse("projects:project_detail", args=[invoiced])),
        ("a project's hours per week", reverse("projects:project_plan", args=[invoiced])),
        ("clients", reverse("clients:client_list")),
        ("a client with red flags", reverse("clients:client_detail", args=[flagged.pk])),
        ("a blacklisted client", reverse("clients:client_detail", args=[blacklisted.pk])),
        ("blacklist", reverse("clients:blacklist")),
        ("calendar, month", reverse("projects:calendar")),
        ("calendar, week", reverse("projects:calendar") + "?view=week"),
        ("time off", reverse("projects:time_off_list")),
        ("colleagues", reverse("referrals:colleague_list")),
        ("a colleague and their referrals", reverse("referrals:colleague_detail", args=[colleague.pk])),
        ("referrals", reverse("referrals:referral_list")),
        ("who owes whom", reverse("referrals:network")),
        ("reminders", reverse("reminder_list")),
        ("search", reverse("search") + "?q=site"),
        ("settings", reverse("settings")),
        ("triage settings", reverse("projects:triage_settings")),
        ("reply templates", reverse("projects:reply_template_list")),
        ("public request form settings", reverse("projects:intake_settings")),
    ]


def overflow(page, name: str) -> str | None:
    """None when the page fits the screen; else what sticks out, for the failure message."""
    measured = page.evaluate(MEASURE)
    if measured["width"] <= measured["screen"]:
        return None
    culprits = "; ".join(measured["out"]) or "no element named"
    return f"{name} ({page.url}) is {measured['width']} px wide on a {measured['screen']} px screen: {culprits}"


def test_no_page_scrolls_sideways_on_a_phone(live_server, browser_context_factory, console_errors, log_in):
    call_command("demo", user="camille", password=TEST_PASSWORD, scale=1)
    pages = lists_and_pages(get_user_model().objects.get(username="camille"))

    page = browser_context_factory(viewport="phone", locale="en-GB").new_page()
    console_errors.attach(page)
    log_in(page, "camille", TEST_PASSWORD)
    too_wide = []
    for language in LANGUAGES:
        page.goto(live_server.url + reverse("dashboard"))
        switch_language(page, language)
        for _section, _url_name, entry in MAIN_NAVIGATION:  # as a user would: through the menu behind the toggler
            go_to(page, language, label("en", entry))
            too_wide.append(overflow(page, f"{label(language, entry)} [{language}]"))
        for name, path in pages:
            page.goto(live_server.url + path)
            expect(page.locator("h1")).to_have_count(1)
            too_wide.append(overflow(page, f"{name} [{language}]"))
    too_wide = [report for report in too_wide if report]
    assert not too_wide, "pages wider than the phone:\n" + "\n".join(too_wide)


def test_a_list_on_a_phone_is_a_stack_of_cards_that_name_their_fields(
    live_server, browser_context_factory, console_errors, log_in
):
    """Each request is a card: its title first, then each field introduced by its column's name."""
    call_command("demo", user="camille", password=TEST_PASSWORD, scale=1)
    page = browser_context_factory(viewport="phone", locale="en-GB").new_page()
    console_errors.attach(page)
    log_in(page, "camille", TEST_PASSWORD)
    switch_language(page, "en")
    page.goto(live_server.url + reverse("projects:incoming_list"))

    card = page.locator("#results tbody tr").first
    title, client = card.locator("td").nth(0).bounding_box(), card.locator("td").nth(1).bounding_box()
    assert client["y"] >= title["y"] + title["height"] - 1, "the client is under the title, not beside it"
    assert card.bounding_box()["width"] <= 390
    introduced = card.locator("td[data-label='Received']").evaluate(
        "cell => getComputedStyle(cell, '::before').content"
    )
    assert introduced == '"Received"'
    assert page.locator("#results thead").bounding_box()["height"] <= 1  # the column names, for screen readers only
    header_buttons = page.locator("main .page-actions .btn")
    for index in range(header_buttons.count()):  # each button on one line: no word left alone on a second one
        box = header_buttons.nth(index).bounding_box()
        assert box["height"] <= 48, f"{header_buttons.nth(index).inner_text()} wraps ({box['height']} px tall)"
