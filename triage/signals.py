"""The signals of triage: every fact that bears on a decision, in the user's words, whatever the decision.

Pure, like triage/rules.py which calls them: plain data in (its Facts, Policy and Figures), sentences out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.formatting import date_format, money
from accounts.formatting import hours as fmt_hours
from projects.models import BudgetKind

if TYPE_CHECKING:  # the types only: rules imports this module
    from .rules import Facts, Figures, Policy, TimeVerdict

ZERO = Decimal(0)

# What to ask the client when the request lacks it.
MISSING_SCOPE, MISSING_BUDGET, MISSING_DATES = "scope", "budget", "dates"
MISSING_LABELS = {
    MISSING_SCOPE: _("the scope of the work (no estimate of the hours)"),
    MISSING_BUDGET: _("a budget"),
    MISSING_DATES: _("new dates (the deadline has passed)"),
}


class Tone(StrEnum):
    BLOCK = "block"  # decides against the request on its own
    WARN = "warn"  # weighs against it
    CAUTION = "caution"  # worth keeping in mind
    INFO = "info"
    GOOD = "good"  # weighs for it


@dataclass(frozen=True)
class Signal:
    topic: str  # client, skills, details, time, rate, colleague, answer
    tone: Tone
    text: str


def _day(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def client_signals(facts: Facts) -> list[Signal]:
    signals = []
    if facts.client_blacklisted:
        signals.append(Signal("client", Tone.BLOCK, _("This client is on your blacklist.")))
    for name in facts.blacklisted_matches:
        signals.append(Signal("client", Tone.BLOCK, _("This looks like blacklisted client %(name)s.") % {"name": name}))
    for flag in facts.flags:
        tone = Tone.BLOCK if flag.deal_breaker else Tone.WARN
        signals.append(
            Signal(
                "client",
                tone,
                _("Red flag: %(kind)s, %(date)s.") % {"kind": flag.label, "date": _day(flag.occurred_on)},
            )
        )
    if facts.risk_level == "high":
        signals.append(Signal("client", Tone.WARN, _("Risk level high: ask for a deposit before any work.")))
    elif facts.risk_level == "watch":
        signals.append(
            Signal("client", Tone.CAUTION, _("Risk level to watch: put the scope and payment terms in writing."))
        )
    late = facts.late_payments_before
    if late and not facts.flagged("late_payment"):
        signals.append(
            Signal(
                "client",
                Tone.CAUTION,
                ngettext(
                    "Paid late once before: ask for a deposit or shorter payment terms.",
                    "Paid late %(count)d times before: ask for a deposit or shorter payment terms.",
                    late,
                )
                % {"count": late},
            )
        )
    if facts.referred_by:
        signals.append(Signal("client", Tone.INFO, _("Sent to you by %(name)s.") % {"name": facts.referred_by}))
    if facts.budget_amount == 0 or facts.flagged("visibility"):
        signals.append(Signal("client", Tone.BLOCK, _("The offer is visibility instead of pay.")))
    return signals


def details_signals(facts: Facts, missing: tuple[str, ...]) -> list[Signal]:
    return [
        Signal(
            "details", Tone.WARN, _("Missing: %(what)s. Ask the client before deciding.") % {"what": MISSING_LABELS[m]}
        )
        for m in missing
    ]


def time_signals(facts: Facts, time: TimeVerdict) -> list[Signal]:
    if time.enough is None:
        return []
    estimate = fmt_hours(facts.estimate_hours)
    if time.enough:
        if facts.free_hours is not None and facts.deadline is not None:
            text = _("%(free)s free before the deadline for an estimate of %(hours)s.") % {
                "free": fmt_hours(facts.free_hours),
                "hours": estimate,
            }
        else:
            text = _("The work fits in your calendar from %(date)s.") % {"date": _day(facts.fit.start)}
        return [Signal("time", Tone.GOOD, text)]
    if time.later is not None:
        text = _(
            "Not enough hours by the deadline, but you are free from %(start)s: it would be done by %(finish)s."
        ) % {
            "start": _day(time.later.start),
            "finish": _day(time.later.finish),
        }
        return [Signal("time", Tone.CAUTION, text)]
    free = facts.free_hours if facts.free_hours is not None else ZERO
    signals = [
        Signal(
            "time",
            Tone.WARN,
            _("Only %(free)s free before the deadline for an estimate of %(hours)s.")
            % {"free": fmt_hours(free), "hours": estimate},
        )
    ]
    if facts.fit is not None:
        signals.append(
            Signal("time", Tone.INFO, _("You are free again from %(date)s.") % {"date": _day(facts.fit.start)})
        )
    return signals


def rate_signals(facts: Facts, policy: Policy, figures: Figures) -> list[Signal]:
    rate, currency = figures.offered_rate, facts.currency
    if rate is None:
        return []
    if figures.below_minimum:
        if facts.budget_kind == BudgetKind.FIXED:
            text = _("The budget of %(budget)s for %(hours)s is %(percent)s%% under your minimum rate.") % {
                "budget": money(facts.budget_amount, currency),
                "hours": fmt_hours(facts.estimate_hours),
                "percent": figures.shortfall_percent,
            }
        else:
            text = _("The offered rate of %(rate)s an hour is %(percent)s%% under your minimum of %(minimum)s.") % {
                "rate": money(rate, currency),
                "percent": figures.shortfall_percent,
                "minimum": money(policy.minimum_rate, currency),
            }
        signals = [Signal("rate", Tone.WARN, text)]
        if facts.flagged("rate_haggling", "renegotiation"):
            signals.append(
                Signal("rate", Tone.WARN, _("This client has haggled over rates before: hold to your counter-offer."))
            )
        return signals
    if figures.below_target:
        text = _("The offer of %(rate)s an hour is above your minimum but under your target rate of %(target)s.") % {
            "rate": money(rate, currency),
            "target": money(policy.target_rate, currency),
        }
        return [Signal("rate", Tone.CAUTION, text)]
    return [
        Signal(
            "rate",
            Tone.GOOD,
            _("The offer of %(rate)s an hour meets your target rate.") % {"rate": money(rate, currency)},
        )
    ]


def skills_signals(facts: Facts) -> list[Signal]:
    if not facts.skills_outside:
        return []
    return [
        Signal("skills", Tone.WARN, _("Outside your skills: %(skills)s.") % {"skills": ", ".join(facts.skills_outside)})
    ]


def colleague_signals(colleague) -> list[Signal]:
    if colleague is None:
        return [Signal("colleague", Tone.INFO, _("No colleague in your network matches."))]
    signals = [Signal("colleague", Tone.INFO, _("%(name)s could take it.") % {"name": colleague.name})]
    signals += [Signal("colleague", Tone.INFO, str(why)) for why in colleague.why]
    if colleague.warning:
        signals.append(Signal("colleague", Tone.CAUTION, str(colleague.warning)))
    return signals
