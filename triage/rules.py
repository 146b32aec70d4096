"""The triage rules: from the facts about one request to a recommendation with every signal named.

Pure: plain data in, plain data out, no database. triage/facts.py reads the facts; this module weighs them.
Two passes, both in plain words:
- the *signals* (triage/signals.py): everything that bears on the decision (each red flag, a past late
  payment, the rate and the time with their figures, the skills, the missing facts, the colleague and why),
  always all of them;
- the *questions*, in the order a careful freelancer asks them (do I need to answer? who is asking? is it
  mine to do? do I know enough? do I have the time? is it "not yet"?): the first that answers decides.
The money comes from projects.pricing, the same figures the decision then records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from projects import pricing
from projects.capacity import Fit
from projects.models import BudgetKind, DecisionReason, State

from .signals import (
    MISSING_BUDGET,
    MISSING_DATES,
    MISSING_SCOPE,
    Signal,
    Tone,
    client_signals,
    colleague_signals,
    details_signals,
    rate_signals,
    skills_signals,
    time_signals,
)

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
class ActiveFlag:
    kind: str
    label: str
    severity: int
    occurred_on: date
    deal_breaker: bool = False  # severe and of a kind that ends a relationship on its own


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
    # Capacity between the start and the deadline, and the first window where the work fits.
    free_hours: Decimal | None = None
    fit: Fit | None = None
    # Who is asking.
    client_blacklisted: bool = False
    blacklisted_matches: tuple[str, ...] = ()  # names of blacklisted clients this one looks like
    flags: tuple[ActiveFlag, ...] = ()  # the client's active red flags
    risk_level: str = "low"  # clients.models.RiskLevel
    late_payments_before: int = 0  # invoices this client paid late, and late-payment flags, over all time
    referred_by: str = ""  # the colleague who sent this client
    # Is it mine to do.
    skills: tuple[str, ...] = ()
    skills_outside: tuple[str, ...] = ()  # the request's skills I do not offer
    colleagues: tuple = ()  # referrals.reciprocity.ColleagueSuggestion, best first (the referrals rule)
    # Do I need to answer.
    marked_spam: bool = False
    repeat_of_declined: bool = False

    @property
    def start(self) -> date:
        return max(self.desired_start or self.today, self.today)

    @property
    def offered_rate(self) -> Decimal | None:
        return pricing.hourly_rate(
            self.budget_kind, self.budget_amount, hours=self.estimate_hours, hours_per_day=self.hours_per_day
        )

    def flagged(self, *kinds: str) -> list[ActiveFlag]:
        return [flag for flag in self.flags if flag.kind in kinds]


@dataclass(frozen=True)
class Policy:
    minimum_rate: Decimal
    target_rate: Decimal
    hours_per_day: Decimal = Decimal(7)
    # "Free soon": the work fits if it starts (or ends) at most this many days later than asked.
    max_wait_days: int = 42


@dataclass(frozen=True)
class TimeVerdict:
    enough: bool | None  # None: cannot tell (no estimate)
    later: Fit | None = None  # when it fits, if later than asked but soon enough


@dataclass(frozen=True)
class Figures:
    """Every amount and date the page shows and the decision records, computed once."""

    offered_rate: Decimal | None = None
    below_minimum: bool = False
    below_target: bool = False
    shortfall_percent: int | None = None
    minimum_fee: Decimal | None = None  # the estimate at my minimum rate, rounded up
    counter_offer: Decimal | None = None  # in the request's budget kind
    affordable_hours: Decimal | None = None  # a smaller scope the fixed budget buys, under the estimate
    proposed_start: date | None = None  # only a start the calendar confirmed
    free_from: date | None = None  # the first day the work fits, when the calendar was checked


@dataclass(frozen=True)
class Answer:
    decision: State
    reason: DecisionReason
    colleague: object | None = None


@dataclass(frozen=True)
class Recommendation:
    decision: State
    reason: DecisionReason
    signals: tuple[Signal, ...] = ()
    figures: Figures = field(default_factory=Figures)
    missing: tuple[str, ...] = ()
    colleague: object | None = None  # a ColleagueSuggestion when referring

    @property
    def action(self) -> str:
        return ACTION_LABELS[self.decision]

    @property
    def counter_offer(self) -> Decimal | None:
        return self.figures.counter_offer if self.decision == State.NEGOTIATING else None

    @property
    def proposed_start(self) -> date | None:
        return self.figures.proposed_start

    @property
    def reasons(self) -> list[str]:
        """Every signal's sentence, the ones against first."""
        order = list(Tone)
        return [signal.text for signal in sorted(self.signals, key=lambda s: order.index(s.tone))]


# --- Figures ---------------------------------------------------------------------------------------


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


def figures_for(facts: Facts, policy: Policy, time: TimeVerdict) -> Figures:
    rate = facts.offered_rate
    hours = facts.estimate_hours
    below_minimum = rate is not None and rate < policy.minimum_rate
    if time.later is not None:
        start = time.later.start
    elif time.enough and facts.fit is not None:
        start = max(facts.fit.start, facts.start)
    else:
        start = None
    return Figures(
        offered_rate=rate,
        below_minimum=below_minimum,
        below_target=rate is not None and rate < policy.target_rate,
        shortfall_percent=pricing.shortfall_percent(rate, policy.minimum_rate) if below_minimum else None,
        minimum_fee=pricing.fee_at(policy.minimum_rate, hours) if hours else None,
        counter_offer=pricing.counter_offer(
            facts.budget_kind, hours=hours, target_rate=policy.target_rate, hours_per_day=policy.hours_per_day
        )
        if below_minimum
        else None,
        affordable_hours=pricing.affordable_hours(
            facts.budget_kind, facts.budget_amount, minimum_rate=policy.minimum_rate, hours=hours
        )
        if below_minimum
        else None,
        proposed_start=start,
        free_from=facts.fit.start if facts.fit is not None else None,
    )


