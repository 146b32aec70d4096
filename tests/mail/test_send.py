"""A reply recorded with "send" leaves through a real SMTP server (aiosmtpd), threaded under the client's message.

What is checked is what arrives: the headers of the received message, its text, who it is from and who
answers it; and what the user is told when it did not arrive: the server's own reason.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.celery import app as celery_app
from mail.models import InboundMessage, MailAccount, OutboundMessage, OutboundState, Security, SendingMode
from mail.sending import outbound_create, outbound_late_ids, outbound_release, outbound_send, outbound_status
from mail.tasks_send import outbound_sweep_task
from projects.models import Channel, Decision, State
from tests.factories import ClientFactory, InboundMessageFactory, IncomingRequestFactory, MailAccountFactory
from tests.mail.smtp_server import LOGIN, PASSWORD, free_port, make_certificate, smtp_server
from tests.mail.support import connect
from triage.services import incoming_request_decide

pytestmark = pytest.mark.django_db

CLIENT_ID = "<CAF=request-1@mail.example.com>"
EARLIER = "<thread-start@mail.example.com>"
REPLY = "Bonjour Léa,\n\nJe peux commencer lundi — à très vite.\n\nCamille"


@pytest.fixture
def eager_celery(monkeypatch):
    """The worker's part runs in the test, at once (Celery's eager mode)."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def certificate(tmp_path, monkeypatch):
    """The test server's certificate, trusted by this process only (as a CA would make it trusted)."""
    certificate = make_certificate(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate.cert_file))
    return certificate


@pytest.fixture
def own_server(certificate):
    with smtp_server(security="starttls", auth=True, certificate=certificate) as server:
        yield server


@pytest.fixture
def site_server(settings):
    with smtp_server() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.DEFAULT_FROM_EMAIL = "Tact <tact@tact.example>"
        yield server


def own_account(owner, server, *, security=Security.STARTTLS, password=PASSWORD):
    return MailAccountFactory(
        owner=owner,
        address="camille@studio.example",
        sending_mode=SendingMode.OWN,
        smtp_host=server.host,
        smtp_port=server.port,
        smtp_security=security,
        smtp_login=LOGIN,
        smtp_password=password,
    )


def emailed_request(owner, *, subject="Un logo pour ma boulangerie"):
    """A request that arrived by email: the client's message is linked to it, as the import leaves it."""
    client = ClientFactory(owner=owner, name="Léa Martin", email="lea@boulangerie.example", language="fr")
    incoming = IncomingRequestFactory(client=client, channel=Channel.EMAIL, title=subject)
    first = not InboundMessage.objects.filter(owner=owner).exists()
    InboundMessageFactory(
        incoming=incoming,
        account=MailAccount.objects.get(owner=owner),
        message_id=CLIENT_ID if first else f"<{incoming.pk}@mail.example.com>",
        from_address=client.email,
        subject=subject,
        references=EARLIER,
        in_reply_to=EARLIER,
    )
    return incoming


def decide_and_send(owner, incoming, *, reply=REPLY, capture, subject="Votre demande"):
    with capture(execute=True):
        return incoming_request_decide(
            owner=owner,
            incoming=incoming,
            to=State.ACCEPTED,
            reason="fits",
            reply=reply,
            send=True,
            subject=subject,
        )


def test_the_reply_threads_under_the_client_s_message_with_the_edited_text(
    owner, own_server, eager_celery, django_capture_on_commit_callbacks
):
    own_account(owner, own_server)
    incoming = emailed_request(owner)
    decision = decide_and_send(owner, incoming, capture=django_capture_on_commit_callbacks)

    [received] = own_server.received
    outbound = OutboundMessage.objects.get(decision=decision)
    assert received["Message-ID"] == outbound.message_id and outbound.message_id.endswith("@studio.example>")
    assert received["In-Reply-To"] == CLIENT_ID
    assert received["References"].split() == [EARLIER, CLIENT_ID]
    assert received["Subject"] == "Re: Un logo pour ma boulangerie"
    assert received["From"] == "camille@studio.example"
    assert received["To"] == "lea@boulangerie.example"
    assert received["Date"]
    assert received.text.strip() == REPLY  # accents and dashes intact
    assert received.login == LOGIN  # over STARTTLS, with the user's login
    assert received.rcpt_tos == ["lea@boulangerie.example"]
    assert outbound.state == OutboundState.SENT and outbound.sent_at and outbound.attempts == 1


