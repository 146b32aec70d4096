"""Two sends of the same reply at the same moment (two workers, a retry and the user's Retry): one email.

Real threads, each with its own database connection, released together; the claim is the database's
conditional UPDATE, so this holds on SQLite and PostgreSQL alike.
"""

import threading

import pytest
from django.db import connection

from mail.models import OutboundMessage, OutboundState, SendingMode
from mail.sending import outbound_send
from projects.models import State
from tests.factories import (
    ClientFactory,
    DecisionFactory,
    IncomingRequestFactory,
    MailAccountFactory,
    OutboundMessageFactory,
)
from tests.mail.smtp_server import smtp_server

pytestmark = pytest.mark.django_db(transaction=True)

RACERS = 8


def failed_reply(owner) -> OutboundMessage:
    incoming = IncomingRequestFactory(client=ClientFactory(owner=owner, email="lea@example.com"), state=State.ACCEPTED)
    return OutboundMessageFactory(
        decision=DecisionFactory(incoming=incoming, reply="Hello"),
        message_id="<race@studio.example>",
        to_address="lea@example.com",
        state=OutboundState.FAILED,
        attempts=1,
        error="421 4.7.0 Try again later",
    )


def test_concurrent_sends_of_one_reply_send_it_once(owner, settings):
    with smtp_server() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        MailAccountFactory(owner=owner, sending_mode=SendingMode.SITE)
        outbound = failed_reply(owner)
        start = threading.Barrier(RACERS)
        results, errors = [], []

        def race():
            try:
                connection.ensure_connection()  # connected before the start, so they all reach the claim together
                start.wait(timeout=10)
                results.append(outbound_send(outbound_id=outbound.pk).state)
            except Exception as error:  # noqa: BLE001 (reported by the assertion below)
                errors.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=race) for _ in range(RACERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert errors == []
        assert sorted(results) == sorted([OutboundState.SENT] + [""] * (RACERS - 1))
        assert [r["Message-ID"] for r in server.received] == ["<race@studio.example>"]
    outbound.refresh_from_db()
    assert outbound.state == OutboundState.SENT and outbound.attempts == 2
