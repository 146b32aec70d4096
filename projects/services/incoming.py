"""Writes around incoming requests: logging one, the public intake, and triage decisions."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Profile, ensure_owned, new_secret_token
from accounts.selectors import profile_get
from clients.models import Client, RedFlagKind, Severity

from .. import capacity
from ..models import (
    NEXT_STATES,
    Booking,
    BudgetKind,
    Channel,
    Decision,
    DecisionReason,
    IncomingRequest,
    Project,
    State,
)
from ..triage_facts import SEARCH_DAYS, capacity_calendar, offered_fee
from .capacity import incoming_hold_release, incoming_hold_set, project_create

# The flag a decline may add, by the decision's reason, when the user does not pick one.
FLAG_SEVERITY = {RedFlagKind.DISRESPECT: Severity.SEVERE, RedFlagKind.SPAM: Severity.MINOR}


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
    from clients.services import client_create
    from referrals.services import skill_get_or_create_many

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
    from clients.selectors import client_list

    owner = profile.user
    client = client_list(owner=owner, include_archived=True).filter(email__iexact=email).order_by("-created_at").first()
    new_client = None
    if client is None:
        new_client = {"name": name, "email": email, "company": company, "phone": phone, "language": language}
    incoming = incoming_request_create(
        owner=owner, client=client, new_client=new_client, skill_names=skill_names, channel=Channel.WEBSITE, **fields
    )
    from accounts.tasks import enqueue_after_commit, intake_notify_task

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
def skills_offered_set(*, owner, names) -> list:
    """The skills I offer: triage calls a request needing any other skill "outside my skills"."""
    from referrals.services import skill_get_or_create_many

    from ..models import Skill

    skills = skill_get_or_create_many(owner=owner, names=names)
    Skill.objects.owned_by(owner).exclude(pk__in=[s.pk for s in skills]).update(offered=False)
    Skill.objects.owned_by(owner).filter(pk__in=[s.pk for s in skills]).update(offered=True)
    return skills


def _work_window(incoming: IncomingRequest, start: date | None, *, owner) -> tuple[date, date]:
    """The dates the work occupies: from the start (proposed or desired) to the deadline, or to where it fits."""
    today = timezone.localdate()
    desired = incoming.desired_start
    start = start or desired
    if start is not None and incoming.deadline is not None:
        if desired is not None and start != desired:  # a later start keeps the same duration
            return start, start + (incoming.deadline - desired)
        return start, max(start, incoming.deadline)
    hours = incoming.estimated_hours or Decimal(0)
    earliest = max(start or today, today)
    calendar = capacity_calendar(owner=owner, start=earliest, end=earliest + timedelta(days=SEARCH_DAYS))
    fit = capacity.find_fit(calendar, hours, earliest, earliest + timedelta(days=SEARCH_DAYS)) if hours else None
    if fit is not None:
        begin = start or fit.start
        return begin, max(begin, fit.finish)
    begin = start or earliest
    return begin, max(begin, incoming.deadline or begin)


def _price(incoming: IncomingRequest, counter_offer: Decimal | None, hours_per_day: Decimal) -> Decimal | None:
    if counter_offer is not None:
        if incoming.budget_kind == BudgetKind.FIXED or not incoming.estimated_hours:
            return counter_offer
        if incoming.budget_kind == BudgetKind.HOURLY:
            return counter_offer * incoming.estimated_hours
        return (counter_offer * incoming.estimated_hours / hours_per_day).quantize(Decimal("0.01"))
    fee = offered_fee(incoming, hours_per_day)
    return fee.quantize(Decimal("0.01")) if fee is not None else None


def _accept(*, owner, incoming: IncomingRequest, counter_offer, proposed_start) -> Project:
    profile = profile_get(owner=owner)
    if counter_offer is None:  # accepting after a negotiation: the terms agreed are the last offered
        last = incoming.decisions.filter(counter_offer__isnull=False).order_by("-decided_at", "-id").first()
        counter_offer = last.counter_offer if last else None
    start, end = _work_window(incoming, proposed_start, owner=owner)
    return project_create(
        owner=owner,
        client=incoming.client,
        incoming=incoming,
        title=incoming.title,
        start=start,
        end=end,
        hours=incoming.estimated_hours or Decimal(0),
        price=_price(incoming, counter_offer, profile.hours_per_day),
        currency=incoming.currency,
    )


def _hold(*, owner, incoming: IncomingRequest, proposed_start) -> Booking | None:
    if not incoming.estimated_hours:
        return None
    start, end = _work_window(incoming, proposed_start, owner=owner)
    return incoming_hold_set(incoming=incoming, start=start, end=end, hours=incoming.estimated_hours)


@transaction.atomic
def incoming_request_decide(
    *,
    owner,
    incoming: IncomingRequest,
    to: str,
    reason: str,
    reply: str,
    note: str = "",
    counter_offer: Decimal | None = None,
    proposed_start: date | None = None,
    colleague=None,
    red_flag_kind: str | None = None,
    blacklist: bool = False,
    keep_warm: bool = False,
    hold: bool = False,
) -> Decision:
    """Apply a triage decision once; a second or conflicting submission raises DecisionConflict.

    The state changes by a conditional UPDATE on the state the user saw, so a double click, a second
    tab or a forbidden move changes nothing, on SQLite as on PostgreSQL.
    """
    ensure_owned(owner, incoming, colleague)
    to = State(to)
    reason = DecisionReason(reason)
    if to == State.REFERRED and colleague is None:
        raise ValidationError({"colleague": _("Choose the colleague you refer the client to.")})
    if blacklist and to != State.DECLINED:
        raise ValidationError({"blacklist": _("Only a decline can blacklist the client.")})
    if red_flag_kind and to not in (State.DECLINED, State.IGNORED):
        raise ValidationError({"red_flag_kind": _("Only a decline or an archive can add a red flag.")})

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

    if to == State.ACCEPTED:
        _accept(owner=owner, incoming=incoming, counter_offer=counter_offer, proposed_start=proposed_start)
    elif to == State.NEGOTIATING and hold:
        _hold(owner=owner, incoming=incoming, proposed_start=proposed_start)
    elif to == State.REFERRED:
        from referrals.services import referral_give

        referral_give(owner=owner, colleague=colleague, incoming=incoming, client=incoming.client)
    if red_flag_kind:
        from clients.services import red_flag_add

        red_flag_add(
            owner=owner,
            client=incoming.client,
            kind=red_flag_kind,
            severity=FLAG_SEVERITY.get(red_flag_kind, Severity.SERIOUS),
            note=note,
            incoming=incoming,
        )
    if blacklist and not incoming.client.is_blacklisted:
        from clients.services import client_blacklist

        client_blacklist(owner=owner, client=incoming.client, reason=note or f"{reason.label}: {incoming.title}")
    return decision


@transaction.atomic
def reply_template_save(*, owner, decision: str, reason: str, language: str, subject: str, body: str):
    """The user's own wording for one case; it replaces the default from now on."""
    from ..models import ReplyTemplate

    template, _created = ReplyTemplate.objects.update_or_create(
        owner=owner,
        decision=State(decision),
        reason=DecisionReason(reason),
        language=language,
        defaults={"subject": subject, "body": body},
    )
    return template


@transaction.atomic
def reply_template_reset(*, owner, decision: str, reason: str, language: str) -> None:
    """Back to the default wording."""
    from ..models import ReplyTemplate

    ReplyTemplate.objects.owned_by(owner).filter(decision=decision, reason=reason, language=language).delete()
