"""Replies leaving from Tact: written with the decision, claimed once, then sent by a task.

A reply is created `pending` in the decision's transaction, with its Message-ID and the headers that
thread it under the client's message. The task claims it with one conditional UPDATE (pending|failed →
sending), so only one worker ever sends it. A reply left `sending` (a crash between the claim and the
server's answer) is never sent again on its own: once it is clearly stuck the page calls it uncertain,
and the user, having looked in their Sent folder, marks it sent or sends it again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import ensure_owned, get_owned_or_404
from accounts.selectors import profile_get
from projects.models import Channel, Decision, IncomingRequest

from .models import InboundKind, InboundMessage, MailAccount, OutboundMessage, OutboundState
from .selectors import mail_account_get
from .smtp import SendError, append_to_sent, build_message, deliver, sending_configured

CLAIMABLE = (OutboundState.PENDING, OutboundState.FAILED)
# Longer than any send can take with its timeouts: a reply still `sending` after this was interrupted.
UNCERTAIN_AFTER = timedelta(minutes=10)
# A reply still waiting after this lost its task (a broker down): the sweep sends it, and the page offers to.
LATE_AFTER = timedelta(minutes=2)
MAX_REFERENCES = 20  # the first message of the thread and the latest ones, as mail programs trim them
REPLY_PREFIX = re.compile(r"^\s*(re|aw|sv|antw)\s*(\[\d+\])?\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class SendResult:
    state: str  # an OutboundState, or "" when another worker had it or it was already sent
    temporary: bool = False  # a failure that trying again later may cure


def sending_account_get(*, owner) -> MailAccount | None:
    """The user's mail account when replies can leave through it, else None."""
    account = mail_account_get(owner=owner)
    return account if sending_configured(account) else None


def outbound_list(*, owner, incoming: IncomingRequest) -> QuerySet[OutboundMessage]:
    return OutboundMessage.objects.owned_by(owner).filter(incoming=incoming)


def outbound_get(*, owner, outbound_id: int) -> OutboundMessage:
    """Another owner's reply answers 404, like a missing one."""
    return get_owned_or_404(OutboundMessage, owner=owner, pk=outbound_id)


def outbound_status(outbound: OutboundMessage, *, now: datetime | None = None) -> str:
    """What the page says: queued, late, sending, uncertain, sent or failed."""
    now = now or timezone.now()
    if outbound.state == OutboundState.PENDING:
        return "late" if outbound.created_at < now - LATE_AFTER else "queued"
    if outbound.state == OutboundState.SENDING:
        claimed = outbound.claimed_at or outbound.created_at
        return "uncertain" if claimed < now - UNCERTAIN_AFTER else "sending"
    return outbound.state


def reply_subject(original: str) -> str:
    """ "Re: " once, as mail programs write it, so that the reply threads by subject too."""
    original = " ".join(original.split())
    return original if REPLY_PREFIX.match(original) else f"Re: {original}"


def _angle(message_id: str) -> str:
    message_id = message_id.strip().strip("<>").strip()
    return f"<{message_id}>" if message_id else ""


def _references(parent_references: str, parent_id: str) -> str:
    ids = [_angle(part) for part in re.findall(r"<[^<>\s]+>|[^<>\s]+", parent_references)]
    ids = [i for i in dict.fromkeys([*ids, _angle(parent_id)]) if i]
    if len(ids) > MAX_REFERENCES:
        ids = [ids[0], *ids[-(MAX_REFERENCES - 1) :]]
    return " ".join(ids)


def _thread(*, owner, incoming: IncomingRequest) -> tuple[str, str, str]:
    """(In-Reply-To, References, the client's subject) for a reply: under the latest message of the thread.

    That is the client's latest message linked to the request (their request or their answer), or our own
    latest reply when it came after it; a request that did not come by email has no thread.
    """
    inbound = (
        InboundMessage.objects.owned_by(owner)
        .filter(incoming=incoming)
        .exclude(kind=InboundKind.SKIPPED)
        .order_by("-created_at", "-id")
        .first()
    )
    ours = outbound_list(owner=owner, incoming=incoming).order_by("-created_at", "-id").first()
    if ours is not None and (inbound is None or ours.created_at > inbound.created_at):
        return ours.message_id, _references(ours.references, ours.message_id), ours.subject
    if inbound is not None:
        references = inbound.references or inbound.in_reply_to
        return _angle(inbound.message_id), _references(references, inbound.message_id), inbound.subject
    return "", "", ""


def _message_id(address: str) -> str:
    domain = address.rpartition("@")[2] or "localhost"
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        domain = "localhost"
    return make_msgid(domain=domain)


