"""The client's answer finds its request: by the headers naming a message of the thread, or by a "Re:" of the
same subject from the same sender within 60 days. It stops the ghosting reminder and says so everywhere."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mail.models import InboundKind, InboundMessage, SkipReason
from mail.reading import mail_account_read
from projects.models import DecisionReason, IncomingRequest, State
from tests.factories import ClientFactory, DecisionFactory, IncomingRequestFactory, OutboundMessageFactory
from tests.mail.support import connect, message
from workspace.models import Reminder, ReminderKind
from workspace.notifications import reminder_text
from workspace.reminders import reminders_sweep, sweep_client_answers, sweep_ghosting

pytestmark = pytest.mark.django_db

CLIENT = "camille@client.example"
OFFER_ID = "<offer-1@freelance.example>"


@pytest.fixture
def negotiation(owner):
    """A counter-offer sent from Tact ten days ago: past the seven days after which silence is ghosting."""
    client = ClientFactory(owner=owner, name="Camille Martin", email=CLIENT)
    ten_days_ago = timezone.now() - timedelta(days=10)
    incoming = IncomingRequestFactory(client=client, title="Refonte du site", state=State.NEGOTIATING)
    IncomingRequest.objects.filter(pk=incoming.pk).update(decided_at=ten_days_ago, received_at=ten_days_ago)
    decision = DecisionFactory(
        incoming=incoming, from_state=State.NEW, to_state=State.NEGOTIATING, reason=DecisionReason.RATE_BELOW_MINIMUM
    )
    OutboundMessageFactory(decision=decision, message_id=OFFER_ID, to_address=CLIENT, subject="Re: Refonte du site")
    incoming.refresh_from_db()
    return incoming


def read(account):
    return {str(kind): n for kind, n in mail_account_read(account_id=account.pk).counts.items()}


def test_the_answer_to_a_reply_sent_from_tact_joins_its_request_and_stops_the_ghosting_reminder(
    owner, owner_client, negotiation, dovecot, mailbox
):
    account = connect(owner, dovecot, *mailbox)
    answer = "D'accord pour votre tarif, on commence quand ?\n\nLe lun. 1 déc., vous avez écrit :\n> Bonjour"
    dovecot.append(
        mailbox[0],
        message(sender=f"Camille <{CLIENT}>", subject="Re: Refonte du site", text=answer, in_reply_to=OFFER_ID),
    )

    assert read(account) == {"answer": 1}

    assert IncomingRequest.objects.owned_by(owner).count() == 1  # no new request
    received = InboundMessage.objects.owned_by(owner).get()
    assert (received.kind, received.incoming) == (InboundKind.ANSWER, negotiation)
    negotiation.refresh_from_db()
    assert negotiation.client_answered and negotiation.state == State.NEGOTIATING

    assert sweep_ghosting() == 0
    assert reminders_sweep() == 1  # the client's answer, told once
    assert reminders_sweep() == 0
    reminder = Reminder.objects.owned_by(owner).get()
    assert reminder.kind == ReminderKind.CLIENT_ANSWERED and reminder.incoming == negotiation
    assert reminder_text(reminder).startswith("Camille Martin answered about “Refonte du site”")

    inbox = owner_client.get("/requests/?state=negotiating").content.decode()
    assert "data-client-answered" in inbox and "The client answered" in inbox
    assert "The client answered" in owner_client.get("/").content.decode()
    triage = owner_client.get(f"/requests/{negotiation.pk}/").content.decode()
    assert f"/mail/messages/{received.pk}/" in triage and 'data-proposal="ghosting"' not in triage
    page = owner_client.get(f"/mail/messages/{received.pk}/").content.decode()
    assert "D&#x27;accord pour votre tarif" in page


def test_without_an_answer_the_ghosting_reminder_comes_as_before(owner, negotiation):
    assert sweep_ghosting() == 1
    assert sweep_client_answers() == 0


def test_an_out_of_office_reply_is_no_answer(owner, negotiation, dovecot, mailbox):
    account = connect(owner, dovecot, *mailbox)
    auto = message(
        sender=CLIENT,
        subject="Absent: Re: Refonte du site",
        in_reply_to=OFFER_ID,
        headers={"Auto-Submitted": "auto-replied"},
    )
    dovecot.append(mailbox[0], auto)

    assert read(account) == {"skipped": 1}
    assert InboundMessage.objects.get().skip_reason == SkipReason.AUTOMATIC
    negotiation.refresh_from_db()
    assert not negotiation.client_answered
    assert sweep_ghosting() == 1


def test_a_reply_to_the_client_s_own_first_message_joins_the_same_request(owner, dovecot, mailbox):
    account = connect(owner, dovecot, *mailbox)
    dovecot.append(mailbox[0], message(sender=CLIENT, subject="Logo", message_id="<first@client.example>"))
    read(account)
    dovecot.append(
        mailbox[0],
        message(
            sender=CLIENT,
            subject="Re: Logo",
            text="I forgot: our budget is 800 €.",
            in_reply_to="<first@client.example>",
        ),
    )

    assert read(account) == {"answer": 1}
    incoming = IncomingRequest.objects.owned_by(owner).get()
    assert incoming.client_answered  # still new: the client wrote again before any decision
    assert [m.kind for m in InboundMessage.objects.filter(incoming=incoming).order_by("id")] == ["request", "answer"]


@pytest.mark.parametrize(
    "sender, days_ago, expected",
    [
        (CLIENT, 59, "answer"),
        ("someone.else@client.example", 1, "request"),
        (CLIENT, 61, "request"),
    ],
    ids=["same-sender-within-60-days", "another-sender", "after-60-days"],
)
def test_without_threading_headers_a_re_of_the_same_subject_from_the_same_sender_is_the_answer(
    owner, dovecot, mailbox, sender, days_ago, expected
):
    account = connect(owner, dovecot, *mailbox)
    dovecot.append(mailbox[0], message(sender=CLIENT, subject="Logo pour la boulangerie"))
    read(account)
    InboundMessage.objects.update(received_at=timezone.now() - timedelta(days=days_ago))

    dovecot.append(mailbox[0], message(sender=sender, subject="RE: Logo pour la  boulangerie", text="Alors ?"))

    assert read(account) == {expected: 1}


def test_an_answer_never_reaches_another_user_s_request(owner, other_user, negotiation, dovecot, mailbox):
    """The other user's mailbox receives a message naming the owner's reply: it is a new request of theirs."""
    account = connect(other_user, dovecot, *mailbox)
    dovecot.append(mailbox[0], message(sender=CLIENT, subject="Re: Refonte du site", in_reply_to=OFFER_ID))

    assert read(account) == {"request": 1}
    negotiation.refresh_from_db()
    assert not negotiation.client_answered
    assert IncomingRequest.objects.owned_by(other_user).count() == 1
