"""The triage page's own promises (issue #16), in a real browser: Back shows whole pages, never an htmx
fragment; on a phone the advice and the way to decide come first, with touch-sized targets; without
JavaScript an error keeps the chosen decision's form and the reply (the reply itself: test_triage_reply.py)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from projects.models import State
from referrals.models import Referral
from tests.browser.support import (
    assert_accessible,
    follow,
    go_to,
    h1,
    label,
    switch_language,
    tr,
)
from tests.browser.triage_support import (
    a_low_budget_request,
    change,
    decide,
    decide_without_javascript,
    decision_radio,
    expect_the_form_of,
    open_session,
    record,
    type_into,
)
from tests.factories import TEST_PASSWORD, ColleagueFactory, UserFactory
from triage.rules import ACTION_LABELS

pytestmark = pytest.mark.django_db(transaction=True)


# --- (a) The reply is the user's --------------------------------------------------------------------


# --- (b) Back never shows a fragment -------------------------------------------------------------------


def expect_the_whole_page(page: Page, language: str, title: str) -> None:
    """A page with its head and its layout: the title, the styles, the navigation, one h1, the footer —
    not the bare HTML of an htmx fragment."""
    expect(page).to_have_title(re.compile(re.escape(title) + r" · Tact$"))
    expect(h1(page)).to_have_text(title)
    expect(page.get_by_role("navigation", name=tr(language, "Main navigation"))).to_be_visible()
    expect(page.locator("footer")).to_be_visible()
    styles = page.evaluate(
        """() => ({
            sheets: document.styleSheets.length,
            bodyMargin: getComputedStyle(document.body).marginTop,
            navbar: getComputedStyle(document.querySelector(".navbar")).display,
        })"""
    )
    assert styles == {"sheets": 2, "bodyMargin": "0px", "navbar": "flex"}, styles
    assert_accessible(page)


def current_step(page: Page, language: str):
    return page.get_by_role("navigation", name=tr(language, "Triage steps")).locator("[aria-current=step]")


@pytest.mark.parametrize("via_a_step", [False, True], ids=["straight", "after-a-step-link"])
def test_back_after_recording_a_decision_shows_the_whole_page(
    live_server, browser_context_factory, console_errors, log_in, via_a_step
):
    owner = UserFactory(username="camille", first_name="Camille", last_name="Martin")
    incoming = a_low_budget_request(owner)
    page = open_session(browser_context_factory, console_errors, log_in, live_server, language="en")
    go_to(page, "en", "Requests")
    follow(page, page.get_by_role("link", name="Shop for a potter"))
    detail = page.url
    question = tr("en", "Is it “not yet” rather than “no”?")
    if via_a_step:  # an htmx swap that pushes its URL (?step=2) into the history
        page.get_by_role("navigation", name=tr("en", "Triage steps")).get_by_role("link", name=question).click()
        expect(current_step(page, "en")).to_have_text(question)
        expect(page).to_have_url(re.compile(r"\?step=2$"))
    # Decide: a figure changes (htmx posts and swaps the form), then the decision is recorded.
    change(page, lambda: type_into(page.locator("#decide input[name=counter_offer]"), "3000"))
    record(page, "en", State.NEGOTIATING)

    page.go_back()
    expect(page).to_have_url(detail + ("?step=2" if via_a_step else ""))
    expect_the_whole_page(page, "en", incoming.title)
    if via_a_step:
        expect(current_step(page, "en")).to_have_text(question)
        page.go_back()
        expect(page).to_have_url(detail)
        expect_the_whole_page(page, "en", incoming.title)
        expect(current_step(page, "en")).to_have_text(tr("en", "Who is asking?"))
    page.go_back()
    expect_the_whole_page(page, "en", tr("en", "Requests"))


# --- (c) On a phone --------------------------------------------------------------------------------


def box_in_viewport(page: Page, locator) -> dict:
    """The element's box, asserted to lie within the viewport as the page opens (no scrolling)."""
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height, (box, height)
    return box


def wait_for_the_scroll_to_end(page: Page) -> None:
    """Bootstrap scrolls smoothly: wait until the page has not moved for a few frames."""
    page.evaluate(
        """() => new Promise(resolve => {
            let last = -1, still = 0;
            const frame = () => {
                if (window.scrollY === last) { still += 1; } else { still = 0; last = window.scrollY; }
                if (still >= 5) { resolve(); } else { requestAnimationFrame(frame); }
            };
            requestAnimationFrame(frame);
        })"""
    )


