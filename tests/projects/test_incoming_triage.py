"""The triage page of a request and its decisions, as a user sees them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import RedFlagKind, Severity
from projects.models import Decision, IncomingRequest, State
from tests.factories import (
    BlacklistEventFactory,
    BookingFactory,
    ClientFactory,
    ColleagueFactory,
    DecisionFactory,
    IncomingRequestFactory,
    RedFlagFactory,
    ReferralFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db


def detail_url(incoming):
    return reverse("projects:incoming_detail", args=[incoming.pk])


def prepare_url(incoming):
    return reverse("projects:incoming_prepare", args=[incoming.pk])


def decide_url(incoming):
    return reverse("projects:incoming_decide", args=[incoming.pk])


# --- Triage ------------------------------------------------------------------------------------------


def test_triage_shows_the_four_questions_and_marks_the_recommendation(owner, owner_client):
    incoming = IncomingRequestFactory(client__owner=owner, estimated_hours=Decimal(20), budget_amount=Decimal(800))
    response = owner_client.get(detail_url(incoming))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("data-recommendation=") == 1
    assert 'data-recommendation="negotiating"' in body
    assert response.context["draft"].body  # a reply is drafted, ready to edit
    assert 'data-copy-target="#id_reply"' in body and "mailto:" in body


def test_each_step_of_triage_is_a_page_and_an_htmx_fragment(owner, owner_client):
    incoming = IncomingRequestFactory(client__owner=owner)
    for step in range(5):
        full = owner_client.get(detail_url(incoming), {"step": step})
        assert full.status_code == 200 and full.context["step"] == step
    fragment = owner_client.get(
        detail_url(incoming), {"step": 2}, headers={"HX-Request": "true", "HX-Target": "triage-step"}
    ).content.decode()
    assert 'id="triage-step"' in fragment and "<h1" not in fragment


def test_a_blacklisted_client_s_request_is_recommended_for_decline(owner, owner_client):
    event = BlacklistEventFactory(client__owner=owner)
    incoming = IncomingRequestFactory(client=event.client)
    assert 'data-recommendation="declined"' in owner_client.get(detail_url(incoming)).content.decode()


def test_a_request_outside_my_skills_is_recommended_for_a_colleague(owner, owner_client):
    mine = SkillFactory(owner=owner, name="Python", offered=True)
    other = SkillFactory(owner=owner, name="Illustration")
    colleague = ColleagueFactory(owner=owner, name="Alex Dupont")
    colleague.skills.add(other)
    incoming = IncomingRequestFactory(client__owner=owner, client__language="fr")
    incoming.skills.add(other)
    assert mine.offered
    response = owner_client.get(detail_url(incoming))
    assert 'data-recommendation="referred"' in response.content.decode()
    assert "Alex Dupont" in response.context["draft"].body


def test_preparing_another_decision_redrafts_an_untouched_reply_and_shows_only_its_fields(owner, owner_client):
    incoming = IncomingRequestFactory(client__owner=owner, client__language="en", estimated_hours=Decimal(10))
    page = owner_client.get(detail_url(incoming))
    first = page.context["form"]["reply"].value()
    data = {"to": "declined", "reason": "no_time", "reply": first, "draft_base": first}
    form = owner_client.post(prepare_url(incoming), data).context["form"]  # without JavaScript: the whole page
    assert form["reply"].value() != first  # the decline's draft
    assert [f.name for f in form.decision_fields] == ["red_flag_kind", "blacklist", "keep_warm"]
    body = owner_client.post(prepare_url(incoming), data, headers={"HX-Request": "true"}).content.decode()
    assert body.lstrip().startswith('<section id="decide"')  # with htmx: the form alone, swapped in place
    assert 'name="counter_offer"' not in body and 'name="keep_warm"' in body


def test_triage_queries_do_not_grow_with_the_history(owner, owner_client, django_assert_max_num_queries):
    client = ClientFactory(owner=owner)
    skill = SkillFactory(owner=owner, name="Python")
    incoming = IncomingRequestFactory(client=client)
    incoming.skills.add(skill)

    def history(n):
        for _ in range(n):
            DecisionFactory(incoming__client=client)
            RedFlagFactory(client=client, severity=Severity.MINOR, kind=RedFlagKind.SCOPE_CREEP)
            colleague = ColleagueFactory(owner=owner)
            colleague.skills.add(skill)
            ReferralFactory(colleague=colleague)
            BookingFactory(project__client=client, hours=Decimal(1))

    history(1)
    with django_assert_max_num_queries(60) as one:
        owner_client.get(detail_url(incoming))
    history(49)
    with django_assert_max_num_queries(len(one.captured_queries)):
        owner_client.get(detail_url(incoming))


def test_a_client_matching_a_blacklisted_email_domain_is_recommended_for_decline(owner, owner_client):
    BlacklistEventFactory(client__owner=owner, client__name="Bad Payer", client__email="boss@shady-agency.fr")
    incoming = IncomingRequestFactory(
        client__owner=owner, client__email="intern@shady-agency.fr", client__company="Another name"
    )
    response = owner_client.get(detail_url(incoming))
    body = response.content.decode()
    assert 'data-recommendation="declined"' in body
    assert "Bad Payer" in body


def test_severe_disrespect_on_record_is_recommended_for_decline(owner, owner_client):
    flag = RedFlagFactory(client__owner=owner, kind=RedFlagKind.DISRESPECT, severity=Severity.SEVERE)
    incoming = IncomingRequestFactory(client=flag.client)
    response = owner_client.get(detail_url(incoming))
    assert response.context["rec"].reason == "red_flag_client"
    assert 'data-recommendation="declined"' in response.content.decode()


def test_a_repeat_of_a_declined_request_is_recommended_for_archiving(owner, owner_client):
    first = IncomingRequestFactory(client__owner=owner, title="Free logo", state=State.DECLINED)
    again = IncomingRequestFactory(client=first.client, title="free logo ")
    assert 'data-recommendation="ignored"' in owner_client.get(detail_url(again)).content.decode()


def test_a_request_offering_only_visibility_is_recommended_for_decline(owner, owner_client):
    incoming = IncomingRequestFactory(client__owner=owner, budget_amount=Decimal(0))
    assert owner_client.get(detail_url(incoming)).context["rec"].reason == "visibility"


# --- Decisions -----------------------------------------------------------------------------------------


def test_a_decision_is_recorded_with_its_reply(owner, owner_client):
    incoming = IncomingRequestFactory(client__owner=owner)
    response = owner_client.post(
        decide_url(incoming),
        {"seen_state": "new", "to": "declined", "reason": "no_time", "reply": "Sorry, no time.", "keep_warm": "on"},
    )
    assert response.status_code == 302
    incoming.refresh_from_db()
    assert (incoming.state, incoming.keep_warm) == (State.DECLINED, True)
    assert Decision.objects.get(incoming=incoming).reply == "Sorry, no time."


def test_a_decision_posted_twice_is_applied_once_and_the_user_is_told(owner, owner_client):
    incoming = IncomingRequestFactory(client__owner=owner)
    data = {"seen_state": "new", "to": "accepted", "reason": "fits", "reply": "Yes!"}
    owner_client.post(decide_url(incoming), data)
    second = owner_client.post(decide_url(incoming), data, follow=True)
    assert second.status_code == 200
    assert Decision.objects.filter(incoming=incoming).count() == 1
    messages = [str(m) for m in second.context["messages"]]
    assert any("nothing was changed" in m or "rien n" in m for m in messages), messages


def test_a_conflicting_decision_from_a_second_tab_is_refused_politely(owner, owner_client):
    incoming = IncomingRequestFactory(client__owner=owner)
    owner_client.post(decide_url(incoming), {"seen_state": "new", "to": "accepted", "reason": "fits"})
    response = owner_client.post(
        decide_url(incoming), {"seen_state": "new", "to": "ignored", "reason": "spam_or_repeat"}
    )
    assert response.status_code == 302
    incoming.refresh_from_db()
    assert incoming.state == State.ACCEPTED and Decision.objects.filter(incoming=incoming).count() == 1


def test_refer_without_a_colleague_is_a_form_error(owner, owner_client):
    incoming = IncomingRequestFactory(client__owner=owner)
    response = owner_client.post(decide_url(incoming), {"seen_state": "new", "to": "referred", "reason": "no_time"})
    assert response.status_code == 400 and "colleague" in response.context["form"].errors
    incoming.refresh_from_db()
    assert incoming.state == State.NEW


def test_refer_to_another_user_s_colleague_is_refused(owner, owner_client, other_user):
    incoming = IncomingRequestFactory(client__owner=owner)
    theirs = ColleagueFactory(owner=other_user)
    response = owner_client.post(
        decide_url(incoming), {"seen_state": "new", "to": "referred", "reason": "no_time", "colleague": theirs.pk}
    )
    assert response.status_code == 400
    assert IncomingRequest.objects.get(pk=incoming.pk).state == State.NEW


def test_decide_answers_only_to_post(owner, owner_client):
    incoming = IncomingRequestFactory(client__owner=owner)
    assert owner_client.get(decide_url(incoming)).status_code == 405


def test_a_negotiating_request_can_then_be_accepted_from_its_page(owner, owner_client):
    incoming = IncomingRequestFactory(client__owner=owner, estimated_hours=Decimal(10))
    owner_client.post(
        decide_url(incoming),
        {
            "seen_state": "new",
            "to": "negotiating",
            "reason": "rate_below_minimum",
            "counter_offer": "900",
            "hold": "on",
        },
    )
    page = owner_client.get(detail_url(incoming))
    assert [value for value, _label in page.context["form"].fields["to"].choices] == [
        "accepted",
        "referred",
        "declined",
    ]
    owner_client.post(decide_url(incoming), {"seen_state": "negotiating", "to": "accepted", "reason": "fits"})
    incoming.refresh_from_db()
    assert incoming.state == State.ACCEPTED
    assert incoming.project.price == Decimal(900)
    assert list(Decision.objects.filter(incoming=incoming).values_list("to_state", flat=True)) == [
        "negotiating",
        "accepted",
    ]
    final = owner_client.get(detail_url(incoming))
    assert final.context["form"] is None  # a final state offers no decision


def test_a_negotiation_unanswered_for_a_week_proposes_a_ghosting_red_flag(owner_client, owner):
    client = ClientFactory(owner=owner)
    silent = IncomingRequestFactory(
        client=client, state=State.NEGOTIATING, decided_at=timezone.now() - timedelta(days=8)
    )
    recent = IncomingRequestFactory(
        client=client, state=State.NEGOTIATING, decided_at=timezone.now() - timedelta(days=2)
    )

    def proposes_ghosting(incoming):
        page = owner_client.get(reverse("projects:incoming_detail", args=[incoming.pk])).content.decode()
        return 'data-proposal="ghosting"' in page

    assert proposes_ghosting(silent)
    assert not proposes_ghosting(recent)
    RedFlagFactory(client=client, incoming=silent, kind=RedFlagKind.GHOSTING)
    assert not proposes_ghosting(silent)


# --- Scoping -------------------------------------------------------------------------------------------


def test_another_user_gets_404_on_every_request_url(owner, other_client):
    incoming = IncomingRequestFactory(client__owner=owner)
    assert other_client.get(detail_url(incoming)).status_code == 404
    assert other_client.get(detail_url(incoming), {"step": 3}, headers={"HX-Request": "true"}).status_code == 404
    assert other_client.post(decide_url(incoming), {"to": "declined", "reason": "no_time"}).status_code == 404
    assert IncomingRequest.objects.get(pk=incoming.pk).state == State.NEW
    assert incoming.title not in other_client.get(reverse("projects:incoming_list")).content.decode()
