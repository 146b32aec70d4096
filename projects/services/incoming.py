"""Writes around incoming requests: logging one, the public intake, editing an open one, and the move from one
state to the next."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.background import enqueue_after_commit
from accounts.models import Profile, ensure_owned, new_secret_token
from accounts.selectors import profile_get
from clients.models import Client
from clients.selectors import client_find_by_email
from clients.services import client_create, client_update

from ..models import NEXT_STATES, OPEN_STATES, Channel, Decision, DecisionReason, IncomingRequest, State
from ..tasks import intake_notify_task
from .calendar import incoming_hold_release
from .skills import skill_get_or_create_many


class DecisionConflict(Exception):
    """The request was not in a state allowing this decision: nothing was changed."""

    def __init__(self, current: str, attempted: str):
        self.current, self.attempted = current, attempted
        super().__init__(
            _("This request is already “%(current)s”: nothing was changed.") % {"current": State(current).label}
        )


@transaction.atomic
def incoming_request_create(
    *,
    owner,
    client: Client | None = None,
    new_client: dict | None = None,
    skill_names=(),
    **fields,
) -> IncomingRequest:
    """Log a request from an existing client, or from a new one created on the fly."""
    if client is None:
        client = client_create(owner=owner, **(new_client or {}))
    ensure_owned(owner, client, fields.get("source_colleague"))
    fields.setdefault("currency", profile_get(owner=owner).currency)
    incoming = IncomingRequest(owner=owner, client=client, **fields)
    incoming.full_clean(exclude=["owner", "client", "source_colleague"])
    incoming.save()
    incoming.skills.set(skill_get_or_create_many(owner=owner, names=skill_names))
    return incoming


@transaction.atomic
def incoming_request_intake(
    *,
    profile: Profile,
    name: str,
    email: str,
    company: str = "",
    phone: str = "",
    language: str = "fr",
    skill_names=(),
    **fields,
) -> IncomingRequest:
    """A prospect filled in the public form: attach to the client known by this email, or create one."""
    owner = profile.user
    client = client_find_by_email(owner=owner, email=email)
    new_client = None
    if client is None:
        new_client = {"name": name, "email": email, "company": company, "phone": phone, "language": language}
    incoming = incoming_request_create(
        owner=owner, client=client, new_client=new_client, skill_names=skill_names, channel=Channel.WEBSITE, **fields
    )
    enqueue_after_commit(intake_notify_task, incoming.pk)
    return incoming


@transaction.atomic
def intake_token_regenerate(*, owner) -> str:
    """A new secret link for the public form; the old one answers 404 from now on."""
    profile = profile_get(owner=owner)
    profile.intake_token = new_secret_token()
    profile.save(update_fields=["intake_token"])
    return profile.intake_token


@transaction.atomic
def incoming_request_move(
    *,
    owner,
    incoming: IncomingRequest,
    to: str,
    reason: str,
    reply: str = "",
    note: str = "",
    counter_offer: Decimal | None = None,
    proposed_start: date | None = None,
    keep_warm: bool = False,
) -> Decision:
    """Move a request to its next state once, with its audit row; a conflicting move raises DecisionConflict.

    The state changes by a conditional UPDATE on the state the user saw, so a double click, a second
    tab or a forbidden move changes nothing, on SQLite as on PostgreSQL.
    """
    ensure_owned(owner, incoming)
    to, reason = State(to), DecisionReason(reason)
    seen = incoming.state
    allowed_from = [state for state, nxt in NEXT_STATES.items() if to in nxt]
    now = timezone.now()
    changes = {"state": to, "decided_at": now, "updated_at": now}
    if to == State.DECLINED:
        changes["keep_warm"] = bool(keep_warm)
    if to == State.IGNORED and reason == DecisionReason.SPAM_OR_REPEAT:
        changes["marked_spam"] = True
    moved = (
        IncomingRequest.objects.owned_by(owner)
        .filter(pk=incoming.pk, state=seen, state__in=allowed_from)
        .update(**changes)
    )
    if not moved:
        current = IncomingRequest.objects.owned_by(owner).filter(pk=incoming.pk).values_list("state", flat=True)
        raise DecisionConflict(current.first() or seen, to)
    for name, value in changes.items():
        setattr(incoming, name, value)
    decision = Decision.objects.create(
        owner=owner,
        incoming=incoming,
        from_state=seen,
        to_state=to,
        reason=reason,
        note=note,
        reply=reply,
        counter_offer=counter_offer,
        proposed_start=proposed_start,
        decided_at=now,
    )
    if seen == State.NEGOTIATING:  # the tentative hold ends with the negotiation
        incoming_hold_release(incoming=incoming)
    return decision


# What the user may correct on a request still being triaged; its client, channel and state are not among them.
EDITABLE_FIELDS = frozenset(
    {"title", "description", "estimated_hours", "budget_kind", "budget_amount", "desired_start", "deadline"}
)


def _refuse_decided(state: str) -> ValidationError:
    return ValidationError(
        _("This request is already “%(state)s”: it can no longer be edited.") % {"state": State(state).label}
    )


@transaction.atomic
def incoming_request_update(
    *, owner, incoming: IncomingRequest, skill_names, client_language: str, **fields
) -> IncomingRequest:
    """Correct a request while it is open (new or negotiating); a decided request is history and stays as it was.

    The row is written by a conditional UPDATE on an open state, so a decision taken meanwhile in another tab
    wins and this edit changes nothing, on SQLite as on PostgreSQL.
    """
    ensure_owned(owner, incoming)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not editable on a request: {', '.join(sorted(unknown))}")
    if not incoming.is_open:
        raise _refuse_decided(incoming.state)
    for name, value in fields.items():
        setattr(incoming, name, value)
    incoming.full_clean(exclude=["owner", "client", "source_colleague"])
    incoming.updated_at = timezone.now()
    updated = (
        IncomingRequest.objects.owned_by(owner)
        .filter(pk=incoming.pk, state__in=OPEN_STATES)
        .update(**fields, updated_at=incoming.updated_at)
    )
    if not updated:
        current = IncomingRequest.objects.owned_by(owner).filter(pk=incoming.pk).values_list("state", flat=True)
        raise _refuse_decided(current.first() or incoming.state)
    client = incoming.client
    ensure_owned(owner, client)
    if client.language != client_language:
        client_update(client=client, language=client_language)
    incoming.skills.set(skill_get_or_create_many(owner=owner, names=skill_names))
    return incoming
