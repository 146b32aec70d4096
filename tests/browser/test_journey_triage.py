"""Journey 1 — triage a new request, in a real browser, as the freelancer sees it.

A prospect fills in the public form (a second browser, not logged in); the request lands in the inbox;
the freelancer walks the four questions, reads the recommendation and its reasons, decides otherwise (the
form follows: only the reasons and the fields of that decision, a new draft), thinks again and negotiates the
fee, edits the drafted reply and records the decision: the page shows the reply to send; the request leaves
the inbox and the decision with its reply is on the client's page. Then one short run per decision kind, and
the whole flow without JavaScript. The page's own promises (an edited reply is kept, Back, the phone, errors
without JavaScript) are in test_triage_page.py.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.selectors import profile_get
from clients.models import BlacklistAction, RedFlagKind
from projects.models import BudgetKind, Channel, DecisionReason, IncomingRequest, State
from tests.browser.conftest import screenshot
from tests.browser.support import (
    LANGUAGES,
    assert_accessible,
    exactly,
    follow,
    go_to,
    h1,
    label,
    money,
    switch_language,
    tr,
)
from tests.browser.triage_support import (
    QUESTIONS,
    change,
    decide,
    decide_without_javascript,
    decision_radio,
    expect_the_form_of,
    inbox_tab,
    open_session,
    record,
    walk_the_four_questions,
)
from tests.factories import ClientFactory, ColleagueFactory, IncomingRequestFactory, SkillFactory, UserFactory
from triage.rules import ACTION_LABELS
from triage.signals import MISSING_LABELS, MISSING_SCOPE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_triage_a_request_from_the_public_form(
    live_server, browser_context_factory, console_errors, log_in, language, viewport
):
    owner = UserFactory(username="camille", first_name="Camille", last_name="Martin")
    token = profile_get(owner=owner).intake_token
    page = open_session(
        browser_context_factory, console_errors, log_in, live_server, language=language, viewport=viewport
    )

    # A prospect, in another browser and not logged in, fills in the public form.
    prospect = browser_context_factory(viewport=viewport, locale=f"{language}-{language.upper()}").new_page()
    console_errors.attach(prospect)
    prospect.goto(live_server.url + reverse("projects:intake", kwargs={"token": token}))
    expect(h1(prospect)).to_have_text(tr(language, "Send a request to %(name)s", name="Camille Martin"))
    start = timezone.localdate() + timedelta(days=14)
    prospect.fill("input[name=name]", "Jeanne Dubreuil")
    prospect.fill("input[name=email]", "jeanne@boulangerie-dubreuil.fr")
    prospect.fill("input[name=company]", "Boulangerie Dubreuil")
    prospect.select_option("select[name=language]", language)
    prospect.fill("input[name=title]", "Online orders for the bakery")
    prospect.fill("textarea[name=description]", "Customers should order bread online and pick it up.")
    prospect.fill("input[name=skills]", "Django")
    prospect.select_option("select[name=budget_kind]", BudgetKind.FIXED)
    prospect.fill("input[name=budget_amount]", "3000")
    prospect.fill("input[name=desired_start]", start.isoformat())
    prospect.fill("input[name=deadline]", (start + timedelta(days=30)).isoformat())
    follow(prospect, prospect.get_by_role("button", name=tr(language, "Send")))
    expect(h1(prospect)).to_have_text(tr(language, "Thank you, your request is sent"))

    # It is in the inbox, among the new requests.
    go_to(page, language, "Requests")
    expect(h1(page)).to_have_text(tr(language, "Requests"))
    expect(inbox_tab(page, language, State.NEW)).to_have_attribute("aria-current", "page")
    row = page.locator("#results tbody tr", has_text="Online orders for the bakery")
    expect(row).to_contain_text("Jeanne Dubreuil")
    expect(row).to_contain_text(label(language, Channel.WEBSITE.label))
    expect(row).to_contain_text(money(language, Decimal(3000)))
    if language == "fr" and viewport == "phone":
        assert_accessible(page)

    # Open it: the four questions and the recommendation with its reasons. The prospect gave a budget but no
    # estimate can come from a form: the advice is to negotiate, asking for the scope first.
    follow(page, row.get_by_role("link", name="Online orders for the bakery"))
    expect(h1(page)).to_have_text("Online orders for the bakery")
    expect(page.locator("[data-state]")).to_have_text(label(language, State.NEW.label))
    recommendation = page.locator("#recommendation")
    expect(recommendation).to_be_visible()
    expect(recommendation).to_have_attribute("data-recommendation", State.NEGOTIATING)
    expect(recommendation).to_have_attribute("data-reason", DecisionReason.MISSING_DETAILS)
    recommended = State(recommendation.get_attribute("data-recommendation"))
    expect(recommendation.locator("h2")).to_contain_text(label(language, ACTION_LABELS[recommended]))
    expect(recommendation).to_contain_text(label(language, DecisionReason.MISSING_DETAILS.label))
    expect(recommendation.locator("[data-missing]")).to_contain_text(label(language, MISSING_LABELS[MISSING_SCOPE]))
    expect(recommendation.locator("li").first).to_be_visible()
    # The form starts from the recommendation.
    expect(decision_radio(page, language, recommended)).to_be_checked()
    expect(page.locator("#decide select[name=reason]")).to_have_value(DecisionReason.MISSING_DETAILS)
    expect_the_form_of(page, language, recommended)
    walk_the_four_questions(page, language)
    if language == "fr" and viewport == "desktop":
        screenshot(page, "triage-fr")
    if language == "fr" and viewport == "phone":
        assert_accessible(page)

    # Decide otherwise than recommended: decline. The form follows: the reasons of a decline (never "Fits"),
    # its fields (no counter-offer), and a new draft, since nobody touched the first one.
    assert recommended == State.NEGOTIATING
    reply = page.locator("#decide #id_reply")
    first_draft = reply.input_value()
    assert first_draft
    decide(page, language, State.DECLINED)
    expect(page.locator(f"#decide select[name=reason] option[value={DecisionReason.FITS}]")).to_have_count(0)
    expect(reply).not_to_have_value(first_draft)
    expect(reply).not_to_have_value("")

    # Think again: negotiate a higher fee. The draft now quotes the counter-offer, in the client's language.
    decide(page, language, State.NEGOTIATING)
    change(page, lambda: page.locator("#decide select[name=reason]").select_option(DecisionReason.RATE_BELOW_MINIMUM))
    expect(page.locator("#decide select[name=reason]")).to_have_value(DecisionReason.RATE_BELOW_MINIMUM)
    counter_offer = page.locator("#decide input[name=counter_offer]")

    def type_the_counter_offer():
        counter_offer.fill("4200")
        counter_offer.press("Tab")

    change(page, type_the_counter_offer)
    expect(page.locator("#decide input[name=counter_offer]")).to_have_value("4200")
    expect(reply).to_have_value(re.compile(re.escape(money(language, Decimal(4200)))))
    edited = reply.input_value() + "\n\nPS: I can show you a bakery site I made last spring."
    reply.fill(edited)
    record(page, language, State.NEGOTIATING)

    # The reply to send is on top, line breaks kept, ready to copy; the next step's form is below.
    decided = page.locator("#decided")
    expect(decided).to_contain_text(tr(language, "The reply to send"))
    expect(decided).to_contain_text(tr(language, "counter-offer %(amount)s", amount=money(language, Decimal(4200))))
    assert decided.locator("#sent-reply").inner_text() == edited
    expect(decided.get_by_role("button", name=tr(language, "Copy"))).to_be_visible()
    expect(decided.get_by_role("link", name=tr(language, "Open in my email"))).to_have_attribute(
        "href", re.compile("^mailto:jeanne%40boulangerie-dubreuil.fr")
    )
    expect(page.locator("main")).to_contain_text(tr(language, "When the client answers, record what comes next:"))
    expect(decision_radio(page, language, State.ACCEPTED)).to_be_checked()
    history = page.locator("ol.list-unstyled").last
    expect(history).to_contain_text(label(language, State.NEGOTIATING.label))
    history.locator("summary").click()
    expect(history.locator(".reply-text")).to_contain_text("PS: I can show you a bakery site I made last spring.")

    # It left the inbox.
    go_to(page, language, "Requests")
    expect(page.locator("#results")).not_to_contain_text("Online orders for the bakery")
    expect(page.locator("#results")).to_contain_text(tr(language, "No requests here."))
    follow(page, inbox_tab(page, language, State.NEGOTIATING))
    expect(page.locator("#results")).to_contain_text("Online orders for the bakery")

    # The client's page tells the story: the request, the decision, and the reply sent.
    go_to(page, language, "Clients")
    follow(page, page.get_by_role("link", name="Jeanne Dubreuil"))
    expect(h1(page)).to_have_text("Jeanne Dubreuil")
    timeline = page.locator("#timeline")
    request_entry = timeline.locator("li.timeline-request")
    expect(request_entry.locator(".badge")).to_have_text(tr(language, "Request"))
    expect(request_entry).to_contain_text("Online orders for the bakery")
    decision = timeline.locator("li.timeline-decision")
    expect(decision.locator(".badge")).to_have_text(tr(language, "Decision"))
    expect(decision).to_contain_text(label(language, State.NEGOTIATING.label))
    decision.locator("summary").click()
    expect(decision).to_contain_text("PS: I can show you a bakery site I made last spring.")


# --- One short run per decision kind (desktop, English) ---------------------------------------------


@pytest.fixture
def owner_page(live_server, browser_context_factory, console_errors, log_in):
    owner = UserFactory(username="camille", first_name="Camille", last_name="Martin")
    page = open_session(browser_context_factory, console_errors, log_in, live_server, language="en")
    return owner, page


def open_request(page: Page, live_server, incoming: IncomingRequest) -> None:
    go_to(page, "en", "Requests")
    follow(page, page.get_by_role("link", name=incoming.title))
    expect(h1(page)).to_have_text(incoming.title)


def accept_books_the_calendar(owner, page: Page, live_server) -> None:
    today = timezone.localdate()
    incoming = IncomingRequestFactory(
        client__owner=owner,
        title="Brochure site for a florist",
        estimated_hours=Decimal(14),
        budget_amount=Decimal(1400),
        desired_start=today,
        deadline=today + timedelta(days=14),
    )
    open_request(page, live_server, incoming)
    expect(page.locator("[data-recommendation]")).to_have_attribute("data-recommendation", State.ACCEPTED)
    decide(page, "en", State.ACCEPTED)
    record(page, "en", State.ACCEPTED)

    go_to(page, "en", "Calendar")
    expect(h1(page)).to_have_text("Calendar")
    booking = page.locator("#calendar-grid .cal-event-firm", has_text="Brochure site for a florist")
    expect(booking.first).to_be_visible()
    expect(page.locator("#calendar-grid")).to_contain_text("Booked:")
    heat = page.locator(".heatmap .heat").first
    expect(heat.locator(".heat-percent")).to_have_text(re.compile(r"\d+\s*%"))


def negotiate_shows_the_counter_offer(owner, page: Page, live_server) -> None:
    incoming = IncomingRequestFactory(
        client__owner=owner,
        client__language="en",
        title="Shop for a potter",
        estimated_hours=Decimal(40),
        budget_amount=Decimal(1200),
    )
    open_request(page, live_server, incoming)
    recommendation = page.locator("[data-recommendation]")
    expect(recommendation).to_have_attribute("data-recommendation", State.NEGOTIATING)
    counter = money("en", Decimal(40 * 70))  # the estimate at the target rate
    expect(recommendation).to_contain_text(label("en", DecisionReason.RATE_BELOW_MINIMUM.label))
    # The form starts from the recommendation: negotiate, the counter-offer filled in, the draft quoting it.
    expect(decision_radio(page, "en", State.NEGOTIATING)).to_be_checked()
    expect(page.locator("#decide select[name=reason]")).to_have_value(DecisionReason.RATE_BELOW_MINIMUM)
    expect(page.locator("#decide input[name=counter_offer]")).to_have_value("2800")
    expect(page.locator("#id_reply")).to_have_value(re.compile(re.escape(counter)))
    record(page, "en", State.NEGOTIATING)
    expect(page.locator("#decided")).to_contain_text(tr("en", "counter-offer %(amount)s", amount=counter))
    expect(page.locator("#sent-reply")).to_contain_text(counter)
    expect(page.locator("ol.list-unstyled").last).to_contain_text(tr("en", "counter-offer %(amount)s", amount=counter))
    go_to(page, "en", "Requests")
    follow(page, inbox_tab(page, "en", State.NEGOTIATING))
    expect(page.locator("#results")).to_contain_text("Shop for a potter")


def refer_lists_and_records_the_colleague(owner, page: Page, live_server) -> None:
    SkillFactory(owner=owner, name="Django", offered=True)
    illustration = SkillFactory(owner=owner, name="Illustration")
    colleague = ColleagueFactory(owner=owner, name="Léa Rousseau", email="lea@rousseau.example")
    colleague.skills.add(illustration)
    incoming = IncomingRequestFactory(client__owner=owner, title="Drawings for a children's book")
    incoming.skills.add(illustration)

    open_request(page, live_server, incoming)
    expect(page.locator("[data-recommendation]")).to_have_attribute("data-recommendation", State.REFERRED)
    expect(page.locator("[data-recommendation]")).to_contain_text("Léa Rousseau")
    page.get_by_role("navigation", name="Triage steps").get_by_role("link", name=QUESTIONS[3]).click()
    step = page.locator("#triage-step section")
    expect(step).to_contain_text("Outside your skills: Illustration.")
    expect(step.get_by_role("link", name="Léa Rousseau")).to_be_visible()
    expect(step.locator(f"[data-colleague='{colleague.pk}']")).to_contain_text("Has the skill: Illustration.")
    # The form starts from the recommendation: refer, to her, with a draft that names her.
    decide(page, "en", State.REFERRED)
    expect(page.locator("#decide select[name=colleague] option:checked")).to_have_text("Léa Rousseau")
    expect(page.locator("#id_reply")).to_have_value(re.compile("Léa Rousseau"))
    record(page, "en", State.REFERRED)
    expect(page.locator("#sent-reply")).to_contain_text("Léa Rousseau")

    page.goto(live_server.url + reverse("referrals:colleague_detail", args=[colleague.pk]))
    expect(h1(page)).to_contain_text("Léa Rousseau")
    row = page.locator("#history tbody tr", has_text="Drawings for a children's book")
    expect(row).to_contain_text("I sent them")
    expect(page.locator("h2#balance-heading")).to_contain_text("Owes me 1 referral")


def decline_with_a_red_flag_and_the_blacklist(owner, page: Page, live_server) -> None:
    client = ClientFactory(owner=owner, name="Victor Lenoir")
    incoming = IncomingRequestFactory(client=client, title="Logo, for exposure only")
    open_request(page, live_server, incoming)
    decide(page, "en", State.DECLINED)
    # Each control of the decision posts the form (htmx): wait for the new form before the next one.
    change(page, lambda: page.locator("#decide select[name=reason]").select_option(DecisionReason.RED_FLAG_CLIENT))
    change(page, lambda: page.get_by_label("Add a red flag").select_option(RedFlagKind.DISRESPECT))
    change(page, lambda: page.get_by_label("Blacklist this client").check())
    expect(page.locator("#decide select[name=reason]")).to_have_value(DecisionReason.RED_FLAG_CLIENT)
    expect(page.get_by_label("Add a red flag")).to_have_value(RedFlagKind.DISRESPECT)
    expect(page.get_by_label("Blacklist this client")).to_be_checked()
    page.get_by_label("Private note").fill("Insulted me on the phone.")
    record(page, "en", State.DECLINED)

    follow(page, page.get_by_role("link", name="Victor Lenoir").first)
    expect(h1(page)).to_have_text("Victor Lenoir")
    expect(page.locator("h1 + p .badge", has_text=exactly("Risk: Blacklisted"))).to_be_visible()
    flags = page.locator("#flags tbody tr")
    expect(flags).to_have_count(1)
    expect(flags).to_contain_text("Disrespect or insults")
    expect(flags).to_contain_text("Insulted me on the phone.")
    history = page.locator("section[aria-labelledby=blacklist-title]")
    expect(history).to_contain_text(label("en", BlacklistAction.ADDED.label))
    expect(history).to_contain_text("Insulted me on the phone.")
    go_to(page, "en", "Blacklist")
    expect(page.locator("#results tbody tr", has_text="Victor Lenoir")).to_contain_text("Disrespect or insults")


def ignore_archives_without_a_reply(owner, page: Page, live_server) -> None:
    incoming = IncomingRequestFactory(client__owner=owner, title="URGENT!!! SEO backlinks cheap")
    open_request(page, live_server, incoming)
    decide(page, "en", State.IGNORED)
    change(page, lambda: page.locator("#decide select[name=reason]").select_option(DecisionReason.SPAM_OR_REPEAT))
    expect(page.locator("#id_reply")).to_have_value("")
    record(page, "en", State.IGNORED)
    expect(page.locator("#decided")).to_contain_text(tr("en", "No reply needed."))
    go_to(page, "en", "Requests")
    expect(page.locator("#results")).not_to_contain_text("URGENT!!! SEO backlinks cheap")
    follow(page, inbox_tab(page, "en", State.IGNORED))
    expect(page.locator("#results")).to_contain_text("URGENT!!! SEO backlinks cheap")


def test_each_decision_kind(owner_page, live_server):
    """One short run per decision, one after the other in the same session (each on its own request)."""
    owner, page = owner_page
    accept_books_the_calendar(owner, page, live_server)
    negotiate_shows_the_counter_offer(owner, page, live_server)
    refer_lists_and_records_the_colleague(owner, page, live_server)
    decline_with_a_red_flag_and_the_blacklist(owner, page, live_server)
    ignore_archives_without_a_reply(owner, page, live_server)


# --- Without JavaScript ---------------------------------------------------------------------------


def test_the_triage_works_without_javascript(live_server, browser_context_factory, console_errors, log_in):
    owner = UserFactory(username="camille")
    IncomingRequestFactory(
        client__owner=owner, client__name="Paul Girard", title="Menu cards", estimated_hours=Decimal(10)
    )
    page = browser_context_factory(java_script_enabled=False, locale="fr-FR").new_page()
    console_errors.attach(page)
    page.goto(live_server.url + reverse("login"))
    switch_language(page, "en", javascript=False)
    log_in(page, "camille", "correct horse battery staple")
    # Without JavaScript the navbar stays open on a desktop: follow the links as they are.
    follow(page, page.get_by_role("link", name="Requests", exact=True))
    follow(page, page.get_by_role("link", name="Menu cards"))
    expect(h1(page)).to_have_text("Menu cards")
    walk_the_four_questions(page, "en")
    assert "step=4" in page.url  # full page loads, not htmx swaps

    # Without htmx the form comes from the server: tick the decision, then ask for its fields and its reply.
    recommended = page.locator("#recommendation").get_attribute("data-recommendation")
    chosen = State.DECLINED if recommended != State.DECLINED else State.NEGOTIATING
    decide_without_javascript(page, chosen)
    draft = page.locator("#id_reply")
    expect(draft).to_have_value(re.compile("Menu cards"))
    draft.fill(draft.input_value() + "\nWritten without JavaScript.")
    record(page, "en", chosen)
    expect(page.locator("#sent-reply")).to_contain_text("Written without JavaScript.")
    page.locator("ol.list-unstyled").last.locator("summary").click()
    expect(page.locator("ol.list-unstyled").last.locator(".reply-text")).to_contain_text("Written without JavaScript.")
