"""A broken mailbox is its user's problem only, shown on their settings page with exactly what failed; the
passwords are stored encrypted; the settings page keeps them write-only."""

import socket
import time

import pytest
from django.core.management import call_command
from django.db import connection

from mail.models import FailureKind, MailAccount, Security
from mail.reading import DONE, FAILED, mail_account_read, mail_accounts_due
from mail.services import mail_account_check
from projects.models import IncomingRequest
from tests.factories import UserFactory
from tests.mail.dovecot import free_port
from tests.mail.support import connect, message

pytestmark = pytest.mark.django_db


def raw_column(account, column: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM mail_mailaccount WHERE id = %s", [account.pk])  # noqa: S608
        return cursor.fetchone()[0]


@pytest.fixture
def silent_server():
    """A server that accepts the connection and never says a word."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock.getsockname()[1]


@pytest.mark.usefixtures("fast_timeouts")
@pytest.mark.parametrize(
    "overrides, kind, words",
    [
        ({"imap_password": "not-the-password"}, FailureKind.LOGIN, "AUTHENTICATIONFAILED"),
        ({"imap_port": "dead"}, FailureKind.REFUSED, "nothing answers on 127.0.0.1"),
        ({"imap_port": "silent"}, FailureKind.TIMEOUT, "within 2 seconds"),
        ({"imap_port": "ssl", "imap_security": Security.SSL}, FailureKind.TLS, "self-signed certificate"),
        ({"imap_security": Security.STARTTLS}, FailureKind.TLS, "self-signed certificate"),
        ({"imap_security": Security.SSL}, FailureKind.TLS, ""),  # TLS spoken to a plain port
        ({"imap_folder": "Requests/Nope"}, FailureKind.FOLDER, "“Requests/Nope”"),
        ({"imap_host": "no-such-host.invalid"}, FailureKind.DNS, "no-such-host.invalid"),
    ],
    ids=[
        "wrong-password",
        "server-down",
        "silent-server",
        "untrusted-certificate",
        "starttls",
        "tls-on-plain",
        "no-folder",
        "dns",
    ],
)
def test_the_connection_test_says_exactly_what_failed(owner, dovecot, mailbox, silent_server, overrides, kind, words):
    ports = {"dead": free_port(), "silent": silent_server, "ssl": dovecot.ssl_port}
    if overrides.get("imap_port") in ports:
        overrides = {**overrides, "imap_port": ports[overrides["imap_port"]]}
    connect(owner, dovecot, *mailbox)
    MailAccount.objects.owned_by(owner).update(**overrides)  # as saved before the server changed

    started = time.monotonic()
    result = mail_account_check(owner=owner)

    assert time.monotonic() - started < 8
    assert (result.ok, result.kind) == (False, kind)
    assert words in result.message
    account = MailAccount.objects.owned_by(owner).get()
    assert account.last_error_kind == kind and account.last_error_at is not None


def test_the_connection_test_says_how_many_messages_the_folder_holds(owner, owner_client, dovecot, mailbox):
    connect(owner, dovecot, *mailbox)
    dovecot.append(mailbox[0], message(), message())

    page = owner_client.post("/mail/settings/check/", follow=True).content.decode()

    assert "Connected: the folder “INBOX” holds 2 message(s)." in page


def test_a_private_address_is_refused_unless_the_site_allows_it(owner, dovecot, mailbox, settings):
    connect(owner, dovecot, *mailbox)
    settings.MAIL_ALLOW_PRIVATE_HOSTS = False

    result = mail_account_check(owner=owner)

    assert result.kind == FailureKind.PRIVATE and "127.0.0.1" in result.message
    account = MailAccount.objects.owned_by(owner).get()
    assert mail_account_read(account_id=account.pk).outcome == FAILED


@pytest.mark.usefixtures("fast_timeouts")
def test_broken_mailboxes_are_isolated_to_their_users(owner, owner_client, dovecot, mailbox, silent_server):
    wrong_password, dead, silent = (UserFactory(username=name) for name in ("wrong", "dead", "silent"))
    for user in (wrong_password, dead, silent):
        connect(user, dovecot, *dovecot.add_user(f"{user.username}@example.test"))
    MailAccount.objects.owned_by(dead).update(imap_port=free_port())
    MailAccount.objects.owned_by(silent).update(imap_port=silent_server)
    MailAccount.objects.owned_by(wrong_password).update(imap_password="wrong")
    connect(owner, dovecot, *mailbox)
    dovecot.append(mailbox[0], message(subject="Arrives all the same"))

    outcomes = {}
    for account_id in mail_accounts_due():  # what the periodic task fans out, one job each
        account = MailAccount.objects.select_related("owner").get(pk=account_id)
        outcomes[account.owner.username] = mail_account_read(account_id=account_id).outcome

    assert outcomes == {"wrong": FAILED, "dead": FAILED, "silent": FAILED, "owner": DONE}
    assert IncomingRequest.objects.owned_by(owner).get().title == "Arrives all the same"
    kinds = dict(MailAccount.objects.values_list("owner__username", "last_error_kind"))
    assert kinds == {"wrong": "login", "dead": "refused", "silent": "timeout", "owner": ""}
    owner_client.force_login(wrong_password)
    page = owner_client.get("/mail/settings/").content.decode()
    assert 'data-last-error="login"' in page and "The login or password was refused" in page


def test_passwords_are_stored_encrypted_and_rotated_by_the_re_encrypt_command(owner, settings):
    account = MailAccount.objects.create(
        owner=owner,
        address="me@freelance.example",
        imap_host="imap.freelance.example",
        imap_login="me",
        imap_password="imap-Secret-42",
        smtp_password="smtp-Secret-42",
    )
    stored = raw_column(account, "imap_password")
    assert "imap-Secret-42" not in stored and stored.startswith("gAAAAA")  # a Fernet token
    assert "smtp-Secret-42" not in raw_column(account, "smtp_password")
    assert MailAccount.objects.get(pk=account.pk).imap_password == "imap-Secret-42"

    fields = [MailAccount._meta.get_field(name) for name in ("imap_password", "smtp_password")]

    def use_keys():
        for field in fields:
            field.__dict__.pop("keys", None)
            field.__dict__.pop("f", None)

    try:
        settings.SALT_KEY = ["new-salt", *settings.SALT_KEY]
        use_keys()
        call_command("mail_reencrypt", stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
        rotated = raw_column(account, "imap_password")
        assert rotated != stored
        settings.SALT_KEY = ["new-salt"]  # the old salt is gone: the passwords still read
        use_keys()
        assert MailAccount.objects.get(pk=account.pk).imap_password == "imap-Secret-42"
        assert MailAccount.objects.get(pk=account.pk).smtp_password == "smtp-Secret-42"
    finally:
        settings.SALT_KEY = ["tact-mail-passwords"]
        use_keys()


def test_an_empty_smtp_password_is_stored(owner):
    account = MailAccount.objects.create(
        owner=owner, address="a@b.example", imap_host="imap.b.example", imap_login="a", imap_password="x"
    )
    assert MailAccount.objects.get(pk=account.pk).smtp_password in ("", None)


def test_stopping_and_deleting_keep_what_was_read(owner, owner_client, dovecot, mailbox):
    account = connect(owner, dovecot, *mailbox)
    dovecot.append(mailbox[0], message(subject="Kept"))
    mail_account_read(account_id=account.pk)

    owner_client.post("/mail/settings/enable/", {"enabled": "0"})
    assert mail_accounts_due() == []
    assert 'data-mail-state="stopped"' in owner_client.get("/mail/settings/").content.decode()
    owner_client.post("/mail/settings/enable/", {"enabled": "1"})
    assert mail_accounts_due() == [account.pk]

    assert owner_client.get("/mail/settings/delete/").status_code == 200
    owner_client.post("/mail/settings/delete/")
    assert not MailAccount.objects.exists()
    incoming = IncomingRequest.objects.owned_by(owner).get()
    original = incoming.mail_messages.get()
    assert owner_client.get(f"/mail/messages/{original.pk}/").status_code == 200

    connect(owner, dovecot, *mailbox)  # connected again: nothing is imported twice
    assert mail_account_read(account_id=MailAccount.objects.get().pk).counts == {"duplicate": 1}
    assert IncomingRequest.objects.owned_by(owner).count() == 1
