"""One message read from a mailbox becomes, exactly once, a request, a client's answer, or a skipped message.

Exactly once: the Message-ID is unique per owner, and the row claiming it is inserted first, in the same
transaction as the request and the account's progress (last_uid). A second reader of the same message (a
rescan after UIDVALIDITY changed, two workers at once) fails that insert and changes nothing, on SQLite as on
PostgreSQL. A message whose content breaks something is recorded as skipped ("could not be read") rather than
crashing the job or coming back at every read; only a database that does not answer stops the job.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import DatabaseError, IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.selectors import profile_get
from clients.selectors import client_list
from projects.models import Channel, IncomingRequest
from projects.services.incoming import incoming_request_client_answered, incoming_request_create

from .imap import RawMessage
from .models import InboundKind, InboundMessage, MailAccount, SkipReason
from .parsing import ParsedMessage, guess_language, one_line, parse_message, synthetic_message_id, trim_reply
from .selectors import answered_request_find

logger = logging.getLogger(__name__)

TITLE_MAX = 200  # IncomingRequest.title
NAME_MAX = 200  # Client.name
DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Classification:
    kind: str
    skip_reason: str = ""
    incoming: IncomingRequest | None = None


def classify(*, account: MailAccount, parsed: ParsedMessage, now: datetime) -> Classification:
    """A request, the answer to one, or skipped with its reason; reads only."""
    if parsed.auto_reply:
        return Classification(InboundKind.SKIPPED, SkipReason.AUTOMATIC)
    if not parsed.from_address:
        return Classification(InboundKind.SKIPPED, SkipReason.NO_SENDER)
    if account.address and account.address.lower() in parsed.own_addresses:
        return Classification(InboundKind.SKIPPED, SkipReason.FROM_ME)
    incoming = answered_request_find(
        owner=account.owner,
        references=parsed.references,
        sender=parsed.from_address,
        subject=parsed.subject,
        now=now,
    )
    if incoming is not None:
        if parsed.bulk:  # a notification threaded on a request is not the client answering
            return Classification(InboundKind.SKIPPED, SkipReason.AUTOMATIC)
        return Classification(InboundKind.ANSWER, incoming=incoming)
    return Classification(InboundKind.REQUEST)


def _title(parsed: ParsedMessage, *, language: str) -> str:
    if parsed.subject.strip():
        return parsed.subject.strip()[:TITLE_MAX]
    with translation.override(language):
        return _("Email from %(sender)s") % {"sender": parsed.from_name or parsed.from_address}


def _request_create(*, account: MailAccount, parsed: ParsedMessage, received_at: datetime, language: str, profile):
    """The request, filed under the client whose email this is, or under a new contact named by the sender.

    An address on file is no proof of identity (a From is easy to forge): the message row says the client was
    matched by it, and the triage page says so. Blacklisted look-alikes are flagged there, as for any request.
    """
    owner = account.owner
    client = (
        client_list(owner=owner, include_archived=True)
        .filter(email__iexact=parsed.from_address)
        .order_by("archived_at", "-id")  # an active client first (NULLs sort first on SQLite and PostgreSQL)
        .first()
    )
    new_client = None
    if client is None:
        name = parsed.from_name or parsed.from_address.split("@", 1)[0]
        new_client = {
            "name": one_line(name)[:NAME_MAX],
            "email": parsed.from_address,
            "language": language or profile.language,
        }
    incoming = incoming_request_create(
        owner=owner,
        client=client,
        new_client=new_client,
        title=_title(parsed, language=profile.language),
        description=trim_reply(parsed.text),
        channel=Channel.EMAIL,
        received_at=received_at,
        currency=profile.currency,
    )
    return incoming, client is not None


def _claim(*, account: MailAccount, message: RawMessage, uid_validity: int, parsed: ParsedMessage, **fields):
    """Insert the row that claims this Message-ID for the owner; None when it was read before."""
    try:
        with transaction.atomic():  # a savepoint: the failed insert leaves the outer transaction usable
            return InboundMessage.objects.create(
                owner=account.owner,
                account=account,
                message_id=parsed.message_id,
                uid=message.uid,
                uid_validity=uid_validity,
                from_address=parsed.from_address[:320],
                from_name=parsed.from_name[:200],
                subject=parsed.subject,
                sent_at=parsed.sent_at,
                size=message.size,
                text=parsed.text,
                attachments=[attachment.as_dict() for attachment in parsed.attachments],
                in_reply_to=parsed.in_reply_to,
                references=" ".join(parsed.references),
                **fields,
            )
    except IntegrityError:
        if InboundMessage.objects.owned_by(account.owner).filter(message_id=parsed.message_id).exists():
            return None
        raise


def _advance(*, account: MailAccount, uid_validity: int, uid: int) -> None:
    MailAccount.objects.filter(pk=account.pk, uid_validity=uid_validity, last_uid__lt=uid).update(last_uid=uid)


@transaction.atomic
def _record(
    *, account: MailAccount, message: RawMessage, uid_validity: int, parsed: ParsedMessage, now: datetime, profile
):
    received_at = min(message.internal_date or now, now)
    language = guess_language(parsed.text)
    found = classify(account=account, parsed=parsed, now=now)
    inbound = _claim(
        account=account,
        message=message,
        uid_validity=uid_validity,
        parsed=parsed,
        kind=found.kind,
        skip_reason=found.skip_reason,
        received_at=received_at,
        language=language,
        incoming=found.incoming,
    )
    if inbound is None:
        _advance(account=account, uid_validity=uid_validity, uid=message.uid)
        return DUPLICATE
    if found.kind == InboundKind.REQUEST:
        incoming, matched = _request_create(
            account=account, parsed=parsed, received_at=received_at, language=language, profile=profile
        )
        inbound.incoming, inbound.client_matched = incoming, matched
        inbound.save(update_fields=["incoming", "client_matched", "updated_at"])
    elif found.kind == InboundKind.ANSWER:
        incoming_request_client_answered(owner=account.owner, incoming=found.incoming, at=received_at)
    _advance(account=account, uid_validity=uid_validity, uid=message.uid)
    return found.kind


@transaction.atomic
def _record_unreadable(*, account: MailAccount, message: RawMessage, uid_validity: int, parsed: ParsedMessage | None):
    """Only the Message-ID is kept (the parts that broke something are left out), so it is not read again."""
    bare = ParsedMessage(
        message_id=parsed.message_id if parsed is not None else synthetic_message_id(message.raw),
        from_name="",
        from_address="",
        own_addresses=(),
        subject="",
        sent_at=None,
        in_reply_to="",
        references=(),
        text="",
        attachments=(),
        auto_reply=False,
        bulk=False,
        truncated=message.size > len(message.raw),
    )
    inbound = _claim(
        account=account,
        message=message,
        uid_validity=uid_validity,
        parsed=bare,
        kind=InboundKind.SKIPPED,
        skip_reason=SkipReason.UNREADABLE,
        received_at=min(message.internal_date or timezone.now(), timezone.now()),
    )
    _advance(account=account, uid_validity=uid_validity, uid=message.uid)
    return SkipReason.UNREADABLE if inbound is not None else DUPLICATE


def inbound_message_import(
    *, account: MailAccount, message: RawMessage, uid_validity: int, now: datetime | None = None, profile=None
) -> str:
    """Read one message into Tact; returns its kind, "duplicate" when it was read before, or "unreadable".

    `profile` is the owner's (read once per job by the caller, or here)."""
    now = now or timezone.now()
    parsed = None
    try:
        profile = profile or profile_get(owner=account.owner)
        parsed = parse_message(message.raw, total_size=message.size)
        return _record(
            account=account, message=message, uid_validity=uid_validity, parsed=parsed, now=now, profile=profile
        )
    except (InterfaceError, OperationalError):
        raise  # the database is away: the job stops, and the next read starts again from last_uid
    except Exception as error:  # noqa: BLE001 (a hostile message must not stop the mailbox)
        if isinstance(error, DatabaseError) and not isinstance(error, IntegrityError):
            raise
        logger.warning("mail: message uid %s of account %s could not be read", message.uid, account.pk, exc_info=True)
        return _record_unreadable(account=account, message=message, uid_validity=uid_validity, parsed=parsed)
