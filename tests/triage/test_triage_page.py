"""The triage page as a user works it: the reply stays theirs, the form follows the decision, the result is shown."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Channel, Decision, State
from tests.factories import (
    BlacklistEventFactory,
    ClientFactory,
    ColleagueFactory,
    IncomingRequestFactory,
    ReplyTemplateFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db


def detail_url(incoming):
    return reverse("projects:incoming_detail", args=[incoming.pk])


def prepare_url(incoming):
    return reverse("projects:incoming_prepare", args=[incoming.pk])


def decide_url(incoming):
    return reverse("projects:incoming_decide", args=[incoming.pk])


def low_offer(owner, **fields):
    """20 h for 500: far under the default minimum rate, so triage recommends negotiating."""
    return IncomingRequestFactory(client__owner=owner, client__language="en", budget_amount=Decimal(500), **fields)


def prepared(client, incoming, **data):
    return client.post(prepare_url(incoming), data).context["form"]


def test_an_edited_reply_survives_a_new_counter_offer_and_a_new_decision(owner, owner_client):
    incoming = low_offer(owner)
    form = owner_client.get(detail_url(incoming)).context["form"]
    base = form["reply"].value()
    assert form["to"].value() == State.NEGOTIATING and form["counter_offer"].value() == Decimal(1400)
    mine = "Hello,\n\nMy own words.\n\nRegards"
    data = {"to": "negotiating", "reason": "rate_below_minimum", "reply": mine, "draft_base": base}
    after_figure = owner_client.post(prepare_url(incoming), {**data, "counter_offer": "1200"})
    assert after_figure.context["form"]["reply"].value() == mine
    assert after_figure.context["reply"].redraft_offered
    assert "Redraft with the new figures" in after_figure.content.decode()
    after_decision = prepared(owner_client, incoming, **{**data, "to": "declined", "reason": "no_time"})
    assert after_decision["reply"].value() == mine


def test_a_redraft_is_asked_for_and_can_be_undone(owner, owner_client):
    incoming = low_offer(owner)
    base = owner_client.get(detail_url(incoming)).context["form"]["reply"].value()
    data = {"to": "negotiating", "reason": "rate_below_minimum", "counter_offer": "1200", "draft_base": base}
    redrafted = prepared(owner_client, incoming, **data, reply="Mine.", reply_action="redraft")
    assert redrafted["reply"].value() not in ("Mine.", base)
    assert "1,200" in redrafted["reply"].value()
    new_draft = redrafted["reply"].value()
    undone = prepared(
        owner_client,
        incoming,
        **{**data, "draft_base": new_draft},
        reply=new_draft,
        previous_reply="Mine.",
        reply_action="undo",
    )
    assert undone["reply"].value() == "Mine."


def test_open_in_my_email_carries_the_reply_as_it_is(owner, owner_client):
    incoming = low_offer(owner)
    base = owner_client.get(detail_url(incoming)).context["form"]["reply"].value()
    response = owner_client.post(
        prepare_url(incoming),
        {"to": "negotiating", "reason": "rate_below_minimum", "reply": "Edited text", "draft_base": base},
    )
    assert response.context["mailto"].endswith("body=Edited%20text")


def test_the_form_shows_only_the_fields_and_reasons_of_the_decision(owner, owner_client):
    incoming = low_offer(owner)
    form = prepared(owner_client, incoming, to="declined", reason="fits")
    assert [f.name for f in form.decision_fields] == ["red_flag_kind", "blacklist", "keep_warm"]
    reasons = [value for value, _label in form.fields["reason"].choices]
    assert "fits" not in reasons and form["reason"].value() == "no_time"  # "Declined — Fits" is not offered
    form = prepared(owner_client, incoming, to="referred")
    assert [f.name for f in form.decision_fields] == ["colleague"]


def test_a_refused_submit_keeps_the_reply_and_shows_only_the_chosen_decision_s_fields(owner, owner_client):
    incoming = low_offer(owner)
    response = owner_client.post(
        decide_url(incoming),
        {
            "seen_state": "new",
            "to": "referred",
            "reason": "no_time",
            "reply": "Kept.\nTwo lines.",
            "counter_offer": "5",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kept.\nTwo lines." in body
    assert 'name="colleague"' in body and 'name="counter_offer"' not in body
    assert not Decision.objects.filter(incoming=incoming).exists()


def test_a_stale_field_of_another_decision_is_not_recorded(owner, owner_client):
    incoming = low_offer(owner)
    owner_client.post(
        decide_url(incoming),
        {
            "seen_state": "new",
            "to": "declined",
            "reason": "no_time",
            "reply": "No.",
            "counter_offer": "900",
            "hold": "on",
        },
    )
    decision = Decision.objects.get(incoming=incoming)
    assert decision.to_state == State.DECLINED and decision.counter_offer is None


def test_after_recording_the_page_shows_the_decision_and_the_reply_to_send_not_the_old_recommendation(
    owner, owner_client
):
    incoming = low_offer(owner, channel=Channel.EMAIL)
    reply = "Hello,\n\nMy fee would be 1,400.\n\nBest"
    owner_client.post(
        decide_url(incoming),
        {
            "seen_state": "new",
            "to": "negotiating",
            "reason": "rate_below_minimum",
            "counter_offer": "1400",
            "reply": reply,
        },
    )
    page = owner_client.get(detail_url(incoming))
    body = page.content.decode()
    assert 'data-decided="negotiating"' in body and 'id="recommendation"' not in body
    assert f'<div id="sent-reply" class="reply-text border rounded p-2 mb-2">{reply}</div>' in body  # line breaks kept
    assert "body=Hello%2C%0A%0AMy%20fee" in page.context["last_mailto"]
    assert page.context["form"]["to"].value() == State.ACCEPTED  # the next step, after the client's answer


def test_every_page_varies_on_hx_request_and_a_history_restore_gets_the_whole_page(owner, owner_client):
    incoming = low_offer(owner)
    page = owner_client.get(detail_url(incoming), {"step": 2})
    assert "HX-Request" in page["Vary"]
    step = owner_client.get(
        detail_url(incoming), {"step": 2}, headers={"HX-Request": "true", "HX-Target": "triage-step"}
    )
    assert "HX-Request" in step["Vary"] and "<html" not in step.content.decode()
    restore = owner_client.get(
        detail_url(incoming),
        {"step": 2},
        headers={"HX-Request": "true", "HX-Target": "triage-step", "HX-History-Restore-Request": "true"},
    )
    assert "<html" in restore.content.decode()
    assert "HX-Request" in owner_client.get(reverse("clients:client_list"))["Vary"]


def test_a_request_without_an_estimate_asks_the_client_and_states_no_date(owner, owner_client):
    incoming = IncomingRequestFactory(
        client__owner=owner, client__language="en", estimated_hours=None, budget_amount=None, desired_start=None
    )
    page = owner_client.get(detail_url(incoming))
    assert 'data-recommendation="negotiating"' in page.content.decode()
    assert page.context["rec"].reason == "missing_details"
    reply = page.context["form"]["reply"].value()
    today = timezone.localdate()
    assert today.strftime("%B") not in reply.replace(today.strftime("%B %Y"), "")  # no start date promised
    assert "budget" in reply.lower()


def test_a_referral_received_is_named_in_the_reply(owner, owner_client):
    sender = ColleagueFactory(owner=owner, name="Alex Dupont")
    incoming = IncomingRequestFactory(
        client__owner=owner, client__language="en", channel=Channel.REFERRAL, source_colleague=sender
    )
    page = owner_client.get(detail_url(incoming))
    assert "Alex Dupont" in page.context["form"]["reply"].value()
    assert "Sent to you by Alex Dupont." in page.content.decode()


def test_a_blacklisted_look_alike_is_linked_with_its_reason_and_never_called_not_blacklisted(owner, owner_client):
    bad = BlacklistEventFactory(client__owner=owner, client__email="boss@shady.example", reason="Never paid").client
    incoming = IncomingRequestFactory(client=ClientFactory(owner=owner, email="other@shady.example"))
    body = owner_client.get(detail_url(incoming), {"step": 0}).content.decode()
    assert reverse("clients:client_detail", args=[bad.pk]) in body and "Never paid" in body
    assert "Not blacklisted" not in body


def test_a_busy_colleague_is_not_suggested(owner, owner_client):
    skill = SkillFactory(owner=owner, name="Illustration")
    busy = ColleagueFactory(owner=owner, busy_until=timezone.localdate() + timedelta(days=180))
    free = ColleagueFactory(owner=owner)
    for colleague in (busy, free):
        colleague.skills.add(skill)
    incoming = IncomingRequestFactory(client__owner=owner)
    incoming.skills.add(skill)
    tf = owner_client.get(detail_url(incoming)).context["tf"]
    assert [c.id for c in tf.colleagues] == [free.pk]


def test_a_negotiation_unanswered_past_the_delay_offers_a_nudge_to_send(owner, owner_client):
    incoming = low_offer(owner, state=State.NEGOTIATING, decided_at=timezone.now() - timedelta(days=30))
    page = owner_client.get(detail_url(incoming))
    assert page.context["follow_up"] == "nudge"
    assert incoming.title in page.context["follow_up_draft"].body
    assert 'id="follow-up"' in page.content.decode()


def test_a_request_kept_warm_offers_to_write_again_once_the_calendar_has_room(owner, owner_client):
    incoming = low_offer(owner, state=State.DECLINED, keep_warm=True)
    page = owner_client.get(detail_url(incoming))
    assert page.context["follow_up"] == "warm_again"
    assert page.context["follow_up_draft"].body
    assert page.context["form"] is None  # a final state: no decision, only the message


def test_a_broken_reply_template_never_takes_a_page_down(owner, owner_client):
    incoming = low_offer(owner)
    ReplyTemplateFactory(
        owner=owner, decision="negotiating", reason="rate_below_minimum", language="en", subject="{", body="Hi {"
    )
    page = owner_client.get(detail_url(incoming))
    assert page.status_code == 200 and page.context["form"]["reply"].value() == "Hi {"
    assert owner_client.get(reverse("projects:reply_template_list")).status_code == 200


def test_skills_a_prospect_typed_count_as_outside_mine_until_the_owner_edits_them(owner, owner_client):
    SkillFactory(owner=owner, name="Django", offered=True)
    incoming = IncomingRequestFactory(client__owner=owner, skills_requested="django, Motion design")
    page = owner_client.get(detail_url(incoming))
    assert page.context["facts"].skills_outside == ("Motion design",)
    assert "Motion design" in page.content.decode()