def test_through_the_site_s_server_it_comes_from_the_site_and_answers_to_the_user(
    owner, site_server, eager_celery, django_capture_on_commit_callbacks
):
    owner.first_name, owner.last_name = "Camille", "Durand"
    owner.save()
    MailAccountFactory(owner=owner, address="camille@studio.example", sending_mode=SendingMode.SITE)
    incoming = emailed_request(owner)
    decide_and_send(owner, incoming, capture=django_capture_on_commit_callbacks)

    [received] = site_server.received
    assert received["From"] == "Camille Durand <tact@tact.example>"
    assert received["Reply-To"] == "Camille Durand <camille@studio.example>"
    assert received.mail_from == "tact@tact.example"
    assert received["In-Reply-To"] == CLIENT_ID


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # it is TLS: aiosmtpd cannot tell
def test_a_server_over_implicit_tls_works_too(owner, certificate, eager_celery, django_capture_on_commit_callbacks):
    with smtp_server(security="ssl", auth=True, certificate=certificate) as server:
        own_account(owner, server, security=Security.SSL)
        decide_and_send(owner, emailed_request(owner), capture=django_capture_on_commit_callbacks)
        assert [r["In-Reply-To"] for r in server.received] == [CLIENT_ID]


def test_a_request_not_from_email_starts_a_new_thread_with_the_draft_s_subject(
    owner, own_server, eager_celery, django_capture_on_commit_callbacks
):
    own_account(owner, own_server)
    client = ClientFactory(owner=owner, email="paul@example.com")
    incoming = IncomingRequestFactory(client=client, channel=Channel.PHONE)
    decide_and_send(owner, incoming, capture=django_capture_on_commit_callbacks, subject="Votre projet : logo")

    [received] = own_server.received
    assert received["In-Reply-To"] is None and received["References"] is None
    assert received["Subject"] == "Votre projet : logo"


def test_a_refusal_shows_the_server_s_reason_and_the_decision_stays(
    owner, certificate, eager_celery, django_capture_on_commit_callbacks
):
    with smtp_server(security="starttls", auth=True, certificate=certificate, reject="550 5.7.1 Relaying denied") as s:
        own_account(owner, s)
        incoming = emailed_request(owner)
        decision = decide_and_send(owner, incoming, capture=django_capture_on_commit_callbacks)
        assert s.received == []

    outbound = OutboundMessage.objects.get(decision=decision)
    assert outbound.state == OutboundState.FAILED
    assert "550 5.7.1 Relaying denied" in outbound.error
    assert outbound.attempts == 1  # a refusal is not retried on its own: the user decides
    incoming.refresh_from_db()
    assert incoming.state == State.ACCEPTED and Decision.objects.filter(incoming=incoming).count() == 1


def test_a_wrong_password_is_named(owner, own_server):
    own_account(owner, own_server, password="not-it")
    outbound = _pending(owner)
    result = outbound_send(outbound_id=outbound.pk)
    outbound.refresh_from_db()
    assert result.state == OutboundState.FAILED and not result.temporary
    assert outbound.error.startswith("The server refused the login: 535")


def test_an_untrusted_certificate_is_refused(owner, tmp_path):
    untrusted = make_certificate(tmp_path)  # nobody told the client to trust it
    with smtp_server(security="starttls", auth=True, certificate=untrusted) as server:
        own_account(owner, server)
        outbound = _pending(owner)
        outbound_send(outbound_id=outbound.pk)
        assert server.received == []
    outbound.refresh_from_db()
    assert outbound.state == OutboundState.FAILED
    assert outbound.error == "The secure connection to 127.0.0.1 failed: self-signed certificate"


def test_a_server_that_is_down_is_tried_again_a_bounded_number_of_times(
    owner, eager_celery, django_capture_on_commit_callbacks
):
    MailAccountFactory(
        owner=owner,
        sending_mode=SendingMode.OWN,
        smtp_host="127.0.0.1",
        smtp_port=free_port(),
        smtp_security=Security.NONE,
    )
    decision = decide_and_send(owner, emailed_request(owner), capture=django_capture_on_commit_callbacks)
    outbound = OutboundMessage.objects.get(decision=decision)
    assert outbound.state == OutboundState.FAILED
    assert outbound.error.startswith("Could not connect to 127.0.0.1:")
    assert outbound.attempts == 4  # the first try and three retries, then it waits for the user


def test_a_private_host_is_refused_unless_the_site_allows_it(owner, own_server, settings):
    settings.MAIL_ALLOW_PRIVATE_HOSTS = False
    own_account(owner, own_server)
    outbound = _pending(owner)
    outbound_send(outbound_id=outbound.pk)
    outbound.refresh_from_db()
    assert own_server.received == []
    assert outbound.state == OutboundState.FAILED and "private or local address" in outbound.error


def test_sending_needs_a_mail_account_and_the_client_s_address(owner, django_capture_on_commit_callbacks):
    incoming = IncomingRequestFactory(client=ClientFactory(owner=owner, email="paul@example.com"))
    with pytest.raises(ValidationError, match="Sending is not set up"):
        decide_and_send(owner, incoming, capture=django_capture_on_commit_callbacks)
    MailAccountFactory(owner=owner)
    no_address = IncomingRequestFactory(client=ClientFactory(owner=owner, email=""))
    with pytest.raises(ValidationError, match="no email address"):
        decide_and_send(owner, no_address, capture=django_capture_on_commit_callbacks)
    incoming.refresh_from_db()
    assert incoming.state == State.NEW  # nothing was recorded: the user sees why and decides again


