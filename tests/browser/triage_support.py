"""What the triage browser tests share: opening a session, deciding, checking the form, recording."""

import re
from decimal import Decimal

from django.urls import reverse
from playwright.sync_api import Page, expect

from projects.models import DecisionReason, IncomingRequest, State
from tests.browser.support import (
    BROWSER_LOCALE,
    follow,
    h1,
    label,
    swapped,
    switch_language,
    tr,
)
from tests.factories import IncomingRequestFactory
from triage.decisions import FIELDS_FOR, OPTIONAL_FIELDS, REASONS_FOR
from triage.rules import ACTION_LABELS

QUESTIONS = (
    "Who is asking?",
    "Do I really have the time?",
    "Is it “not yet” rather than “no”?",
    "Can I refer it to someone else?",
    "Do I even need to answer?",
)


def open_session(browser_context_factory, console_errors, log_in, live_server, *, language, viewport="desktop"):
    """A freelancer's browser: the login page, the language switched in the footer, then logged in."""
    page = browser_context_factory(viewport=viewport, locale=BROWSER_LOCALE[language]).new_page()
    console_errors.attach(page)
    page.goto(live_server.url + reverse("login"))
    switch_language(page, language)
    expect(h1(page)).to_have_text(tr(language, "Log in to Tact"))
    log_in(page, "camille", "correct horse battery staple")
    expect(h1(page)).to_have_text(tr(language, "Dashboard"))
    return page


def walk_the_four_questions(page: Page, language: str) -> None:
    steps = page.get_by_role("navigation", name=tr(language, "Triage steps"))
    for number, question in enumerate(QUESTIONS):
        if number:  # the page opens on the first question
            steps.get_by_role("link", name=tr(language, question), exact=True).click()
        step = page.locator("#triage-step section")
        expect(step.locator("h3")).to_have_text(tr(language, question))
        expect(steps.locator("[aria-current=step]")).to_have_text(tr(language, question))
        if number == 0:
            expect(step).to_contain_text(tr(language, "Not blacklisted, and looks like no blacklisted client."))
            expect(step).to_contain_text(tr(language, "No red flags."))
        elif number == 1:
            expect(step.get_by_role("link", name=tr(language, "Open the calendar"))).to_be_visible()
        elif number == 2:
            expect(step).to_contain_text(tr(language, "What would make it work"))
        elif number == 4:
            expect(step).to_contain_text(tr(language, "Not marked as spam or pushy."))


def decision_radio(page: Page, language: str, to: State):
    return page.locator("#decide").get_by_label(label(language, ACTION_LABELS[to]), exact=True)


def decide(page: Page, language: str, to: State) -> None:
    """Tick a decision; with JavaScript the form follows (htmx swaps #decide): its reasons, its fields, its draft."""
    radio = decision_radio(page, language, to)
    if not radio.is_checked():
        with swapped(page):
            radio.check()
    expect(decision_radio(page, language, to)).to_be_checked()
    expect_the_form_of(page, language, to)


def expect_the_form_of(page: Page, language: str, to: State) -> None:
    """The form offers only the reasons that fit the decision, and only the decision's own fields."""
    form = page.locator("#decide")
    expect(form.locator("select[name=reason] option")).to_have_text(
        [label(language, DecisionReason(reason).label) for reason in REASONS_FOR[to]]
    )
    for name in OPTIONAL_FIELDS:
        expect(form.locator(f"[name={name}]")).to_have_count(1 if name in FIELDS_FOR[to] else 0)


def change(page: Page, action) -> None:
    """A figure of the decision changes: htmx posts the form and swaps it."""
    with swapped(page):
        action()


def record(page: Page, language: str, to: State) -> None:
    follow(page, page.get_by_role("button", name=tr(language, "Record the decision")))
    messages = page.locator(".messages")
    expect(messages).to_contain_text(tr(language, "Decision recorded: %(state)s.", state=label(language, to.label)))
    expect(page.locator("[data-state]")).to_have_text(label(language, to.label))
    # The decision on top, the recommendation gone; a negotiation stays open for its outcome, a final one closes.
    decided = page.locator("#decided")
    expect(decided).to_have_attribute("data-decided", to)
    expect(decided.locator("h2")).to_have_text(tr(language, "Decided: %(state)s", state=label(language, to.label)))
    expect(page.locator("#recommendation")).to_have_count(0)
    expect(page.locator("#decide")).to_have_count(1 if to == State.NEGOTIATING else 0)


def inbox_tab(page: Page, language: str, state: State):
    return page.get_by_role("navigation", name=tr(language, "Requests by state")).get_by_role(
        "link", name=re.compile("^" + re.escape(label(language, state.label)))
    )


def decide_without_javascript(page: Page, to: State, language: str = "en") -> None:
    """Tick a decision and press the button <noscript> shows: the whole page comes back with that decision's
    reasons, fields and draft."""
    decision_radio(page, language, to).check()
    follow(page, page.get_by_role("button", name=tr(language, "Show this decision’s fields and reply")))
    expect(h1(page)).to_have_count(1)
    expect(decision_radio(page, language, to)).to_be_checked()
    expect_the_form_of(page, language, to)


POTTER_EMAIL = "anna@potter.example"


def a_low_budget_request(owner) -> IncomingRequest:
    """40 hours for 1,200 €: under the minimum rate, so the advice is to negotiate, for 2,800 € (40 h × 70 €)."""
    return IncomingRequestFactory(
        client__owner=owner,
        client__name="Anna Potter",
        client__email=POTTER_EMAIL,
        client__language="en",
        title="Shop for a potter",
        estimated_hours=Decimal(40),
        budget_amount=Decimal(1200),
    )


def type_into(locator, text: str) -> None:
    """Type a figure and leave the field, as a user does: the change event fires on leaving."""
    locator.fill(text)
    locator.press("Tab")
