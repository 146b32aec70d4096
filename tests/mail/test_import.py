"""Requests arrive from a real IMAP server (Dovecot): each message once, whatever runs twice or at once."""

import threading

import pytest
from django.db import connection

from clients.services import client_blacklist
from mail.imap import RawMessage
from mail.inbound import DUPLICATE, inbound_message_import
from mail.models import InboundKind, InboundMessage, MailAccount
from mail.reading import DONE, FIRST_READ_DAYS, mail_account_read, mail_accounts_due
from projects.models import Channel, IncomingRequest
from tests.factories import ClientFactory
from tests.mail.support import connect, message

pytestmark = pytest.mark.django_db

FRENCH = "Bonjour, nous voudrions refondre notre site avant l'été. Pouvez-vous nous faire un devis rapidement ?"
ENGLISH = "Hello, we would like a new logo for our bakery before the spring. Could you send us a quote?"


def read(account):
    result = mail_account_read(account_id=account.pk)
    assert result.outcome == DONE, result.error
    return {str(kind): count for kind, count in result.counts.items()}


def test_each_message_becomes_a_request_filed_under_its_sender(owner, dovecot, mailbox):
    account = connect(owner, dovecot, *mailbox)
    dovecot.append(
        mailbox[0],
        message(sender="Camille Martin <camille@client.example>", subject="Refonte du site", text=FRENCH),
        message(sender="Sam Baker <sam@bakery.example>", subject="A logo", text=ENGLISH),
    )

    assert read(account) == {"request": 2}

    logo, refonte = IncomingRequest.objects.owned_by(owner).order_by("title")
    assert (logo.title, logo.channel, logo.state) == ("A logo", Channel.EMAIL, "new")
    assert logo.description == ENGLISH
    assert (logo.client.name, logo.client.email, logo.client.language) == ("Sam Baker", "sam@bakery.example", "en")
    assert (refonte.client.name, refonte.client.language) == ("Camille Martin", "fr")
    assert not InboundMessage.objects.get(incoming=logo).client_matched


def test_reading_twice_imports_nothing_twice_and_only_new_messages_are_fetched(owner, dovecot, mailbox):
    account = connect(owner, dovecot, *mailbox)
    dovecot.append(mailbox[0], message(), message())
    assert read(account) == {"request": 2}

    assert read(account) == {}
    dovecot.append(mailbox[0], message(subject="One more"))
    assert read(account) == {"request": 1}

    account.refresh_from_db()
    assert account.last_uid == 3 and account.last_error == "" and account.last_checked_at is not None
    assert IncomingRequest.objects.owned_by(owner).count() == 3


def test_a_changed_uidvalidity_reads_the_folder_again_without_duplicates(owner, dovecot, mailbox):
    first, second = message(subject="First"), message(subject="Second")
    dovecot.append(mailbox[0], first, second, folder="Requests")
    account = connect(owner, dovecot, *mailbox, folder="Requests")
    assert read(account) == {"request": 2}
    old_validity = MailAccount.objects.get(pk=account.pk).uid_validity

    dovecot.recreate_folder(mailbox[0], "Requests")  # the server rebuilt the folder: UIDs start again at 1
    dovecot.append(mailbox[0], first, second, message(subject="Third"), folder="Requests")

    assert read(account) == {"duplicate": 2, "request": 1}
    account.refresh_from_db()
    assert account.uid_validity != old_validity and account.last_uid == 3
    assert sorted(IncomingRequest.objects.owned_by(owner).values_list("title", flat=True)) == [
        "First",
        "Second",
        "Third",
    ]


def test_a_first_read_brings_the_last_month_only(owner, dovecot, mailbox):
    imap = dovecot.connect(mailbox[0])
    imap.append("INBOX", None, '"01-Jan-2020 10:00:00 +0000"', message(subject="Years old"))
    imap.logout()
    dovecot.append(mailbox[0], message(subject="This week"))
    account = connect(owner, dovecot, *mailbox)

    assert read(account) == {"request": 1}
    assert read(account) == {}  # the old one is left in the mailbox for good
    assert list(IncomingRequest.objects.owned_by(owner).values_list("title", flat=True)) == ["This week"]
    assert FIRST_READ_DAYS == 30


