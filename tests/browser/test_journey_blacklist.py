"""Journey 3 — review the blacklist, on the demo data: filter it, read a client's reasons and history,
lift a blacklisting with a reason; then a newcomer from a blacklisted client's email domain is flagged."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from clients.keys import email_domain, is_webmail
from clients.matching import MatchReason
from clients.models import BlacklistAction, BlacklistEvent, Client, RedFlag, RedFlagKind, RedFlagStatus
from projects.models import DecisionReason, State
from tests.browser.support import LANGUAGES, assert_accessible, follow, go_to, h1, label, ntr, tr
from tests.browser.test_journey_triage import open_session
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def blacklisted_with_company_domain(owner) -> list[Client]:
    clients = Client.objects.filter(owner=owner, is_blacklisted=True).order_by("name")
    return [c for c in clients if email_domain(c.email) and not is_webmail(email_domain(c.email))]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_review_the_blacklist(live_server, browser_context_factory, console_errors, log_in, language, viewport):
    call_command("demo", user="camille", password=TEST_PASSWORD, scale=1)
    owner = Client.objects.order_by("pk").first().owner
    blacklisted = Client.objects.filter(owner=owner, is_blacklisted=True)
    total = blacklisted.count()
    assert total >= 2, "the demo data has blacklisted clients to review"
    flagged = RedFlag.objects.filter(client__in=blacklisted, status=RedFlagStatus.ACTIVE)
    kind = RedFlagKind(flagged.order_by("kind").values_list("kind", flat=True).first())
    with_kind = blacklisted.filter(red_flags__kind=kind, red_flags__status=RedFlagStatus.ACTIVE).distinct()
    page = open_session(
        browser_context_factory, console_errors, log_in, live_server, language=language, viewport=viewport
    )

    # The blacklist: every blacklisted client, with the reason and the flags.
    go_to(page, language, "Blacklist")
    expect(h1(page)).to_have_text(tr(language, "Blacklist"))
    results = page.locator("#results")
    count_text = ntr(
        language, "%(counter)s blacklisted client", "%(counter)s blacklisted clients", total, counter=total
    )
    expect(results).to_contain_text(count_text)
    expect(results.locator("tbody tr")).to_have_count(min(total, 25))
    if language == "fr" and viewport == "phone":
        assert_accessible(page)

    # Filter by flag kind: only clients with that kind of flag remain, each showing it.
    page.get_by_label(tr(language, "Flag kind")).select_option(kind)
    if viewport == "phone":  # the filter applies as soon as it changes; the button is there too
        page.get_by_role("button", name=tr(language, "Filter")).click()
        # Two swaps of the results are then on their way (the change, the button): a link clicked while the
        # second one lands is replaced under the click. Wait until both have answered.
        page.wait_for_load_state("networkidle")
    kind_label = label(language, kind.label)
    rows = results.locator("tbody tr")
    expect(rows).to_have_count(with_kind.count())
    for index in range(rows.count()):
        expect(rows.nth(index)).to_contain_text(kind_label)
    assert f"kind={kind.value}" in page.url  # the filtered list has its own address

    # Open a client: the reasons of the risk level, the blacklisting, the history.
    client = with_kind.order_by("name").first()
    follow(page, rows.filter(has_text=client.name).get_by_role("link", name=client.name))
    expect(h1(page)).to_have_text(client.name)
    expect(page.locator("h1 + p .badge", has_text=tr(language, "Blacklisted"))).to_be_visible()
    risk = page.locator("section[aria-labelledby=risk-title]")
    expect(risk.locator("h2")).to_have_text(tr(language, "Why this risk level"))
    expect(risk.locator("li").first).to_be_visible()
    last_reason = BlacklistEvent.objects.filter(client=client, action=BlacklistAction.ADDED).latest("happened_at")
    history = page.locator("section[aria-labelledby=blacklist-title]")
    expect(history).to_contain_text(last_reason.reason)
    timeline = page.locator("#timeline")
    expect(timeline.locator("li.timeline-red_flag").first).to_contain_text(tr(language, "Red flag"))
    expect(page.locator("#flags tbody tr", has_text=kind_label).first).to_be_visible()
    if language == "fr" and viewport == "phone":
        assert_accessible(page)

    # Lift the blacklisting, with a reason: it stays in the history.
    follow(page, page.get_by_role("link", name=tr(language, "Lift the blacklisting")))
    expect(h1(page)).to_have_text(tr(language, "Lift the blacklisting of %(name)s", name=client.name))
    page.get_by_label(tr(language, "Reason")).fill("Paid everything and apologised on the phone.")
    follow(page, page.get_by_role("button", name=tr(language, "Lift"), exact=True))
    expect(page.locator(".messages")).to_contain_text(tr(language, "Blacklisting lifted."))
    expect(h1(page)).to_have_text(client.name)
    expect(page.locator("h1 + p .badge", has_text=tr(language, "Blacklisted"))).to_have_count(0)
    lifted = history.locator("li", has_text="Paid everything and apologised on the phone.")
    expect(lifted).to_contain_text(label(language, BlacklistAction.LIFTED.label))
    expect(history).to_contain_text(last_reason.reason)  # the blacklisting itself is kept
    expect(timeline.locator("li.timeline-blacklist", has_text="Paid everything and apologised")).to_be_visible()

    go_to(page, language, "Blacklist")
    expect(results).to_contain_text(
        ntr(language, "%(counter)s blacklisted client", "%(counter)s blacklisted clients", total - 1, counter=total - 1)
    )
    expect(results.get_by_role("link", name=client.name, exact=True)).to_have_count(0)

    # A newcomer writes from the email domain of a blacklisted client: flagged as soon as it is typed.
    suspect = next(c for c in blacklisted_with_company_domain(owner) if c.pk != client.pk)
    domain = email_domain(suspect.email)
    go_to(page, language, "Requests")
    follow(page, page.get_by_role("link", name=tr(language, "Log a request")))
    expect(h1(page)).to_have_text(tr(language, "Log a request"))
    page.fill("input[name=client_name]", "Quentin Marais")
    page.fill("input[name=client_email]", f"quentin.marais@{domain}")
    warning = page.locator("#matches [data-match=blacklisted]", has_text=suspect.name)
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(tr(language, "This looks like blacklisted client %(name)s.", name=str(suspect)))
    expect(warning).to_contain_text(label(language, MatchReason.EMAIL_DOMAIN.label))
    page.fill("input[name=title]", "A new website, quickly")
    page.fill("input[name=estimated_hours]", "20")
    follow(page, page.get_by_role("button", name=tr(language, "Log and triage")))

    # The triage says it too, at the first question, and advises to decline.
    expect(h1(page)).to_have_text("A new website, quickly")
    expect(page.locator(".messages")).to_contain_text(tr(language, "The request is logged: triage it now."))
    step = page.locator("#triage-step section")
    expect(step.locator("h3")).to_have_text(tr(language, "Who is asking?"))
    match = step.locator("li.text-danger", has_text=suspect.name)
    expect(match).to_contain_text(tr(language, "Looks like blacklisted client"))
    expect(match.get_by_role("link", name=str(suspect), exact=True)).to_be_visible()
    expect(match).to_contain_text(label(language, MatchReason.EMAIL_DOMAIN.label))
    recommendation = page.locator("[data-recommendation]")
    expect(recommendation).to_have_attribute("data-recommendation", State.DECLINED)
    expect(recommendation).to_contain_text(label(language, DecisionReason.BLACKLISTED.label))
    expect(recommendation).to_contain_text(re.compile(re.escape(suspect.name)))
