"""Sending from the triage page: "Record and send", what the decided card then says, Retry, and an
interrupted send the user settles. The reply goes through a real SMTP server (aiosmtpd)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from config.celery import app as celery_app
from mail.models import OutboundMessage, OutboundState, SendingMode
from mail.tasks_send import outbound_sweep_task
from projects.models import Channel, Decision, State
from tests.factories import (
    ClientFactory,
    DecisionFactory,
    InboundMessageFactory,
    IncomingRequestFactory,
    MailAccountFactory,
    OutboundMessageFactory,
)
from tests.mail.smtp_server import smtp_server

pytestmark = pytest.mark.django_db

CLIENT_ID = "<first-message@mail.example.com>"
EDITED = "Hello Léa,\n\nMy own words, edited on the page — not the draft.\n\nCamille"


@pytest.fixture
def eager_celery(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def server(settings):
    """The site's SMTP server (the user sends through it, with their address as Reply-To)."""
    with smtp_server() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        yield server


@pytest.fixture
def account(owner):
    return MailAccountFactory(owner=owner, address="camille@studio.example", sending_mode=SendingMode.SITE)


@pytest.fixture
def incoming(owner, account):
    client = ClientFactory(owner=owner, name="Léa", email="lea@example.com", language="en")
    incoming = IncomingRequestFactory(client=client, channel=Channel.EMAIL, title="A logo for my bakery")
    InboundMessageFactory(incoming=incoming, account=account, message_id=CLIENT_ID, from_address=client.email)
    return incoming


def detail_url(incoming):
    return reverse("projects:incoming_detail", args=[incoming.pk])


def decide(client, incoming, *, send=True, reply=EDITED, capture):
    data = {"seen_state": "new", "to": "accepted", "reason": "fits", "reply": reply, "subject": "Re: whatever"}
    if send:
        data["send"] = "1"
    with capture(execute=True):  # the task runs once the decision commits, as a worker would
        response = client.post(reverse("projects:incoming_decide", args=[incoming.pk]), data)
    assert response.status_code == 302
    return client.get(response.url)


def decided_outbound(owner, incoming, **fields):
    outbound = OutboundMessageFactory(
        decision=DecisionFactory(incoming=incoming, reply=EDITED), to_address="lea@example.com", body=EDITED, **fields
    )
    IncomingRequestFactory._meta.model.objects.filter(pk=incoming.pk).update(state=State.ACCEPTED)
    return outbound


def card(response) -> str:
    content = response.content.decode()
    start = content.index('id="decided"')
    return content[start : content.index("</section>", start)]


def test_record_and_send_is_offered_only_with_a_mail_account_and_the_client_s_address(owner, owner_client):
    no_account = IncomingRequestFactory(client=ClientFactory(owner=owner, email="a@example.com"))
    assert "Record and send" not in owner_client.get(detail_url(no_account)).content.decode()
    MailAccountFactory(owner=owner)
    assert "Record and send" in owner_client.get(detail_url(no_account)).content.decode()
    no_address = IncomingRequestFactory(client=ClientFactory(owner=owner, email=""))
    page = owner_client.get(detail_url(no_address)).content.decode()
    assert "Record and send" not in page and "Record the decision" in page


def test_the_edited_reply_is_what_arrives_and_the_card_says_it_was_sent(
    owner, owner_client, incoming, server, eager_celery, django_capture_on_commit_callbacks
):
    response = decide(owner_client, incoming, capture=django_capture_on_commit_callbacks)

    [received] = server.received
    assert received.text.strip() == EDITED
    assert received["In-Reply-To"] == CLIENT_ID and received["Subject"] == "Re: A logo for my bakery"
    assert received["Reply-To"] == "camille@studio.example"
    page = response.content.decode()
    assert "Decision recorded: Accepted. Your reply is being sent to lea@example.com." in page
    assert 'data-outbound="sent"' in card(response) and "Sent to lea@example.com on" in card(response)


def test_recording_without_sending_sends_nothing(
    owner, owner_client, incoming, server, eager_celery, django_capture_on_commit_callbacks
):
    decide(owner_client, incoming, send=False, capture=django_capture_on_commit_callbacks)
    assert server.received == [] and not OutboundMessage.objects.exists()
    assert Decision.objects.filter(incoming=incoming, reply=EDITED).exists()


def test_a_refusal_is_shown_with_the_server_s_reason_and_retry_sends_once(
    owner, owner_client, incoming, server, eager_celery, django_capture_on_commit_callbacks
):
    server.handler.reject = "550 5.7.1 Relaying denied"
    response = decide(owner_client, incoming, capture=django_capture_on_commit_callbacks)
    shown = card(response)
    assert 'data-outbound="failed"' in shown
    assert "Not sent to lea@example.com." in shown and "550 5.7.1 Relaying denied" in shown
    assert "Retry" in shown
    incoming.refresh_from_db()
    assert incoming.state == State.ACCEPTED  # the decision stays

    server.handler.reject = ""  # the user fixed their settings
    outbound = OutboundMessage.objects.get()
    retry = reverse("projects:outbound_send", args=[outbound.pk])
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(retry)
        owner_client.post(retry)  # a second click, before the first send ran
    assert len(server.received) == 1
    assert 'data-outbound="sent"' in card(owner_client.get(detail_url(incoming)))
    outbound.refresh_from_db()
    assert outbound.state == OutboundState.SENT and outbound.attempts == 2 and outbound.error == ""


