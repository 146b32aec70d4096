"""The triage rules: from the facts about one request to a recommended decision with its reasons.

Pure: plain data in, plain data out, no database. The selectors in triage/facts.py gather
the facts; this module only weighs them, in the order a careful freelancer would:
  4. do I need to answer at all (spam, a repeat of a declined request)?
  0. who is asking (blacklisted, severe red flags, work for visibility)?
  3. is it mine to do (outside my skills: refer or decline)?
  1. do I have the time (if not: a later start, a colleague, or no)?
  2. is it "not yet" (a rate under my minimum: negotiate a higher fee or a smaller scope)?
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, ROUND_UP, Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.formatting import hours, money
from projects.capacity import Fit
from projects.models import BudgetKind, DecisionReason, State

ZERO = Decimal(0)

# How a decision reads as an action the user takes.
ACTION_LABELS = {
    State.ACCEPTED: _("Accept"),
    State.NEGOTIATING: _("Negotiate"),
    State.REFERRED: _("Refer"),
    State.DECLINED: _("Decline"),
    State.IGNORED: _("Ignore"),
}


@dataclass(frozen=True)
class ColleagueOption:
    """A colleague who could take the work; `balance` > 0 means they sent me more than I sent them."""

    id: int
    name: str
    email: str = ""
    phone: str = ""
    balance: int = 0

    @property
    def contact(self) -> str:
        return " · ".join(part for part in (self.email, self.phone) if part)


@dataclass(frozen=True)
class Facts:
    today: date
    currency: str = "EUR"
    estimate_hours: Decimal | None = None
    budget_kind: str = BudgetKind.FIXED
    budget_amount: Decimal | None = None
    hours_per_day: Decimal = Decimal(7)
    desired_start: date | None = None
    deadline: date | None = None
    # Capacity between the desired start and the deadline, and the first window where the work fits.
    free_hours: Decimal | None = None
    fit: Fit | None = None
    # Who is asking.
    client_blacklisted: bool = False
    blacklisted_matches: tuple[str, ...] = ()  # names of blacklisted clients this one looks like
    severe_flags: tuple[str, ...] = ()  # labels of active severe red flags (disrespect, vanished...)
    high_risk: bool = False
    visibility: bool = False  # offers exposure instead of pay
    # Is it mine to do.
    skills: tuple[str, ...] = ()
    skills_outside: tuple[str, ...] = ()  # the request's skills I do not offer
    colleagues: tuple[ColleagueOption, ...] = ()  # matching colleagues, those I owe first
    # Do I need to answer.
    marked_spam: bool = False
    repeat_of_declined: bool = False

    @property
    def start(self) -> date:
        return self.desired_start or self.today

    @property
    def offered_rate(self) -> Decimal | None:
        """The offer as an hourly rate, to compare with mine; None when it cannot be known."""
        if self.budget_amount is None:
            return None
        if self.budget_kind == BudgetKind.HOURLY:
            return self.budget_amount
        if self.budget_kind == BudgetKind.DAILY:
            return (self.budget_amount / self.hours_per_day).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if self.estimate_hours:
            return (self.budget_amount / self.estimate_hours).quantize(Decimal("0.01"), ROUND_HALF_UP)
        return None


@dataclass(frozen=True)
class Policy:
    minimum_rate: Decimal
    target_rate: Decimal
    hours_per_day: Decimal = Decimal(7)
    # "Free soon": the work fits if it starts (or ends) at most this many days later than asked.
    max_wait_days: int = 42


@dataclass(frozen=True)
class Recommendation:
    decision: State
    reason: DecisionReason
    reasons: list[str] = field(default_factory=list)
    counter_offer: Decimal | None = None  # in the request's budget kind: a fixed price, an hourly or daily rate
    proposed_start: date | None = None
    colleague: ColleagueOption | None = None

    @property
    def action(self) -> str:
        return ACTION_LABELS[self.decision]


@dataclass(frozen=True)
class TimeVerdict:
    enough: bool | None  # None: cannot tell (no estimate)
    later: Fit | None = None  # when it fits, if later than asked but soon enough


@dataclass(frozen=True)
class RateVerdict:
    rate: Decimal | None
    below_minimum: bool
    below_target: bool
    counter_offer: Decimal | None = None
    minimum_fee: Decimal | None = None  # the fee at my minimum rate for the estimate
    scope_hours: Decimal | None = None  # hours the budget buys at my minimum rate
    shortfall_percent: int | None = None


def _fmt_money(amount: Decimal, currency: str) -> str:
    return money(amount, currency)


def _fmt_hours(value: Decimal) -> str:
    return hours(value)


def _fmt_date(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def weigh_time(facts: Facts, policy: Policy) -> TimeVerdict:
    if not facts.estimate_hours:
        return TimeVerdict(enough=None)
    if facts.deadline is not None and facts.free_hours is not None and facts.free_hours >= facts.estimate_hours:
        return TimeVerdict(enough=True)
    fit = facts.fit
    if fit is None:
        return TimeVerdict(enough=False)
    if facts.deadline is None and (fit.start - facts.start).days <= 7:
        return TimeVerdict(enough=True)
    late_by = (fit.finish - facts.deadline).days if facts.deadline else (fit.start - facts.start).days
    if late_by <= 0:
        return TimeVerdict(enough=True)
    if late_by <= policy.max_wait_days:
        return TimeVerdict(enough=False, later=fit)
    return TimeVerdict(enough=False)


def weigh_rate(facts: Facts, policy: Policy) -> RateVerdict:
    rate = facts.offered_rate
    minimum_fee = scope_hours = None
    if facts.estimate_hours:
        minimum_fee = (facts.estimate_hours * policy.minimum_rate).quantize(Decimal("1"), ROUND_UP)
    if facts.budget_kind == BudgetKind.FIXED and facts.budget_amount and policy.minimum_rate:
        scope_hours = (facts.budget_amount / policy.minimum_rate).quantize(Decimal("0.5"), ROUND_HALF_UP)
    if rate is None:
        return RateVerdict(rate=None, below_minimum=False, below_target=False, minimum_fee=minimum_fee)
    below_minimum = rate < policy.minimum_rate
    counter = shortfall = None
    if below_minimum:
        shortfall = int(((policy.minimum_rate - rate) / policy.minimum_rate * 100).to_integral_value(ROUND_HALF_UP))
        if facts.budget_kind == BudgetKind.HOURLY:
            counter = policy.target_rate
        elif facts.budget_kind == BudgetKind.DAILY:
            counter = (policy.target_rate * policy.hours_per_day).quantize(Decimal("1"), ROUND_UP)
        else:
            counter = (facts.estimate_hours * policy.target_rate).quantize(Decimal("1"), ROUND_UP)
    return RateVerdict(
        rate=rate,
        below_minimum=below_minimum,
        below_target=rate < policy.target_rate,
        counter_offer=counter,
        minimum_fee=minimum_fee,
        scope_hours=scope_hours,
        shortfall_percent=shortfall,
    )


def _refer_or_decline(facts: Facts, reason: DecisionReason, reasons: list[str]) -> Recommendation:
    if facts.colleagues:
        colleague = facts.colleagues[0]
        reasons.append(
            _("%(name)s has the skills for it: refer the client to them.") % {"name": colleague.name}
            if colleague.balance <= 0
            else _("%(name)s has the skills and has sent you work before: a good moment to return the favour.")
            % {"name": colleague.name}
        )
        return Recommendation(State.REFERRED, reason, reasons, colleague=colleague)
    reasons.append(_("No colleague in your network matches: decline politely."))
    free_again = facts.fit.start if facts.fit else None
    return Recommendation(State.DECLINED, reason, reasons, proposed_start=free_again)


def recommend(facts: Facts, policy: Policy) -> Recommendation:
    """Accept, negotiate, refer, decline or ignore, with the reasons in plain words and figures."""
    # 4. Do I need to answer at all?
    if facts.marked_spam:
        return Recommendation(
            State.IGNORED, DecisionReason.SPAM_OR_REPEAT, [_("Marked as spam or pushy: archive it, no reply needed.")]
        )
    if facts.repeat_of_declined:
        return Recommendation(
            State.IGNORED,
            DecisionReason.SPAM_OR_REPEAT,
            [_("You already declined the same request from this client: archive it, no reply needed.")],
        )
    # 0. Who is asking?
    if facts.client_blacklisted:
        return Recommendation(
            State.DECLINED, DecisionReason.BLACKLISTED, [_("This client is on your blacklist: decline politely.")]
        )
    if facts.blacklisted_matches:
        return Recommendation(
            State.DECLINED,
            DecisionReason.BLACKLISTED,
            [
                _("This looks like blacklisted client %(names)s: decline politely.")
                % {"names": ", ".join(facts.blacklisted_matches)}
            ],
        )
    if facts.severe_flags:
        return Recommendation(
            State.DECLINED,
            DecisionReason.RED_FLAG_CLIENT,
            [_("Severe red flags on this client: %(flags)s. Decline.") % {"flags": ", ".join(facts.severe_flags)}],
        )
    if facts.high_risk:
        return Recommendation(
            State.DECLINED,
            DecisionReason.RED_FLAG_CLIENT,
            [_("This client's risk level is high: decline, or ask for a deposit before any work.")],
        )
    if facts.visibility:
        return Recommendation(
            State.DECLINED,
            DecisionReason.VISIBILITY,
            [_("The offer is visibility instead of pay: decline, and say what a paid project would cost.")],
        )
    # 3. Is it mine to do?
    if facts.skills_outside:
        reasons = [_("Outside your skills: %(skills)s.") % {"skills": ", ".join(facts.skills_outside)}]
        return _refer_or_decline(facts, DecisionReason.OUTSIDE_SKILLS, reasons)

    reasons: list[str] = []
    time = weigh_time(facts, policy)
    rate = weigh_rate(facts, policy)
    # 1. Do I have the time?
    if time.enough is None:
        reasons.append(_("No estimate of the hours: the calendar cannot be checked, confirm the scope first."))
    elif time.enough:
        if facts.free_hours is not None and facts.deadline is not None:
            reasons.append(
                _("%(free)s free before the deadline for an estimate of %(hours)s.")
                % {"free": _fmt_hours(facts.free_hours), "hours": _fmt_hours(facts.estimate_hours)}
            )
        else:
            reasons.append(_("The work fits in your calendar."))
    elif time.later is None:
        free = facts.free_hours if facts.free_hours is not None else ZERO
        reasons.append(
            _("Only %(free)s free before the deadline for an estimate of %(hours)s.")
            % {"free": _fmt_hours(free), "hours": _fmt_hours(facts.estimate_hours)}
        )
        if facts.fit is not None:
            reasons.append(_("You are free again from %(date)s.") % {"date": _fmt_date(facts.fit.start)})
        return _refer_or_decline(facts, DecisionReason.NO_TIME, reasons)
    else:
        reasons.append(
            _("Not enough hours by the deadline, but you are free from %(start)s: it would be done by %(finish)s.")
            % {"start": _fmt_date(time.later.start), "finish": _fmt_date(time.later.finish)}
        )
    proposed_start = time.later.start if time.later else None
    # 2. Is it "not yet"?
    if rate.rate is None and facts.budget_amount is None:
        reasons.append(_("No budget given: ask for one before committing."))
    elif rate.rate is None:
        reasons.append(_("Without an estimate, the budget cannot be compared with your rates."))
    elif rate.below_minimum:
        if facts.budget_kind == BudgetKind.FIXED:
            reasons.append(
                _("The budget of %(budget)s for %(hours)s is %(percent)s%% under your minimum rate.")
                % {
                    "budget": _fmt_money(facts.budget_amount, facts.currency),
                    "hours": _fmt_hours(facts.estimate_hours),
                    "percent": rate.shortfall_percent,
                }
            )
            reasons.append(
                _("Propose %(counter)s, or a smaller scope of %(scope)s that fits the budget.")
                % {
                    "counter": _fmt_money(rate.counter_offer, facts.currency),
                    "scope": _fmt_hours(rate.scope_hours),
                }
            )
        else:
            reasons.append(
                _("The offered rate of %(rate)s an hour is %(percent)s%% under your minimum of %(minimum)s.")
                % {
                    "rate": _fmt_money(rate.rate, facts.currency),
                    "percent": rate.shortfall_percent,
                    "minimum": _fmt_money(policy.minimum_rate, facts.currency),
                }
            )
            reasons.append(_("Propose %(counter)s.") % {"counter": _fmt_money(rate.counter_offer, facts.currency)})
        return Recommendation(
            State.NEGOTIATING,
            DecisionReason.RATE_BELOW_MINIMUM,
            reasons,
            counter_offer=rate.counter_offer,
            proposed_start=proposed_start,
        )
    elif rate.below_target:
        reasons.append(
            _("The offer of %(rate)s an hour is above your minimum but under your target rate of %(target)s.")
            % {"rate": _fmt_money(rate.rate, facts.currency), "target": _fmt_money(policy.target_rate, facts.currency)}
        )
    else:
        reasons.append(
            _("The offer of %(rate)s an hour meets your target rate.") % {"rate": _fmt_money(rate.rate, facts.currency)}
        )
    if proposed_start is not None:
        return Recommendation(State.NEGOTIATING, DecisionReason.NO_TIME, reasons, proposed_start=proposed_start)
    return Recommendation(State.ACCEPTED, DecisionReason.FITS, reasons, proposed_start=facts.desired_start)
