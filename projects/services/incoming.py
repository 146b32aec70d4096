"""Writes around incoming requests: logging one, the public intake, filing one under the client it really comes
from, editing an open one, and the move from one state to the next."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.background import enqueue_after_commit
from accounts.models import Profile, ensure_owned, new_secret_token
from accounts.selectors import profile_get
from clients.models import Client
from clients.selectors import red_flag_list
from clients.services import client_create, client_delete_if_unused, client_update

from ..models import (
    NEXT_STATES,
    OPEN_STATES,
    SKILLS_REQUESTED_MAX,
    Channel,
    Decision,
    DecisionReason,
    IncomingRequest,
    Skill,
    State,
)
from ..selectors import skill_list
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


def _skills_requested_text(names) -> str:
    """The prospect's skills as one line of text, each once whatever its case, cut at a whole name to fit."""
    kept, seen = [], set()
    for name in names:
        name = " ".join(name.split())
        if not name or name.casefold() in seen or len(", ".join([*kept, name])) > SKILLS_REQUESTED_MAX:
            continue
        seen.add(name.casefold())
        kept.append(name)
    return ", ".join(kept)


def _skills_known(*, owner, names) -> list[Skill]:
    """The owner's skills among these names (without regard to case); a name the owner has no skill for adds none."""
    wanted = {" ".join(name.split()).casefold() for name in names}
    return [skill for skill in skill_list(owner=owner) if skill.name.casefold() in wanted]


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
    """A prospect filled in the public form: the request is filed under a new contact, whatever email they typed.

    Nothing proves the email is theirs, so a stranger typing a client's address must not reach that client's
    history: the owner sees the look-alike at triage and files the request under the client if it is them
    (`incoming_request_client_link`). The skills asked for are text on the request, plus the owner's skills of
    the same names: a stranger adds nothing to the owner's list of skills.
    """
    owner = profile.user
    new_client = {"name": name, "email": email, "company": company, "phone": phone, "language": language}
    incoming = incoming_request_create(
        owner=owner,
        new_client=new_client,
        channel=Channel.WEBSITE,
        skills_requested=_skills_requested_text(skill_names),
        client_unverified=True,
        **fields,
    )
    incoming.skills.set(_skills_known(owner=owner, names=skill_names))
    enqueue_after_commit(intake_notify_task, incoming.pk)
    return incoming


@transaction.atomic
def incoming_request_client_link(*, owner, incoming: IncomingRequest, client: Client) -> IncomingRequest:
    """File an open request under the client it really comes from, as the owner recognised them at triage.

    When the request was filed under a new contact made from the public form (`client_unverified`), that contact
    is removed if nothing else refers to it; a client the owner chose before is never removed. The request moves
    by a conditional UPDATE on an open state and on the client the owner saw, so a decision or another link taken
    meanwhile in another tab wins and this one changes nothing.
    """
    ensure_owned(owner, incoming, client)
    previous_id, temporary = incoming.client_id, incoming.client_unverified
    if client.pk == previous_id:
        return incoming
    if not incoming.is_open:
        raise _refuse_decided(incoming.state)
    if red_flag_list(owner=owner).filter(incoming_id=incoming.pk).exists():
        raise ValidationError(
            _("A red flag names this request: withdraw it before filing the request under another client.")
        )
    now = timezone.now()
    moved = (
        IncomingRequest.objects.owned_by(owner)
        .filter(pk=incoming.pk, client_id=previous_id, state__in=OPEN_STATES)
        .update(client=client, client_unverified=False, updated_at=now)
    )
    if not moved:
        current = IncomingRequest.objects.owned_by(owner).filter(pk=incoming.pk).values_list("state", flat=True)
        state = current.first() or incoming.state
        if state not in OPEN_STATES:
            raise _refuse_decided(state)
        return incoming  # already filed elsewhere by another tab
    incoming.client, incoming.client_unverified, incoming.updated_at = client, False, now
    if temporary:
        client_delete_if_unused(owner=owner, client_id=previous_id)
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
    # The edit form offered the skills the prospect asked for among the request's: what the owner saves replaces them.
    incoming.skills_requested = ""
    incoming.full_clean(exclude=["owner", "client", "source_colleague"])
    incoming.updated_at = timezone.now()
    updated = (
        IncomingRequest.objects.owned_by(owner)
        .filter(pk=incoming.pk, state__in=OPEN_STATES)
        .update(**fields, skills_requested="", updated_at=incoming.updated_at)
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


def incoming_request_client_answered(*, owner, incoming: IncomingRequest, at) -> bool:
    """The client answered (read from the owner's mailbox): note the time, never moving it backwards.

    One conditional UPDATE, so two answers read at once keep the later time; the state is untouched: the owner
    reads the answer and records what comes next. A negotiation answered after its decision gets no ghosting
    reminder (workspace/reminders.py).
    """
    ensure_owned(owner, incoming)
    changed = (
        IncomingRequest.objects.owned_by(owner)
        .filter(pk=incoming.pk)
        .filter(Q(client_answered_at__isnull=True) | Q(client_answered_at__lt=at))
        .update(client_answered_at=at, updated_at=timezone.now())
    )
    if changed:
        incoming.client_answered_at = at
    return bool(changed)
