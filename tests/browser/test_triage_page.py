"""The triage page's own promises (issue #16), in a real browser: the reply is the user's (an edited reply
survives a change of figure or of decision, and "Copy" and "Open in my email" carry it as it is now); Back
shows whole pages, never an htmx fragment; on a phone the advice and the way to decide come first, with
touch-sized targets; without JavaScript an error keeps the chosen decision's form and the reply. And one
journey counted in clicks and page loads (log a request → triage → negotiate → edit the reply → record)."""

import re
from decimal import Decimal
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from projects.models import IncomingRequest, State
from referrals.models import Referral
from tests.browser.support import (
    assert_accessible,
    follow,
    go_to,
    h1,
    label,
    money,
    swapped,
    switch_language,
    tr,
)
from tests.browser.test_journey_triage import (
    change,
    decide,
    decide_without_javascript,
    decision_radio,
    expect_the_form_of,
    open_session,
    record,
)
from tests.factories import TEST_PASSWORD, ColleagueFactory, IncomingRequestFactory, UserFactory
from triage.rules import ACTION_LABELS

pytestmark = pytest.mark.django_db(transaction=True)

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


def mailto_parts(href: str) -> dict:
    parts = urlsplit(href)
    assert parts.scheme == "mailto", href
    query = {key: values[0] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
    return {"to": unquote(parts.path), **query}


# --- (a) The reply is the user's --------------------------------------------------------------------


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
