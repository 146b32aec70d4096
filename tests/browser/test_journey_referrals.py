"""Journey 2 — reciprocal referrals: a colleague sends me a client, I send them one back, and the
network shows who owes whom."""

import re

import pytest
from playwright.sync_api import expect

from projects.models import Channel, State
from tests.browser.support import LANGUAGES, follow, go_to, h1, label, ntr, tr
from tests.browser.test_journey_triage import decide, open_session, record
from tests.factories import IncomingRequestFactory, SkillFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_referrals_given_and_received(live_server, browser_context_factory, console_errors, log_in, language, viewport):
    owner = UserFactory(username="camille", first_name="Camille", last_name="Martin")
    SkillFactory(owner=owner, name="Django", offered=True)
    page = open_session(
        browser_context_factory, console_errors, log_in, live_server, language=language, viewport=viewport
    )

    # Add a colleague.
    go_to(page, language, "Colleagues")
    expect(h1(page)).to_have_text(tr(language, "Colleagues"))
    follow(page, page.get_by_role("link", name=tr(language, "Add a colleague")))
    expect(h1(page)).to_have_text(tr(language, "Add a colleague"))
    page.fill("input[name=name]", "Léa Rousseau")
    page.fill("input[name=email]", "lea@rousseau.example")
    page.fill("input[name=new_skills]", "Illustration")
    page.check("input[name=speaks_english]")  # she works in both languages: she can take English clients too
    follow(page, page.get_by_role("button", name=tr(language, "Save")))
    expect(h1(page)).to_contain_text("Léa Rousseau")
    expect(page.locator(".messages")).to_contain_text(tr(language, "%(name)s is in your network.", name="Léa Rousseau"))
    expect(page.locator("main")).to_contain_text("Illustration")
    expect(page.locator("#history")).to_contain_text(tr(language, "No referral exchanged yet."))
    colleague_url = page.url

    # She sends me a client: recording it creates the request, ready for triage.
    follow(page, page.get_by_role("link", name=tr(language, "Record a referral received")))
    expect(h1(page)).to_have_text(tr(language, "Referral from %(name)s", name="Léa Rousseau"))
    page.fill("input[name=client_name]", "Hugo Lambert")
    page.fill("input[name=client_email]", "hugo@lambert-cycles.fr")
    page.fill("input[name=client_company]", "Lambert Cycles")
    page.fill("textarea[name=need]", "A booking system for bike repairs.")
    follow(page, page.get_by_role("button", name=tr(language, "Create the request")))
    expect(page.locator(".messages")).to_contain_text(
        tr(language, "Referral from %(name)s recorded: the request is ready for triage.", name="Léa Rousseau")
    )
    expect(page.locator("[data-state]")).to_have_text(label(language, State.NEW.label))
    expect(page.locator("main")).to_contain_text(label(language, Channel.REFERRAL.label))
    expect(page.get_by_role("link", name="Hugo Lambert")).to_be_visible()

    # The network: I owe her one.
    go_to(page, language, "Colleagues")
    follow(page, page.get_by_role("link", name=tr(language, "Who owes whom")))
    expect(h1(page)).to_have_text(tr(language, "Who owes whom"))
    entry = page.locator("li.list-group-item", has_text="Léa Rousseau")
    expect(entry.locator(".badge")).to_have_text(
        ntr(language, "I owe %(count)s referral", "I owe %(count)s referrals", 1, count=1)
    )

    # Another request needs her skills: refer it to her from the triage.
    incoming = IncomingRequestFactory(
        client__owner=owner, client__name="Nina Petit", client__language=language, title="Illustrations for a cookbook"
    )
    incoming.skills.add(SkillFactory(owner=owner, name="Illustration"))
    go_to(page, language, "Requests")
    follow(page, page.get_by_role("link", name="Illustrations for a cookbook"))
    recommendation = page.locator("[data-recommendation]")
    expect(recommendation).to_have_attribute("data-recommendation", State.REFERRED)
    expect(recommendation).to_contain_text("Léa Rousseau")
    page.get_by_role("navigation", name=tr(language, "Triage steps")).get_by_role(
        "link", name=tr(language, "Can I refer it to someone else?")
    ).click()
    step = page.locator("#triage-step section")
    expect(step.get_by_role("link", name="Léa Rousseau")).to_be_visible()
    expect(step).to_contain_text(
        ntr(
            language,
            "Sent you %(count)d more referral than you sent them: a good moment to return the favour.",
            "Sent you %(count)d more referrals than you sent them: a good moment to return the favour.",
            1,
            count=1,
        )
    )
    # The form starts from the recommendation: refer, to her, with her contact in the draft.
    decide(page, language, State.REFERRED)
    expect(page.locator("#decide select[name=colleague] option:checked")).to_have_text("Léa Rousseau")
    expect(page.locator("#id_reply")).to_have_value(re.compile("lea@rousseau.example"))
    record(page, language, State.REFERRED)
    expect(page.locator("#sent-reply")).to_contain_text("lea@rousseau.example")

    # The network shows the balance: even.
    go_to(page, language, "Colleagues")
    follow(page, page.get_by_role("link", name=tr(language, "Who owes whom")))
    entry = page.locator("li.list-group-item", has_text="Léa Rousseau")
    expect(entry.locator(".badge")).to_have_text(tr(language, "Even"))
    expect(entry).to_contain_text(tr(language, "Sent %(given)s, received %(received)s", given=1, received=1))

    # Her page lists both referrals.
    follow(page, entry.get_by_role("link", name="Léa Rousseau"))
    expect(h1(page)).to_contain_text("Léa Rousseau")
    assert page.url == colleague_url
    rows = page.locator("#history tbody tr")
    expect(rows).to_have_count(2)
    received = rows.filter(has_text="Hugo Lambert")
    expect(received.locator(".badge").first).to_have_text(tr(language, "They sent me"))
    given = rows.filter(has_text="Illustrations for a cookbook")
    expect(given.locator(".badge").first).to_have_text(tr(language, "I sent them"))
    balance = page.locator("table").first
    expect(balance.locator("tbody tr").nth(0).locator("td").nth(3)).to_have_text("1")  # I sent them: total
    expect(balance.locator("tbody tr").nth(1).locator("td").nth(3)).to_have_text("1")  # they sent me: total
