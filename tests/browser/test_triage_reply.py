"""The reply on the triage page is the user's: edits survive new figures and decisions; Copy and email carry them."""

import re
from decimal import Decimal
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from projects.models import State
from tests.browser.support import (
    assert_accessible,
    follow,
    go_to,
    h1,
    money,
    swapped,
    tr,
)
from tests.browser.triage_support import (
    POTTER_EMAIL,
    a_low_budget_request,
    change,
    decide,
    decision_radio,
    open_session,
    record,
    type_into,
)
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def mailto_parts(href: str) -> dict:
    parts = urlsplit(href)
    assert parts.scheme == "mailto", href
    query = {key: values[0] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
    return {"to": unquote(parts.path), **query}


def test_an_edited_reply_survives_the_figures_and_the_decision_and_is_what_is_copied_and_mailed(
    live_server, browser_context_factory, console_errors, log_in
):
    owner = UserFactory(username="camille", first_name="Camille", last_name="Martin")
    incoming = a_low_budget_request(owner)
    context = browser_context_factory(locale="en-GB")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    console_errors.attach(page)
    log_in(page, "camille", TEST_PASSWORD)
    page.goto(live_server.url + reverse("projects:incoming_detail", args=[incoming.pk]))
    expect(h1(page)).to_have_text("Shop for a potter")
    expect(decision_radio(page, "en", State.NEGOTIATING)).to_be_checked()
    reply = page.locator("#decide #id_reply")
    expect(reply).to_have_value(re.compile(re.escape(money("en", Decimal(2800)))))

    # The user makes the draft their own first...
    edited = "Hello Anna,\n\nI love your glazes.\n\n" + reply.input_value()
    reply.fill(edited)
    kept = tr("en", "The decision or its figures changed; your edited reply was kept.")
    redraft = page.get_by_role("button", name=tr("en", "Redraft with the new figures"))
    expect(redraft).to_have_count(0)

    # ...then changes the counter-offer: the edited text stays, and a redraft is offered, not imposed.
    change(page, lambda: type_into(page.locator("#decide input[name=counter_offer]"), "3000"))
    expect(page.locator("#decide input[name=counter_offer]")).to_have_value("3000")
    expect(reply).to_have_value(edited)
    expect(page.locator("#decide")).to_contain_text(kept)
    expect(redraft).to_be_visible()

    # ...then changes the decision: still the edited text, in the form of the new decision.
    decide(page, "en", State.DECLINED)
    expect(reply).to_have_value(edited)
    expect(page.locator("#decide")).to_contain_text(kept)
    expect(redraft).to_be_visible()

    # A redraft is only on request, and can be undone.
    with swapped(page):
        redraft.click()
    expect(reply).not_to_have_value(edited)
    expect(reply).not_to_have_value("")
    undo = page.get_by_role("button", name=tr("en", "Undo the redraft"))
    with swapped(page):
        undo.click()
    expect(reply).to_have_value(edited)
    expect(redraft).to_be_visible()

    # One more edit, with no request to the server at all: Copy and Open in my email take the text as it is now.
    final = edited + "\n\nPS: I can call you on Monday."
    reply.fill(final)
    draft = page.locator("#draft")
    copy = draft.locator("[data-copy-target]")
    expect(copy).to_have_text(tr("en", "Copy"))
    copy.click()
    expect(copy).to_have_text(tr("en", "Copied"))
    assert page.evaluate("() => navigator.clipboard.readText()") == final

    # The mail client is not opened: a listener (added after the page's own) cancels the link's default action.
    page.evaluate(
        """() => document.addEventListener("click", event => {
            if (event.target.closest("a[href^='mailto:']")) { event.preventDefault(); }
        })"""
    )
    url = page.url
    mail = draft.get_by_role("link", name=tr("en", "Open in my email"))
    mail.click()
    assert page.url == url
    parts = mailto_parts(mail.get_attribute("href"))
    assert parts["to"] == POTTER_EMAIL
    assert parts["subject"] == "Re: Shop for a potter"
    assert parts["body"] == final

    # Recorded: the reply to send is that text, line breaks kept, with its own Copy and Open in my email.
    record(page, "en", State.DECLINED)
    assert_accessible(page)  # before any click: a button caught mid-transition (hover) reads as low contrast
    sent = page.locator("#sent-reply")
    assert sent.inner_text() == final
    decided = page.locator("#decided")
    copy = decided.locator("[data-copy-target]")
    expect(copy).to_have_text(tr("en", "Copy"))
    copy.click()
    expect(copy).to_have_text(tr("en", "Copied"))
    assert page.evaluate("() => navigator.clipboard.readText()") == final
    parts = mailto_parts(decided.get_by_role("link", name=tr("en", "Open in my email")).get_attribute("href"))
    assert parts["to"] == POTTER_EMAIL
    assert parts["body"].replace("\r\n", "\n") == final


class Counted:
    """The user's actions and the page loads of a journey: clicks (and taps), what is typed or picked in a
    field, the main frame's navigations (Playwright's "framenavigated", which also fires for a URL an htmx
    swap pushes), and the full page loads among them (a new document: "domcontentloaded")."""

    def __init__(self, page: Page):
        self.page = page
        self.clicks = self.entries = 0
        self.navigations: list[str] = []
        self.loads: list[str] = []
        page.on("framenavigated", lambda frame: frame == page.main_frame and self.navigations.append(frame.url))
        page.on("domcontentloaded", lambda _: self.loads.append(page.url))

    def click(self, locator) -> None:
        self.clicks += 1
        locator.click()

    def follow(self, locator) -> None:
        self.clicks += 1
        follow(self.page, locator)

    def fill(self, locator, text: str) -> None:
        self.entries += 1
        locator.fill(text)

    def type_figure(self, locator, text: str) -> None:
        self.entries += 1
        type_into(locator, text)


@pytest.mark.parametrize("edit_first", [False, True], ids=["figures-then-edit", "edit-then-figures"])
def test_the_negotiation_journey_in_clicks_and_page_loads(
    live_server, browser_context_factory, console_errors, log_in, capsys, edit_first
):
    """Log a request → triage → negotiate → edit the reply → record, from the inbox, with JavaScript: three clicks
    and three page loads (the form, the triage page, the recorded decision); the counter-offer and the reply are
    edited in place, in either order: an edit made first is kept. The counts are the closing note of issue #16."""
    UserFactory(username="camille", first_name="Camille", last_name="Martin")
    page = open_session(browser_context_factory, console_errors, log_in, live_server, language="en")
    go_to(page, "en", "Requests")
    journey = Counted(page)

    # Log the request that came by email.
    journey.follow(page.get_by_role("link", name=tr("en", "Log a request")))
    journey.fill(page.locator("input[name=client_name]"), "Anna Potter")
    journey.fill(page.locator("input[name=client_email]"), POTTER_EMAIL)
    journey.fill(page.locator("input[name=title]"), "Shop for a potter")
    journey.fill(page.locator("input[name=estimated_hours]"), "40")
    journey.fill(page.locator("input[name=budget_amount]"), "1200")
    journey.follow(page.get_by_role("button", name=tr("en", "Log and triage")))
    expect(h1(page)).to_have_text("Shop for a potter")

    # Triage: the advice is to negotiate, for 2,800 €; the user rounds the counter-offer up and adds a line.
    expect(page.locator("#recommendation")).to_have_attribute("data-recommendation", State.NEGOTIATING)
    expect(decision_radio(page, "en", State.NEGOTIATING)).to_be_checked()
    reply = page.locator("#id_reply")
    ps = "\n\nPS: I love your glazes."
    if edit_first:
        edited = reply.input_value() + ps
        journey.fill(reply, edited)
    with swapped(page):
        journey.type_figure(page.locator("#decide input[name=counter_offer]"), "3000")
    if edit_first:  # kept as written (with the figure it had), a redraft offered
        expect(reply).to_have_value(edited)
        expect(page.get_by_role("button", name=tr("en", "Redraft with the new figures"))).to_be_visible()
    else:  # an untouched draft follows the figure
        expect(reply).to_have_value(re.compile(re.escape(money("fr", Decimal(3000)))))
        edited = reply.input_value() + ps
        journey.fill(reply, edited)
    journey.follow(page.get_by_role("button", name=tr("en", "Record the decision")))
    expect(page.locator("#decided")).to_have_attribute("data-decided", State.NEGOTIATING)
    assert page.locator("#sent-reply").inner_text() == edited

    with capsys.disabled():
        print(
            f"\n[journey, edit first: {edit_first}] clicks={journey.clicks} entries={journey.entries} "
            f"main-frame navigations={len(journey.navigations)} page loads={len(journey.loads)}: {journey.loads}"
        )
    assert (journey.clicks, journey.entries) == (3, 7)
    assert len(journey.loads) == 3
    assert len(journey.navigations) == 3
