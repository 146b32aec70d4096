"""The mail settings page and the original message's page: write-only passwords, one owner's rows only,
a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mail.models import InboundKind, InboundMessage, MailAccount, Security, SkipReason
from tests.factories import IncomingRequestFactory, MailAccountFactory

pytestmark = pytest.mark.django_db

FORM = {
    "address": "me@freelance.example",
    "imap_host": "127.0.0.1",
    "imap_port": "143",
    "imap_security": Security.NONE,
    "imap_login": "me",
    "imap_password": "First-Secret-1",
    "imap_folder": "INBOX",
    "sending_mode": "site",
    "smtp_port": "465",
    "smtp_security": Security.SSL,
}


def test_the_profile_settings_link_to_the_mail_settings(owner_client):
    assert "/mail/settings/" in owner_client.get("/settings/").content.decode()


def test_without_settings_nothing_is_read_and_the_page_says_so(owner_client):
    page = owner_client.get("/mail/settings/").content.decode()
    assert 'data-mail-state="none"' in page


def test_passwords_are_write_only_and_blank_keeps_the_saved_one(owner, owner_client):
    assert owner_client.post("/mail/settings/", FORM).status_code == 302
    account = MailAccount.objects.owned_by(owner).get()
    assert account.imap_password == "First-Secret-1"

    page = owner_client.get("/mail/settings/").content.decode()
    assert "First-Secret-1" not in page and "Leave blank to keep the saved one." in page

    assert (
        owner_client.post("/mail/settings/", {**FORM, "imap_password": "", "imap_folder": "Requests"}).status_code
        == 302
    )
    account.refresh_from_db()
    assert (account.imap_password, account.imap_folder) == ("First-Secret-1", "Requests")

    owner_client.post("/mail/settings/", {**FORM, "imap_password": "Second-Secret-2"})
    account.refresh_from_db()
    assert account.imap_password == "Second-Secret-2"


def test_a_new_account_needs_its_password(owner_client):
    response = owner_client.post("/mail/settings/", {**FORM, "imap_password": ""})
    assert response.status_code == 400
    assert "The password of this mailbox is needed to read it." in response.content.decode()


@pytest.mark.parametrize(
    "changes, field_error",
    [
        ({"imap_host": "93.184.216.34"}, "the password would cross the network in clear"),  # public, unencrypted
        ({"imap_port": "0"}, "A port is a number from 1 to 65535."),
        ({"sending_mode": "own", "smtp_host": ""}, "Your SMTP server’s name is needed to send from it."),
    ],
    ids=["unencrypted-to-a-public-host", "port-zero", "own-smtp-without-host"],
)
def test_settings_that_cannot_work_are_refused(owner_client, changes, field_error):
    response = owner_client.post("/mail/settings/", {**FORM, **changes})
    assert response.status_code == 400
    assert field_error in response.content.decode()
    assert not MailAccount.objects.exists()


def test_a_private_host_is_refused_on_a_hosted_site(owner_client, settings):
    settings.MAIL_ALLOW_PRIVATE_HOSTS = False
    response = owner_client.post("/mail/settings/", {**FORM, "imap_host": "169.254.169.254"})
    assert response.status_code == 400
    assert "points to a private or local address (169.254.169.254)" in response.content.decode()


def _skipped(account, count):
    for n in range(count):
        InboundMessage.objects.create(
            owner=account.owner,
            account=account,
            message_id=f"<skipped-{account.pk}-{n}@x>",
            uid=n + 1,
            uid_validity=1,
            kind=InboundKind.SKIPPED,
            skip_reason=SkipReason.AUTOMATIC,
            subject=f"Out of office {n}",
        )


def test_the_settings_page_runs_a_constant_number_of_queries(owner, owner_client, other_user):
    account = MailAccountFactory(owner=owner)
    _skipped(account, 1)
    with CaptureQueriesContext(connection) as few:
        assert owner_client.get("/mail/settings/").status_code == 200
    _skipped(MailAccountFactory(owner=other_user), 1)
    InboundMessage.objects.owned_by(owner).delete()
    _skipped(account, 25)
    with CaptureQueriesContext(connection) as many:
        page = owner_client.get("/mail/settings/").content.decode()
    assert len(many) == len(few)
    assert page.count("Out of office") == 10  # the latest ten skipped, with their reason
    assert "An automatic message" in page


def test_another_user_s_message_answers_404(owner, other_user, client):
    message = InboundMessage.objects.create(
        owner=owner, message_id="<private@x>", uid=1, uid_validity=1, kind=InboundKind.REQUEST, text="Secret text"
    )
    client.force_login(other_user)
    assert client.get(f"/mail/messages/{message.pk}/").status_code == 404
    assert client.get("/mail/messages/999999/").status_code == 404
    client.force_login(owner)
    assert "Secret text" in client.get(f"/mail/messages/{message.pk}/").content.decode()


def test_the_original_message_shows_the_whole_conversation_escaped(owner, owner_client):
    incoming = IncomingRequestFactory(client__owner=owner)
    first = InboundMessage.objects.create(
        owner=owner,
        message_id="<first@x>",
        uid=1,
        uid_validity=1,
        kind=InboundKind.REQUEST,
        incoming=incoming,
        from_name="<b>Bold</b>",
        from_address="camille@client.example",
        text="Line one\n<img src=x onerror=alert(1)>",
        attachments=[{"name": "brief.pdf", "size": 31_457_280, "approximate": True}],
    )
    InboundMessage.objects.create(
        owner=owner,
        message_id="<answer@x>",
        uid=2,
        uid_validity=1,
        kind=InboundKind.ANSWER,
        incoming=incoming,
        text="OK",
    )

    page = owner_client.get(f"/mail/messages/{first.pk}/").content.decode()

    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt;" in page
    assert "brief.pdf (about 30.0\xa0MB)" in page
    assert "The rest of the conversation" in page and 'data-kind="answer"' in page