def test_an_interrupted_send_is_uncertain_and_the_user_settles_it(
    owner, owner_client, incoming, server, eager_celery, django_capture_on_commit_callbacks
):
    crashed = timezone.now() - timedelta(hours=1)
    outbound = decided_outbound(owner, incoming, state=OutboundState.SENDING, claimed_at=crashed, attempts=1)
    shown = card(owner_client.get(detail_url(incoming)))
    assert 'data-outbound="uncertain"' in shown and "Check your Sent folder" in shown

    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("projects:outbound_send", args=[outbound.pk]))  # Retry does not apply
    assert server.received == []

    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("projects:outbound_resend", args=[outbound.pk]))
    assert [r["Message-ID"] for r in server.received] == [outbound.message_id]
    assert 'data-outbound="sent"' in card(owner_client.get(detail_url(incoming)))


def test_an_interrupted_send_found_in_the_sent_folder_is_marked_sent(owner, owner_client, incoming, server):
    crashed = timezone.now() - timedelta(hours=1)
    outbound = decided_outbound(owner, incoming, state=OutboundState.SENDING, claimed_at=crashed, attempts=1)
    response = owner_client.post(reverse("projects:outbound_mark_sent", args=[outbound.pk]), follow=True)
    outbound.refresh_from_db()
    assert outbound.state == OutboundState.SENT and outbound.sent_at == crashed
    assert "Noted: the reply was sent." in response.content.decode() and server.received == []


def test_a_send_in_progress_polls_until_it_settles(owner, owner_client, incoming):
    decided_outbound(owner, incoming, state=OutboundState.SENDING, claimed_at=timezone.now(), attempts=1)
    page = owner_client.get(detail_url(incoming))
    assert 'hx-trigger="every 3s"' in card(page)
    partial = owner_client.get(detail_url(incoming), headers={"HX-Request": "true", "HX-Target": "decided"})
    assert partial.content.decode().lstrip().startswith('<section id="decided"')


@pytest.mark.parametrize("name", ["outbound_send", "outbound_resend", "outbound_mark_sent"])
def test_another_user_s_reply_answers_404_and_is_untouched(owner, other_client, incoming, name):
    crashed = timezone.now() - timedelta(hours=1)
    outbound = decided_outbound(owner, incoming, state=OutboundState.SENDING, claimed_at=crashed)
    assert other_client.post(reverse(f"projects:{name}", args=[outbound.pk])).status_code == 404
    outbound.refresh_from_db()
    assert outbound.state == OutboundState.SENDING


def test_the_triage_page_with_sending_runs_the_same_queries_whatever_the_history(
    owner, owner_client, account, django_assert_max_num_queries
):
    client = ClientFactory(owner=owner, email="lea@example.com")

    def page_with(decisions: int):
        incoming = IncomingRequestFactory(client=client, state=State.NEGOTIATING)
        for _ in range(decisions):
            decision = DecisionFactory(incoming=incoming, from_state=State.NEW, to_state=State.NEGOTIATING, reply="r")
            OutboundMessageFactory(decision=decision, state=OutboundState.SENT, sent_at=timezone.now())
        return detail_url(incoming)

    one, many = page_with(1), page_with(6)
    with django_assert_max_num_queries(80) as first:
        assert "Record and send" in owner_client.get(one).content.decode()
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert "Record and send" in owner_client.get(many).content.decode()


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_decision_is_recorded_and_the_sweep_sends_the_reply_later(
    owner, owner_client, incoming, server, eager_celery
):
    previous = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    celery_app._after_fork()  # the next publish connects to the dead broker
    try:
        data = {"seen_state": "new", "to": "accepted", "reason": "fits", "reply": EDITED, "send": "1"}
        response = owner_client.post(reverse("projects:incoming_decide", args=[incoming.pk]), data)
    finally:
        celery_app.conf.broker_url = previous
        celery_app._after_fork()
        celery_app.conf.task_always_eager = True
    assert response.status_code == 302 and server.received == []
    incoming.refresh_from_db()
    assert incoming.state == State.ACCEPTED
    outbound = OutboundMessage.objects.get()
    assert outbound.state == OutboundState.PENDING

    OutboundMessage.objects.filter(pk=outbound.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    shown = card(owner_client.get(detail_url(incoming)))
    assert 'data-outbound="late"' in shown and "Send now" in shown
    outbound_sweep_task.apply()
    assert [r.text.strip() for r in server.received] == [EDITED]


def test_send_without_a_mail_account_says_why_and_records_nothing(owner, owner_client):
    incoming = IncomingRequestFactory(client=ClientFactory(owner=owner, email="lea@example.com"))
    data = {"seen_state": "new", "to": "accepted", "reason": "fits", "reply": EDITED, "send": "1"}
    response = owner_client.post(reverse("projects:incoming_decide", args=[incoming.pk]), data)
    assert response.status_code == 400
    assert "Sending is not set up: fill in your mail settings first." in response.content.decode()
    assert EDITED in response.content.decode()  # the reply typed is still there
    incoming.refresh_from_db()
    assert incoming.state == State.NEW and not Decision.objects.filter(incoming=incoming).exists()
