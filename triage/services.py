"""Writes of triage: a decision and everything it sets off, and the user's own reply wording."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import ensure_owned
from accounts.selectors import profile_get
from clients.models import RedFlagKind, Severity
from clients.services import client_blacklist, red_flag_add
from projects import capacity
from projects.models import Booking, BudgetKind, Decision, DecisionReason, IncomingRequest, Project, State
from projects.services.calendar import incoming_hold_set
from projects.services.incoming import incoming_request_move
from projects.services.projects import project_create
from referrals.services import referral_give

from .facts import SEARCH_DAYS, capacity_calendar, offered_fee
from .models import ReplyTemplate

# The flag a decline may add, by the decision's reason, when the user does not pick one.
FLAG_SEVERITY = {RedFlagKind.DISRESPECT: Severity.SEVERE, RedFlagKind.SPAM: Severity.MINOR}


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
    """Apply a triage decision once, with what it sets off; a second or conflicting one raises DecisionConflict.

    The move itself is projects' guarded transition; accepting books the work, negotiating may hold the
    hours, referring records the referral, declining may add a red flag or blacklist the client.
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

    decision = incoming_request_move(
        owner=owner,
        incoming=incoming,
        to=to,
        reason=reason,
        reply=reply,
        note=note,
        counter_offer=counter_offer,
        proposed_start=proposed_start,
        keep_warm=keep_warm,
    )
    if to == State.ACCEPTED:
        _accept(owner=owner, incoming=incoming, counter_offer=counter_offer, proposed_start=proposed_start)
    elif to == State.NEGOTIATING and hold:
        _hold(owner=owner, incoming=incoming, proposed_start=proposed_start)
    elif to == State.REFERRED:
        referral_give(owner=owner, colleague=colleague, incoming=incoming, client=incoming.client)
    if red_flag_kind:
        red_flag_add(
            owner=owner,
            client=incoming.client,
            kind=red_flag_kind,
            severity=FLAG_SEVERITY.get(red_flag_kind, Severity.SERIOUS),
            note=note,
            incoming=incoming,
        )
    if blacklist and not incoming.client.is_blacklisted:
        client_blacklist(owner=owner, client=incoming.client, reason=note or f"{reason.label}: {incoming.title}")
    return decision


@transaction.atomic
def reply_template_save(*, owner, decision: str, reason: str, language: str, subject: str, body: str):
    """The user's own wording for one case; it replaces the default from now on."""
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
    ReplyTemplate.objects.owned_by(owner).filter(decision=decision, reason=reason, language=language).delete()