def clickable_height(page: Page, radio) -> int:
    """The height, in CSS pixels, of the strip that selects the radio when tapped: every point, down a vertical
    line through the radio and one through its label, where the element hit is the radio or its label."""
    # Instantly: Bootstrap makes scrolling smooth, and a box measured mid-scroll would move under the sticky bar.
    radio.evaluate("element => element.closest('fieldset').scrollIntoView({block: 'center', behavior: 'instant'})")
    return radio.evaluate(
        """input => {
            const label = input.labels[0];
            const row = input.closest(".form-check") || input.parentElement;
            const top = Math.min(row.getBoundingClientRect().top, label.getBoundingClientRect().top) - 20;
            const bottom = Math.max(row.getBoundingClientRect().bottom, label.getBoundingClientRect().bottom) + 20;
            const hits = x => {
                let count = 0;
                for (let y = Math.floor(top); y <= Math.ceil(bottom); y++) {
                    const element = document.elementFromPoint(x, y);
                    if (element && (element === input || element === label || label.contains(element))) { count++; }
                }
                return count;
            };
            const center = element => { const r = element.getBoundingClientRect(); return r.left + r.width / 2; };
            return Math.max(hits(center(input)), hits(center(label)));
        }"""
    )


def test_on_a_phone_the_advice_and_the_way_to_decide_come_first(
    live_server, browser_context_factory, console_errors, log_in
):
    owner = UserFactory(username="camille", first_name="Camille", last_name="Martin")
    incoming = a_low_budget_request(owner)
    page = open_session(browser_context_factory, console_errors, log_in, live_server, language="en", viewport="phone")
    assert page.viewport_size == {"width": 390, "height": 844}
    page.goto(live_server.url + reverse("projects:incoming_detail", args=[incoming.pk]))
    expect(h1(page)).to_have_text("Shop for a potter")

    # Without scrolling: the recommendation, above the sticky bar, and the bar with the advice and "Decide".
    bar = page.locator(".action-bar")
    expect(bar).to_be_visible()
    bar_box = box_in_viewport(page, bar)
    heading = page.locator("#recommendation-title")
    expect(heading).to_contain_text(label("en", ACTION_LABELS[State.NEGOTIATING]))
    heading_box = box_in_viewport(page, heading)
    assert heading_box["y"] + heading_box["height"] <= bar_box["y"], "the sticky bar hides the recommendation"
    expect(bar).to_contain_text(tr("en", "Recommendation:") + " " + label("en", ACTION_LABELS[State.NEGOTIATING]))
    decide_link = bar.get_by_role("link", name=tr("en", "Decide"))
    box_in_viewport(page, decide_link)
    # The right column comes first: the recommendation before the request's description.
    assert heading_box["y"] < page.locator("blockquote").bounding_box()["y"]

    # "Decide" leads to the decision, in view and clear of the bar.
    decide_link.click()
    expect(page).to_have_url(re.compile("#decide$"))
    wait_for_the_scroll_to_end(page)
    expect(page.locator("#decide-title")).to_be_in_viewport()
    title_box = page.locator("#decide-title").bounding_box()
    assert title_box["y"] >= 0 and title_box["y"] + title_box["height"] <= bar.bounding_box()["y"]

    # Once decided, the decision and the reply to send come first; the bar then leads to the next step.
    record(page, "en", State.NEGOTIATING)
    page.evaluate("() => window.scrollTo(0, 0)")
    box_in_viewport(page, page.locator("#decided-title"))
    expect(bar).to_contain_text(tr("en", "Next step"))
    box_in_viewport(page, bar.get_by_role("link", name=tr("en", "Decide")))
    assert_accessible(page)