def _pending(owner, **fields):
    """A reply recorded with its decision, as the task finds it (or, with `fields`, as a crash left it)."""
    incoming = emailed_request(owner)
    decision = incoming_request_decide(owner=owner, incoming=incoming, to=State.ACCEPTED, reason="fits", reply=REPLY)
    outbound = outbound_create(owner=owner, decision=decision, incoming=incoming, body=REPLY)
    if fields:
        OutboundMessage.objects.filter(pk=outbound.pk).update(**fields)
        outbound.refresh_from_db()
    return outbound


def test_a_sent_reply_is_never_sent_again(owner, own_server):
    own_account(owner, own_server)
    outbound = _pending(owner)
    assert outbound_send(outbound_id=outbound.pk).state == OutboundState.SENT
    assert outbound_send(outbound_id=outbound.pk).state == ""  # a second task, a late retry: nothing to claim
    assert len(own_server.received) == 1


def test_a_reply_left_sending_by_a_crash_is_not_sent_again_until_the_user_says_so(owner, own_server):
    own_account(owner, own_server)
    crashed_at = timezone.now() - timedelta(minutes=30)
    outbound = _pending(owner, state=OutboundState.SENDING, claimed_at=crashed_at, attempts=1, created_at=crashed_at)

    assert outbound_send(outbound_id=outbound.pk).state == ""  # a redelivered task cannot claim it
    assert outbound.pk not in outbound_late_ids()  # nor does the sweep pick it up
    assert own_server.received == []
    assert outbound_status(outbound) == "uncertain"

    assert outbound_release(owner=owner, outbound=outbound)  # "it was not in my Sent folder"
    assert outbound_send(outbound_id=outbound.pk).state == OutboundState.SENT
    assert len(own_server.received) == 1


def test_a_reply_still_sending_a_moment_ago_cannot_be_released(owner, own_server):
    own_account(owner, own_server)
    outbound = _pending(owner, state=OutboundState.SENDING, claimed_at=timezone.now())
    assert outbound_status(outbound) == "sending"
    assert not outbound_release(owner=owner, outbound=outbound)


def test_the_sweep_sends_the_replies_whose_task_was_lost_and_only_those(
    owner, own_server, eager_celery, django_capture_on_commit_callbacks
):
    own_account(owner, own_server)
    long_ago = timezone.now() - timedelta(minutes=10)
    lost = _pending(owner, created_at=long_ago)
    fresh = _pending(owner)
    _pending(owner, state=OutboundState.SENDING, claimed_at=long_ago, created_at=long_ago)  # interrupted
    assert outbound_late_ids() == [lost.pk]
    assert outbound_status(lost) == "late" and outbound_status(fresh) == "queued"

    with django_capture_on_commit_callbacks(execute=True):
        assert outbound_sweep_task.apply().get() == 1
    assert [r["Message-ID"] for r in own_server.received] == [lost.message_id]


def _sent_folder(dovecot, login: str) -> list[bytes]:
    imap = dovecot.connect(login)
    try:
        imap.select("Sent", readonly=True)
        _status, [numbers] = imap.search(None, "ALL")
        messages = []
        for number in numbers.split():
            _status, data = imap.fetch(number, "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID IN-REPLY-TO)])")
            messages.append(data[0][0] + data[0][1])
        return messages
    finally:
        imap.logout()


def test_a_copy_lands_in_the_imap_sent_folder_marked_read(owner, own_server, dovecot, mailbox):
    login, password = mailbox
    dovecot.connect(login).create("Sent")
    connect(owner, dovecot, login, password, **_smtp(own_server), sent_folder="Sent")
    outbound = _pending(owner)
    assert outbound_send(outbound_id=outbound.pk).state == OutboundState.SENT

    [copy] = _sent_folder(dovecot, login)
    assert outbound.message_id.encode() in copy and CLIENT_ID.encode() in copy
    assert b"\\Seen" in copy


def test_a_sent_folder_that_cannot_be_reached_does_not_fail_the_send(owner, own_server, dovecot, mailbox):
    login, password = mailbox
    connect(owner, dovecot, login, password, **_smtp(own_server), sent_folder="Sent")
    MailAccount.objects.filter(owner=owner).update(imap_port=free_port())  # the IMAP server is down
    outbound = _pending(owner)
    assert outbound_send(outbound_id=outbound.pk).state == OutboundState.SENT
    outbound.refresh_from_db()
    assert outbound.state == OutboundState.SENT and len(own_server.received) == 1


def _smtp(server) -> dict:
    return {
        "sending_mode": SendingMode.OWN,
        "smtp_host": server.host,
        "smtp_port": server.port,
        "smtp_security": Security.STARTTLS,
        "smtp_login": LOGIN,
        "smtp_password": PASSWORD,
    }
