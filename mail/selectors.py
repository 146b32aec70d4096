"""Reads of the mail app: the user's mail account, the messages read, and the request a message answers.

Every function takes owner= and returns only that owner's rows.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Count, QuerySet
from django.utils import timezone

from accounts.models import get_owned_or_404
from projects.models import IncomingRequest
from projects.selectors import incoming_request_list

from .models import InboundKind, InboundMessage, MailAccount, OutboundMessage
from .parsing import is_reply_subject, subject_key

ANSWER_WINDOW = timedelta(days=60)  # a "Re:" of the same subject from the same sender is an answer this long
SKIPPED_SHOWN = 10


def mail_account_get(*, owner) -> MailAccount | None:
    return MailAccount.objects.owned_by(owner).first()


def inbound_message_list(*, owner) -> QuerySet[InboundMessage]:
    return InboundMessage.objects.owned_by(owner)


def inbound_message_get(*, owner, message_id: int) -> InboundMessage:
    """Another owner's message answers 404, like a missing one."""
    return get_owned_or_404(inbound_message_list(owner=owner).select_related("incoming"), owner=owner, pk=message_id)


def inbound_thread(*, owner, incoming_id: int) -> list[InboundMessage]:
    """The messages read about one request, the client's first message and every answer, oldest first."""
    return list(
        inbound_message_list(owner=owner)
        .filter(incoming_id=incoming_id, kind__in=[InboundKind.REQUEST, InboundKind.ANSWER])
        .order_by("received_at", "id")
    )


def inbound_skipped_recent(*, owner) -> list[InboundMessage]:
    return list(
        inbound_message_list(owner=owner)
        .filter(kind=InboundKind.SKIPPED)
        .order_by("-received_at", "-id")[:SKIPPED_SHOWN]
    )


def inbound_counts(*, owner) -> dict[str, int]:
    """How many messages became requests, answers, or were skipped: one query."""
    rows = inbound_message_list(owner=owner).order_by().values("kind").annotate(n=Count("id"))
    return {kind: 0 for kind in InboundKind.values} | {row["kind"]: row["n"] for row in rows}


def answered_request_find(
    *, owner, references: tuple[str, ...], sender: str, subject: str, now: datetime | None = None
) -> IncomingRequest | None:
    """The request a message answers: one whose reply Tact sent, or whose message was read, is named in its
    In-Reply-To/References; failing that, the same sender's "Re:" of a request's subject within 60 days."""
    requests = incoming_request_list(owner=owner)
    if references:
        sent = (
            OutboundMessage.objects.owned_by(owner)
            .filter(message_id__in=references)
            .order_by("-created_at", "-id")
            .values_list("incoming_id", flat=True)
        )
        read = (
            inbound_message_list(owner=owner)
            .filter(message_id__in=references, incoming__isnull=False)
            .order_by("-received_at", "-id")
            .values_list("incoming_id", flat=True)
        )
        for incoming_id in [*sent[:1], *read[:1]]:
            incoming = requests.filter(pk=incoming_id).first()
            if incoming is not None:
                return incoming
    if not (sender and is_reply_subject(subject)):
        return None
    key = subject_key(subject)
    since = (now or timezone.now()) - ANSWER_WINDOW
    read = (
        inbound_message_list(owner=owner)
        .filter(from_address=sender, kind=InboundKind.REQUEST, incoming__isnull=False, received_at__gte=since)
        .order_by("-received_at", "-id")
        .values_list("subject", "incoming_id")[:50]
    )
    sent = (
        OutboundMessage.objects.owned_by(owner)
        .filter(to_address__iexact=sender, created_at__gte=since)
        .order_by("-created_at", "-id")
        .values_list("subject", "incoming_id")[:50]
    )
    for candidate_subject, incoming_id in [*read, *sent]:
        if subject_key(candidate_subject) == key:
            incoming = requests.filter(pk=incoming_id).first()
            if incoming is not None:
                return incoming
    return None
