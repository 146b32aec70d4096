"""Writes of triage: a decision and everything it sets off, and the user's own reply wording."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
from mail.outbox import reply_send
from projects import capacity, pricing
from projects.models import BudgetKind, Decision, DecisionReason, IncomingRequest, State
from projects.selectors import capacity_calendar_for
from projects.services.calendar import incoming_hold_set
from projects.services.incoming import incoming_request_move
from projects.services.projects import project_create
from referrals.services import referral_give

from .decisions import FIELDS_FOR, reason_fits
from .facts import SEARCH_DAYS
from .models import ReplyTemplate
from .rules import ACTION_LABELS

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
    calendar = capacity_calendar_for(owner=owner, start=earliest, end=earliest + timedelta(days=SEARCH_DAYS))
    fit = capacity.find_fit(calendar, hours, earliest, earliest + timedelta(days=SEARCH_DAYS)) if hours else None
    if fit is not None:
        begin = start or fit.start
        return begin, max(begin, fit.finish)
    begin = start or earliest
    return begin, max(begin, incoming.deadline or begin)


def _price(incoming: IncomingRequest, counter_offer: Decimal | None, hours_per_day: Decimal) -> Decimal | None:
    """The project's price: the counter-offer agreed, else the client's offer, in the same conversions as triage."""
    amount = counter_offer if counter_offer is not None else incoming.budget_amount
    kind = incoming.budget_kind
    if counter_offer is not None and not incoming.estimated_hours:
        kind = BudgetKind.FIXED  # a rate with no hours to multiply: record the figure as it was agreed
    return pricing.total_fee(kind, amount, hours=incoming.estimated_hours, hours_per_day=hours_per_day)


@dataclass(frozen=True)
class Choice:
    """A decision as the user made it: the target state and what goes with it."""

    owner: object
    incoming: IncomingRequest
    to: State
    reason: DecisionReason
    note: str = ""
    counter_offer: Decimal | None = None
    proposed_start: date | None = None
    colleague: object | None = None
    red_flag_kind: str = ""
    blacklist: bool = False
    hold: bool = False


def _book_project(choice: Choice) -> None:
    """Accepting books the work; after a negotiation, the terms agreed are the last offered."""
    incoming, owner = choice.incoming, choice.owner
    counter_offer = choice.counter_offer
    if counter_offer is None:
        last = incoming.decisions.filter(counter_offer__isnull=False).order_by("-decided_at", "-id").first()
        counter_offer = last.counter_offer if last else None
    start, end = _work_window(incoming, choice.proposed_start, owner=owner)
    project_create(
        owner=owner,
        client=incoming.client,
        incoming=incoming,
        title=incoming.title,
        start=start,
        end=end,
        hours=incoming.estimated_hours or Decimal(0),
        price=_price(incoming, counter_offer, profile_get(owner=owner).hours_per_day),
        currency=incoming.currency,
    )


def _hold_hours(choice: Choice) -> None:
    if choice.hold and choice.incoming.estimated_hours:
        start, end = _work_window(choice.incoming, choice.proposed_start, owner=choice.owner)
        incoming_hold_set(incoming=choice.incoming, start=start, end=end, hours=choice.incoming.estimated_hours)


def _give_referral(choice: Choice) -> None:
    referral_give(
        owner=choice.owner, colleague=choice.colleague, incoming=choice.incoming, client=choice.incoming.client
    )


def _add_red_flag(choice: Choice) -> None:
    if choice.red_flag_kind:
        red_flag_add(
            owner=choice.owner,
            client=choice.incoming.client,
            kind=choice.red_flag_kind,
            severity=FLAG_SEVERITY.get(choice.red_flag_kind, Severity.SERIOUS),
            note=choice.note,
            incoming=choice.incoming,
        )


def _blacklist_client(choice: Choice) -> None:
    client = choice.incoming.client
    if choice.blacklist and not client.is_blacklisted:
        reason = choice.note or f"{choice.reason.label}: {choice.incoming.title}"
        client_blacklist(owner=choice.owner, client=client, reason=reason)


# What each decision sets off, besides the move and its audit row (keep warm is part of the move).
EFFECTS: dict[State, tuple[Callable[[Choice], None], ...]] = {
    State.ACCEPTED: (_book_project,),
    State.NEGOTIATING: (_hold_hours,),
    State.REFERRED: (_give_referral,),
    State.DECLINED: (_add_red_flag, _blacklist_client),
    State.IGNORED: (_add_red_flag,),
}

# A field given for a decision that does not take it is refused, in the user's words.
FIELD_ERRORS = {
    "counter_offer": _("Only a negotiation carries a counter-offer."),
    "hold": _("Only a negotiation can hold hours in your calendar."),
    "colleague": _("Only a referral names a colleague."),
    "red_flag_kind": _("Only a decline or an archive can add a red flag."),
    "blacklist": _("Only a decline can blacklist the client."),
    "keep_warm": _("Only a decline can be kept warm."),
}


def _check(choice: Choice, keep_warm: bool) -> None:
    given = {
        "counter_offer": choice.counter_offer is not None,
        "hold": choice.hold,
        "colleague": choice.colleague is not None,
        "red_flag_kind": bool(choice.red_flag_kind),
        "blacklist": choice.blacklist,
        "keep_warm": keep_warm,
    }
    if choice.to not in FIELDS_FOR:  # not a decision at all: the guarded move refuses it (DecisionConflict)
        return
    allowed = FIELDS_FOR[choice.to]
    errors = {name: FIELD_ERRORS[name] for name, present in given.items() if present and name not in allowed}
    if choice.to == State.REFERRED and choice.colleague is None:
        errors["colleague"] = _("Choose the colleague you refer the client to.")
    if not reason_fits(choice.to, choice.reason):
        errors["reason"] = _("“%(reason)s” is not a reason to %(action)s.") % {
            "reason": choice.reason.label,
            "action": str(ACTION_LABELS[choice.to]).lower(),
        }
    if errors:
        raise ValidationError(errors)


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
    send: bool = False,
    subject: str = "",
) -> Decision:
    """Apply a triage decision once, with what it sets off; a second or conflicting one raises DecisionConflict.

    The move itself is projects' guarded transition (with the audit row); what follows hangs off EFFECTS.
    With `send`, the reply leaves by email once the decision is committed: a failure to send never undoes it.
    """
    ensure_owned(owner, incoming, colleague)
    choice = Choice(
        owner=owner,
        incoming=incoming,
        to=State(to),
        reason=DecisionReason(reason),
        note=note,
        counter_offer=counter_offer,
        proposed_start=proposed_start,
        colleague=colleague,
        red_flag_kind=red_flag_kind or "",
        blacklist=blacklist,
        hold=hold,
    )
    _check(choice, keep_warm)
    decision = incoming_request_move(
        owner=owner,
        incoming=incoming,
        to=choice.to,
        reason=choice.reason,
        reply=reply,
        note=note,
        counter_offer=counter_offer,
        proposed_start=proposed_start,
        keep_warm=keep_warm,
    )
    for effect in EFFECTS[choice.to]:
        effect(choice)
    if send:
        reply_send(owner=owner, decision=decision, incoming=incoming, body=reply, subject=subject)
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