def test_a_sender_on_file_gets_the_request_marked_as_matched_by_address(owner, owner_client, dovecot, mailbox):
    client = ClientFactory(owner=owner, name="Camille Martin", email="camille@client.example", language="en")
    account = connect(owner, dovecot, *mailbox)
    dovecot.append(mailbox[0], message(sender="Someone <CAMILLE@client.example>", text=FRENCH))
    read(account)

    incoming = IncomingRequest.objects.owned_by(owner).get()
    assert incoming.client == client
    client.refresh_from_db()
    assert client.language == "en"  # the client's language is the owner's to set, not a guess's
    original = InboundMessage.objects.get(incoming=incoming)
    assert original.client_matched and original.language == "fr"
    page = owner_client.get(f"/requests/{incoming.pk}/").content.decode()
    assert "because it came from the address on file: an address is no proof of identity" in page
    assert f"/mail/messages/{original.pk}/" in page


def test_a_look_alike_of_a_blacklisted_client_is_flagged_at_triage(owner, owner_client, dovecot, mailbox):
    shady = ClientFactory(owner=owner, name="Shady Corp", email="boss@shady.example")
    client_blacklist(owner=owner, client=shady, reason="Never paid")
    account = connect(owner, dovecot, *mailbox)
    dovecot.append(mailbox[0], message(sender="New Name <someone@shady.example>"))
    read(account)

    incoming = IncomingRequest.objects.owned_by(owner).get()
    assert incoming.client != shady and incoming.client.email == "someone@shady.example"
    page = owner_client.get(f"/requests/{incoming.pk}/").content.decode()
    assert "Looks like blacklisted client" in page and "Never paid" in page


def test_nothing_runs_for_users_without_a_mail_account(owner, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert mail_accounts_due() == []


def test_a_stopped_account_is_not_read(owner, dovecot, mailbox):
    account = connect(owner, dovecot, *mailbox)
    MailAccount.objects.filter(pk=account.pk).update(enabled=False)
    dovecot.append(mailbox[0], message())
    assert mail_accounts_due() == []
    assert mail_account_read(account_id=account.pk).outcome == "disabled"
    assert not IncomingRequest.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_readers_at_once_import_each_message_once(owner, dovecot, mailbox):
    """Whether the claim on the account or the unique Message-ID stops the second reader, one request each."""
    account = connect(owner, dovecot, *mailbox)
    dovecot.append(mailbox[0], *[message(subject=f"Request {n}") for n in range(5)])
    start = threading.Barrier(2)
    outcomes = []

    def reader():
        start.wait()
        try:
            outcomes.append(mail_account_read(account_id=account.pk).outcome)
        finally:
            connection.close()

    threads = [threading.Thread(target=reader) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sorted(outcomes) in (["busy", "done"], ["done", "done"])
    assert IncomingRequest.objects.owned_by(owner).count() == 5
    assert InboundMessage.objects.owned_by(owner).count() == 5


@pytest.mark.django_db(transaction=True)
def test_the_same_message_recorded_by_two_workers_at_once_makes_one_request(owner, dovecot, mailbox):
    """Past the claim (a lease run out, a rescan): the unique Message-ID alone keeps the second one out."""
    account = connect(owner, dovecot, *mailbox)
    MailAccount.objects.filter(pk=account.pk).update(uid_validity=7)
    account.refresh_from_db()
    raw = RawMessage(uid=1, size=1000, raw=message(subject="Once"), internal_date=None)
    start = threading.Barrier(2)
    outcomes = []

    def worker():
        start.wait()
        try:
            outcomes.append(inbound_message_import(account=account, message=raw, uid_validity=7))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sorted(outcomes) == [DUPLICATE, InboundKind.REQUEST]
    assert IncomingRequest.objects.owned_by(owner).count() == 1
