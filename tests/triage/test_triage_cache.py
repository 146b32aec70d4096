"""The triage page's cached parts (issue #20): served until the owner's next write, never to another user, a
page from the cache skips the pipeline's reads, and its forms still carry this session's CSRF token."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client as Browser
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.models import RedFlagKind, Severity
from clients.services import red_flag_add
from mail.models import OutboundMessage, OutboundState
from projects.models import State
from tests.factories import (
    BookingFactory,
    ClientFactory,
    ColleagueFactory,
    DecisionFactory,
    IncomingRequestFactory,
    OutboundMessageFactory,
    RedFlagFactory,
    ReferralFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db

# A masked CSRF token (64 letters and digits) and a CSP nonce change on every render.
VOLATILE = re.compile(r'[A-Za-z0-9]{64}|(?<=nonce=")[^"]*')
# What only the pipeline reads: none of it on a page served from the cache.
PIPELINE_TABLES = (
    "clients_redflag",
    "projects_booking",
    "referrals_colleague",
    "projects_decision",
    "triage_replytemplate",
)


def detail_url(incoming, **query):
    url = reverse("projects:incoming_detail", args=[incoming.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def low_offer(owner, **fields):
    """20 h for 500: far under the default minimum rate, so triage recommends negotiating."""
    fields.setdefault("client", ClientFactory(owner=owner, language="en"))
    return IncomingRequestFactory(budget_amount=Decimal(500), estimated_hours=Decimal(20), **fields)


def body(response) -> str:
    assert response.status_code == 200
    return VOLATILE.sub("", response.content.decode())


def logged_in(user, **options) -> Browser:
    browser = Browser(**options)
    browser.force_login(user)
    return browser


def test_a_severe_red_flag_changes_the_facts_and_the_recommendation_on_the_next_read(owner, owner_client):
    incoming = low_offer(owner)
    owner_client.get(detail_url(incoming))
    before = body(owner_client.get(detail_url(incoming)))  # from the cache
    assert 'data-recommendation="negotiating"' in before and "No red flags." in before
    red_flag_add(
        owner=owner, client=incoming.client, kind=RedFlagKind.DISRESPECT, severity=Severity.SEVERE, note="Rude"
    )
    after = body(owner_client.get(detail_url(incoming)))
    assert 'data-recommendation="declined"' in after and "No red flags." not in after and "Rude" in after
    cache.clear()
    assert body(owner_client.get(detail_url(incoming))) == after  # what a fresh render gives


def test_a_decision_recorded_through_the_page_replaces_the_recommendation_at_once(owner, owner_client):
    incoming = low_offer(owner)
    owner_client.get(detail_url(incoming))
    data = {"seen_state": "new", "to": "declined", "reason": "no_time", "reply": "No, thanks."}
    assert owner_client.post(reverse("projects:incoming_decide", args=[incoming.pk]), data).status_code == 302
    page = body(owner_client.get(detail_url(incoming)))
    assert 'data-decided="declined"' in page and 'id="recommendation"' not in page and 'id="decide"' not in page


def test_the_sending_of_the_last_reply_is_never_served_from_the_cache(owner, owner_client):
    """The mail worker moves a reply on by UPDATE (no save, no new version): the card shows it on the next poll."""
    incoming = low_offer(owner, state=State.NEGOTIATING)
    decision = DecisionFactory(incoming=incoming, reply="Hello", to_state=State.NEGOTIATING)
    outbound = OutboundMessageFactory(decision=decision, state=OutboundState.PENDING)
    owner_client.get(detail_url(incoming))
    assert 'data-outbound="queued"' in body(owner_client.get(detail_url(incoming)))
    OutboundMessage.objects.filter(pk=outbound.pk).update(state=OutboundState.SENT, sent_at=timezone.now())
    poll = owner_client.get(detail_url(incoming), headers={"HX-Request": "true", "HX-Target": "decided"})
    assert body(poll).lstrip().startswith('<section id="decided"') and 'data-outbound="sent"' in body(poll)
    assert 'data-outbound="sent"' in body(owner_client.get(detail_url(incoming)))


def test_another_user_never_gets_the_owner_s_cached_page(owner, other_user):
    mine = low_offer(owner, title="Owner's own request")
    theirs = low_offer(other_user, title="Intruder's own request")
    owner_browser, other_browser = logged_in(owner), logged_in(other_user)
    owner_browser.get(detail_url(mine))
    owner_browser.get(detail_url(theirs))  # their id, read by the owner: a 404, nothing cached for them
    assert other_browser.get(detail_url(mine)).status_code == 404
    page = body(other_browser.get(detail_url(theirs)))
    assert "Intruder&#x27;s own request" in page and "Owner&#x27;s own request" not in page
    assert body(other_browser.get(detail_url(theirs))) == page


def test_a_page_from_the_cache_skips_the_pipeline_and_costs_the_same_whatever_the_history(owner, owner_client):
    client = ClientFactory(owner=owner, language="en")
    skill = SkillFactory(owner=owner, name="Python")
    incoming = low_offer(owner, client=client)
    incoming.skills.add(skill)

    def history(n):
        for _ in range(n):
            DecisionFactory(incoming__client=client)
            RedFlagFactory(client=client, severity=Severity.MINOR, kind=RedFlagKind.SCOPE_CREEP)
            colleague = ColleagueFactory(owner=owner)
            colleague.skills.add(skill)
            ReferralFactory(colleague=colleague)
            BookingFactory(project__client=client, hours=Decimal(1))

    def read():
        with CaptureQueriesContext(connection) as queries:
            assert owner_client.get(detail_url(incoming)).status_code == 200
        return [query["sql"] for query in queries.captured_queries]

    history(1)
    small_miss, small_hit = read(), read()
    history(30)
    large_miss, large_hit = read(), read()
    assert len(small_hit) < len(small_miss) and len(large_miss) == len(small_miss)
    assert len(large_hit) == len(small_hit)
    assert not [sql for sql in large_hit if any(f'FROM "{table}"' in sql for table in PIPELINE_TABLES)]


def test_each_step_and_its_htmx_swap_come_from_their_own_part(owner, owner_client):
    incoming = low_offer(owner)
    swap = {"HX-Request": "true", "HX-Target": "triage-step"}
    full = body(owner_client.get(detail_url(incoming, step=1)))
    assert 'aria-current="step"' in full and "Do I really have the time?</h3>" in full
    step = body(owner_client.get(detail_url(incoming, step=3), headers=swap))
    assert step.lstrip().startswith('<div id="triage-step">') and "<html" not in step
    assert "Can I refer it to someone else?</h3>" in step and "Do I really have the time?</h3>" not in step
    assert body(owner_client.get(detail_url(incoming, step=3), headers=swap)) == step
    again = body(owner_client.get(detail_url(incoming, step=1)))  # the whole page again, from the cache
    assert again == full


def test_the_forms_of_a_page_from_the_cache_post_with_this_session_s_token(owner):
    known = ClientFactory(owner=owner, name="Camille Martin", email="camille@example.com")
    newcomer = ClientFactory(owner=owner, name="Camille M.", email="camille@example.com", language="en")
    incoming = low_offer(owner, client=newcomer, received_at=timezone.now() - timedelta(days=1))
    browser = logged_in(owner, enforce_csrf_checks=True)
    browser.get(detail_url(incoming))
    page = browser.get(detail_url(incoming)).content.decode()  # from the cache
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert len(tokens) >= 3  # the layout's logout, the look-alike's button, the decision
    assert f'form="link-client" name="client" value="{known.pk}"' in page and '<form id="link-client"' in page
    link = reverse("projects:incoming_client_link", args=[incoming.pk])
    response = browser.post(link, {"client": known.pk, "csrfmiddlewaretoken": tokens[-1]})
    assert response.status_code == 302
    incoming.refresh_from_db()
    assert incoming.client == known
    page = browser.get(detail_url(incoming)).content.decode()
    assert f'data-link-client="{known.pk}"' not in page
    token = re.search(r'id="decide-form"[^>]*><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', page)
    data = {"seen_state": "new", "to": "ignored", "reason": "spam_or_repeat", "csrfmiddlewaretoken": token[1]}
    assert browser.post(reverse("projects:incoming_decide", args=[incoming.pk]), data).status_code == 302


def test_an_offer_left_unanswered_turns_into_a_nudge_on_a_page_served_from_the_cache(owner, monkeypatch):
    """The delay runs out between two reads with no write: the cached parts stop being served at that moment."""
    now = {"at": timezone.now()}
    monkeypatch.setattr(timezone, "now", lambda: now["at"])
    incoming = low_offer(
        owner, state=State.NEGOTIATING, decided_at=now["at"] - timedelta(days=7) + timedelta(seconds=30)
    )
    browser = Browser()
    browser.force_login(owner)
    assert 'id="follow-up"' not in body(browser.get(detail_url(incoming)))
    with CaptureQueriesContext(connection) as served:
        assert 'data-proposal="ghosting"' not in body(browser.get(detail_url(incoming)))
    assert not [q for q in served.captured_queries if "clients_redflag" in q["sql"]]  # from the cache
    now["at"] += timedelta(seconds=31)  # seven days since the offer
    page = body(browser.get(detail_url(incoming)))
    assert 'id="follow-up"' in page and 'data-proposal="ghosting"' in page