def missing_facts(facts: Facts) -> tuple[str, ...]:
    """What the request lacks before it can be weighed: asked of the client, never guessed."""
    missing = []
    if not facts.estimate_hours:  # none, or zero hours
        missing.append(MISSING_SCOPE)
    if facts.budget_amount is None:
        missing.append(MISSING_BUDGET)
    if facts.deadline is not None and facts.deadline < facts.today:
        missing.append(MISSING_DATES)
    return tuple(missing)


# --- Questions: the first that answers decides ----------------------------------------------------


@dataclass(frozen=True)
class Weighed:
    """What every question may look at, computed once."""

    facts: Facts
    policy: Policy
    time: TimeVerdict
    figures: Figures
    missing: tuple[str, ...]


def _best_trusted(facts: Facts):
    return next((colleague for colleague in facts.colleagues if colleague.trusted), None)


def _refer_or_decline(facts: Facts, reason: DecisionReason) -> Answer:
    colleague = _best_trusted(facts)
    if colleague is not None:
        return Answer(State.REFERRED, reason, colleague=colleague)
    return Answer(State.DECLINED, reason)


def is_spam(w: Weighed) -> Answer | None:
    if w.facts.marked_spam or w.facts.flagged("spam"):
        return Answer(State.IGNORED, DecisionReason.SPAM_OR_REPEAT)
    return None


def is_repeat(w: Weighed) -> Answer | None:
    return Answer(State.IGNORED, DecisionReason.SPAM_OR_REPEAT) if w.facts.repeat_of_declined else None


def is_blacklisted(w: Weighed) -> Answer | None:
    if w.facts.client_blacklisted or w.facts.blacklisted_matches:
        return Answer(State.DECLINED, DecisionReason.BLACKLISTED)
    return None


def has_deal_breaker(w: Weighed) -> Answer | None:
    if any(flag.deal_breaker for flag in w.facts.flags) or w.facts.risk_level == "high":
        return Answer(State.DECLINED, DecisionReason.RED_FLAG_CLIENT)
    return None


def wants_visibility(w: Weighed) -> Answer | None:
    if w.facts.budget_amount == 0 or w.facts.flagged("visibility"):
        return Answer(State.DECLINED, DecisionReason.VISIBILITY)
    return None


def is_outside_skills(w: Weighed) -> Answer | None:
    return _refer_or_decline(w.facts, DecisionReason.OUTSIDE_SKILLS) if w.facts.skills_outside else None


def lacks_details(w: Weighed) -> Answer | None:
    return Answer(State.NEGOTIATING, DecisionReason.MISSING_DETAILS) if w.missing else None


def lacks_time(w: Weighed) -> Answer | None:
    if w.time.enough is False and w.time.later is None:
        return _refer_or_decline(w.facts, DecisionReason.NO_TIME)
    return None


def rate_too_low(w: Weighed) -> Answer | None:
    return Answer(State.NEGOTIATING, DecisionReason.RATE_BELOW_MINIMUM) if w.figures.below_minimum else None


def fits_later(w: Weighed) -> Answer | None:
    return Answer(State.NEGOTIATING, DecisionReason.NO_TIME) if w.time.later is not None else None


def fits(w: Weighed) -> Answer:
    return Answer(State.ACCEPTED, DecisionReason.FITS)


QUESTIONS: tuple[Callable[[Weighed], Answer | None], ...] = (
    is_spam,  # do I need to answer at all?
    is_repeat,
    is_blacklisted,  # who is asking?
    has_deal_breaker,
    wants_visibility,
    is_outside_skills,  # is it mine to do?
    lacks_details,  # do I know enough to weigh it?
    lacks_time,  # do I have the time?
    rate_too_low,  # is it "not yet" rather than "no"?
    fits_later,
    fits,
)


def recommend(facts: Facts, policy: Policy) -> Recommendation:
    """Accept, negotiate, refer, decline or ignore, with every signal that bears on it and its figures."""
    time = weigh_time(facts, policy)
    missing = missing_facts(facts)
    weighed = Weighed(facts, policy, time, figures_for(facts, policy, time), missing)
    answer = next(a for a in (question(weighed) for question in QUESTIONS) if a is not None)
    signals = [
        *client_signals(facts),
        *skills_signals(facts),
        *details_signals(facts, missing),
        *time_signals(facts, time),
        *rate_signals(facts, policy, weighed.figures),
    ]
    if answer.decision == State.REFERRED or answer.reason in (DecisionReason.OUTSIDE_SKILLS, DecisionReason.NO_TIME):
        signals += colleague_signals(answer.colleague or next(iter(facts.colleagues), None))
    if answer.decision == State.IGNORED:
        signals.append(Signal("answer", Tone.INFO, _("No reply needed: archive it.")))
    return Recommendation(
        decision=answer.decision,
        reason=answer.reason,
        signals=tuple(signals),
        figures=weighed.figures,
        missing=missing,
        colleague=answer.colleague,
    )