def test_on_a_phone_the_decision_s_controls_are_touch_sized(
    live_server, browser_context_factory, console_errors, log_in
):
    """At least 44 × 44 px for a finger (the issue; WCAG 2.5.5): the bar's "Decide", and each decision radio,
    measured as the strip that really selects it when tapped (the radio and its label), not as its row."""
    owner = UserFactory(username="camille", first_name="Camille", last_name="Martin")
    incoming = a_low_budget_request(owner)
    page = open_session(browser_context_factory, console_errors, log_in, live_server, language="en", viewport="phone")
    page.goto(live_server.url + reverse("projects:incoming_detail", args=[incoming.pk]))
    decide_box = page.locator(".action-bar").get_by_role("link", name=tr("en", "Decide")).bounding_box()
    assert decide_box["height"] >= 44 and decide_box["width"] >= 44, decide_box

    # Every decision can be tapped: a strip of at least 44 px selects it.
    radios = page.locator("#decide input[name=to]")
    expect(radios).to_have_count(5)
    heights = {radios.nth(i).get_attribute("value"): clickable_height(page, radios.nth(i)) for i in range(5)}
    assert all(height >= 44 for height in heights.values()), f"tap heights in px: {heights}"


# --- (d) Without JavaScript, an error keeps the decision's form and the reply ---------------------------


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_after_an_error_the_form_keeps_the_decision_s_fields_and_the_reply(
    live_server, browser_context_factory, console_errors, log_in, javascript
):
    """Refer without saying to whom: the answer (400, the whole page) shows the error in the form of that
    decision, with only its fields, and the reply as the user left it. Without JavaScript first: the issue's
    case; with JavaScript too, where axe can run (it needs JavaScript in the page)."""
    owner = UserFactory(username="camille", first_name="Camille", last_name="Martin")
    incoming = a_low_budget_request(owner)
    colleague = ColleagueFactory(owner=owner, name="Léa Rousseau")  # no skill of this request: not suggested
    page = browser_context_factory(java_script_enabled=javascript, locale="fr-FR").new_page()
    console_errors.attach(page)
    page.goto(live_server.url + reverse("login"))
    switch_language(page, "en", javascript=javascript)
    log_in(page, "camille", TEST_PASSWORD)
    page.goto(live_server.url + reverse("projects:incoming_detail", args=[incoming.pk]))
    expect(h1(page)).to_have_text("Shop for a potter")

    # Refer, but forget to say to whom.
    if javascript:
        decide(page, "en", State.REFERRED)
    else:
        decide_without_javascript(page, State.REFERRED)
    colleague_select = page.locator("#decide select[name=colleague]")
    expect(colleague_select).to_have_value("")
    reason = page.locator("#decide select[name=reason]").input_value()
    reply = page.locator("#id_reply")
    edited = reply.input_value() + "\n\nShe is the best illustrator I know."
    reply.fill(edited)
    with page.expect_navigation() as answer:
        page.get_by_role("button", name=tr("en", "Record the decision")).click()
    assert answer.value.status == 400

    # The answer: the error, the decision still Refer with only its fields, the reply as the user left it.
    expect(h1(page)).to_have_text("Shop for a potter")
    expect(page.locator("#decide")).to_contain_text(tr("en", "Choose the colleague you refer the client to."))
    expect(decision_radio(page, "en", State.REFERRED)).to_be_checked()
    expect_the_form_of(page, "en", State.REFERRED)
    expect(page.locator("#decide select[name=reason]")).to_have_value(reason)
    expect(reply).to_have_value(edited)
    expect(page.locator("[data-state]")).to_have_text(label("en", State.NEW.label))
    expected_400(page, console_errors, reverse("projects:incoming_decide", args=[incoming.pk]))
    if javascript:
        assert_accessible(page)

    # Corrected, it is recorded with that reply.
    if javascript:
        change(page, lambda: page.locator("#decide select[name=colleague]").select_option(str(colleague.pk)))
        expect(reply).to_have_value(edited)
    else:
        page.locator("#decide select[name=colleague]").select_option(str(colleague.pk))
    record(page, "en", State.REFERRED)
    assert page.locator("#sent-reply").inner_text() == edited
    assert Referral.objects.filter(colleague=colleague, incoming=incoming).exists()


def expected_400(page: Page, console_errors: list, path: str) -> None:
    """Chromium reports a page answered 400 (a form with errors) as a console error: that one is expected,
    once; any other error still fails the test."""
    for _ in range(40):
        found = [error for error in console_errors if "status of 400" in error and path in error]
        if found:
            break
        page.wait_for_timeout(50)
    assert len(found) == 1, list(console_errors)
    console_errors.remove(found[0])


# --- The journey, counted ------------------------------------------------------------------------------