@transaction.atomic
def outbound_create(
    *, owner, decision: Decision, incoming: IncomingRequest, body: str, subject: str = ""
) -> OutboundMessage:
    """The reply to a decision, ready to leave; the caller sends it once the transaction commits."""
    ensure_owned(owner, decision, incoming)
    account = sending_account_get(owner=owner)
    if account is None:
        raise ValidationError({NON_FIELD_ERRORS: _("Sending is not set up: fill in your mail settings first.")})
    if not incoming.client.email:
        raise ValidationError({NON_FIELD_ERRORS: _("This client has no email address to send the reply to.")})
    body = body.replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError({"reply": _("There is no reply to send.")})
    in_reply_to, references, original = _thread(owner=owner, incoming=incoming)
    if incoming.channel == Channel.EMAIL or original:
        subject = reply_subject(original or incoming.title)
    subject = " ".join(subject.split()) or incoming.title
    return OutboundMessage.objects.create(
        owner=owner,
        decision=decision,
        incoming=incoming,
        message_id=_message_id(account.address),
        in_reply_to=in_reply_to,
        references=references,
        to_address=incoming.client.email,
        subject=subject[:998],
        body=body,
    )


def outbound_claim(*, outbound_id: int) -> bool:
    """pending|failed → sending in one conditional UPDATE: of two workers (or two retries), one wins."""
    now = timezone.now()
    claimed = OutboundMessage.objects.filter(pk=outbound_id, state__in=CLAIMABLE).update(
        state=OutboundState.SENDING, attempts=F("attempts") + 1, claimed_at=now, updated_at=now
    )
    return claimed == 1


def _finish(outbound_id: int, **fields) -> None:
    OutboundMessage.objects.filter(pk=outbound_id, state=OutboundState.SENDING).update(
        updated_at=timezone.now(), **fields
    )


def outbound_send(*, outbound_id: int) -> SendResult:
    """Claim the reply, hand it to the SMTP server, record the server's answer; never sends it twice."""
    if not outbound_claim(outbound_id=outbound_id):
        return SendResult("")
    outbound = OutboundMessage.objects.select_related("owner").get(pk=outbound_id)
    owner = outbound.owner
    account = mail_account_get(owner=owner)
    with translation.override(profile_get(owner=owner).language):
        try:
            if not sending_configured(account):
                raise SendError(_("Sending is not set up any more: check your mail settings."), temporary=False)
            message = build_message(outbound=outbound, account=account, sender_name=owner.get_full_name())
            deliver(message=message, account=account)
        except SendError as error:
            _finish(outbound_id, state=OutboundState.FAILED, error=error.reason)
            return SendResult(OutboundState.FAILED, temporary=error.temporary)
    _finish(outbound_id, state=OutboundState.SENT, sent_at=timezone.now(), error="")
    append_to_sent(raw=message.message().as_bytes(linesep="\r\n"), account=account)
    return SendResult(OutboundState.SENT)


def outbound_retry(*, owner, outbound: OutboundMessage) -> bool:
    """Whether the reply may be sent now (waiting or failed); the task's claim decides who sends it."""
    ensure_owned(owner, outbound)
    return outbound.state in CLAIMABLE


def _uncertain(owner, outbound: OutboundMessage) -> QuerySet[OutboundMessage]:
    cutoff = timezone.now() - UNCERTAIN_AFTER
    return OutboundMessage.objects.owned_by(owner).filter(
        pk=outbound.pk, state=OutboundState.SENDING, claimed_at__lt=cutoff
    )


def outbound_mark_sent(*, owner, outbound: OutboundMessage) -> bool:
    """The user found an interrupted reply in their Sent folder: it left when it was claimed."""
    ensure_owned(owner, outbound)
    now = timezone.now()
    return bool(
        _uncertain(owner, outbound).update(state=OutboundState.SENT, sent_at=F("claimed_at"), error="", updated_at=now)
    )


def outbound_release(*, owner, outbound: OutboundMessage) -> bool:
    """The user did not find an interrupted reply in their Sent folder: it may be sent again (by a task)."""
    ensure_owned(owner, outbound)
    reason = _("Interrupted while sending; sent again at your request.")
    return bool(_uncertain(owner, outbound).update(state=OutboundState.FAILED, error=reason, updated_at=timezone.now()))


def outbound_late_ids(*, limit: int = 500) -> list[int]:
    """Replies whose task never ran (the broker was down): the sweep sends them. Never one left `sending`."""
    cutoff = timezone.now() - LATE_AFTER
    late = OutboundMessage.objects.filter(state=OutboundState.PENDING, created_at__lt=cutoff)
    return list(late.order_by("created_at").values_list("pk", flat=True)[:limit])
