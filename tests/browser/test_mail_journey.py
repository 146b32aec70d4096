"""Journey — a request that came by email is answered from Tact, in a real browser, against real mail servers.

A client's message is delivered to the freelancer's mailbox (APPEND on a throw-away Dovecot); the import job
reads it and files a request; the freelancer finds it among the requests, opens triage, rewrites the drafted
reply in their own words and presses "Record and send". The reply leaves through an SMTP server (aiosmtpd):
what it received is the edited text, threaded under the client's message, and the page says it was sent.
"""

import os
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from config.celery import app as celery_app
from mail.models import OutboundMessage, OutboundState, SendingMode
from mail.reading import DONE, mail_account_read
from projects.models import Channel, IncomingRequest, State
from tests.browser.support import follow, go_to, tr
from tests.browser.triage_support import decide, open_session
from tests.factories import UserFactory
from tests.mail.dovecot import Dovecot, dovecot_available
from tests.mail.smtp_server import smtp_server
from tests.mail.support import connect, message

pytestmark = pytest.mark.django_db(transaction=True)

CLIENT = "lea@boulangerie.example"
CLIENT_MESSAGE_ID = "<logo-2025@boulangerie.example>"
EDITED = "Hello Léa,\n\nThank you for thinking of me. In my own words: yes, gladly — for 1,800 €.\n\nCamille"


@pytest.fixture
def site_smtp(settings):
    """The site's SMTP server; the live server's thread reads the same settings."""
    with smtp_server() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.DEFAULT_FROM_EMAIL = "Tact <tact@tact.example>"
        yield server


@pytest.fixture
def dovecot():
    """A throw-away Dovecot (tests/mail/dovecot.py); skipped, or failed under CI, if missing."""
    if not dovecot_available():
        if os.environ.get("CI") == "true":
            pytest.fail("Dovecot is not installed: apt-get install dovecot-imapd")
        pytest.skip("Dovecot is not installed (apt-get install dovecot-imapd)")
    server = Dovecot.start()
    yield server
    server.stop()


@pytest.fixture
def eager_celery(monkeypatch):
    """The send task runs in the web request once the decision commits, as a worker would right after."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


def test_a_mailed_request_is_answered_from_tact_with_the_edited_reply(
    live_server, browser_context_factory, console_errors, log_in, dovecot, site_smtp, eager_celery
):
    owner = UserFactory(username="camille", first_name="Camille", last_name="Martin", email="camille@studio.example")
    login, password = dovecot.add_user("camille@studio.example")
    account = connect(owner, dovecot, login, password, sending_mode=SendingMode.SITE)

    # The client writes; their message lands in the mailbox; the import job files it as a request.
    dovecot.append(
        login,
        message(
            sender="Léa Fournier <lea@boulangerie.example>",
            subject="A logo for my bakery",
            text="Hello, we would like a new logo for our bakery before the summer. Could you send us a quote?",
            message_id=CLIENT_MESSAGE_ID,
        ),
    )
    assert mail_account_read(account_id=account.pk).outcome == DONE
    incoming = IncomingRequest.objects.get(owner=owner)
    assert incoming.channel == Channel.EMAIL and incoming.client.email == CLIENT

    # The freelancer finds it among the requests and opens triage.
    page = open_session(browser_context_factory, console_errors, log_in, live_server, language="en")
    go_to(page, "en", "Requests")
    follow(page, page.get_by_role("link", name=incoming.title, exact=True))
    expect(page.locator("h1")).to_have_text(incoming.title)

    # They answer with a counter-offer, rewrite the draft in their own words, record and send.
    decide(page, "en", State.NEGOTIATING)
    page.locator("#id_reply").fill(EDITED)
    explained = tr(
        "en", "“Record and send” records the decision and emails the reply above to %(email)s.", email=CLIENT
    )
    expect(page.get_by_text(explained)).to_be_visible()
    follow(page, page.get_by_role("button", name=tr("en", "Record and send"), exact=True))

    expect(page.locator(".messages")).to_contain_text(tr("en", "Your reply is being sent to %(email)s.", email=CLIENT))
    sent = page.locator("#decided [data-outbound]")
    expect(sent).to_have_attribute("data-outbound", "sent")
    expect(sent).to_contain_text(re.compile("Sent to " + re.escape(CLIENT) + " on "))

    # What the SMTP server received: the edited text, threaded under the client's message.
    [received] = site_smtp.received
    assert received.text.strip() == EDITED
    assert received["In-Reply-To"] == CLIENT_MESSAGE_ID
    assert CLIENT_MESSAGE_ID in received["References"].split()
    assert received["Subject"] == "Re: A logo for my bakery"
    assert received["To"] == CLIENT
    assert received["Reply-To"] == "Camille Martin <camille@studio.example>"
    outbound = OutboundMessage.objects.get(incoming=incoming)
    assert received["Message-ID"] == outbound.message_id and outbound.state == OutboundState.SENT
    assert page.url.endswith(reverse("projects:incoming_detail", args=[incoming.pk]))
