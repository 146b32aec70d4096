"""The risk rule: how worried to be about a client, given their active red flags.

Pure: plain data in, a level and human-readable reasons out. Every flag scores points by severity
(minor 1, serious 2, severe 4), scaled down as it ages (full for six months, half up to two years,
a quarter after that). From 2 points a client is worth watching, from 4 they are high risk: one
recent severe flag, or two recent serious ones, is enough. A blacklisted client is high risk whatever
their flags weigh: the blacklist is the user's own verdict, and no badge may call that client low risk.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.formatting import date_format
from accounts.typography import plural_number

from .models import RiskLevel, Severity

SEVERITY_POINTS = {Severity.MINOR: Decimal(1), Severity.SERIOUS: Decimal(2), Severity.SEVERE: Decimal(4)}
RECENT_DAYS = 183
OLD_DAYS = 730
RECENT_WEIGHT, MIDDLE_WEIGHT, OLD_WEIGHT = Decimal(1), Decimal("0.5"), Decimal("0.25")
WATCH_FROM = Decimal(2)
HIGH_FROM = Decimal(4)
MAX_FLAG_REASONS = 5


@dataclass(frozen=True)
class FlagFact:
    """One active red flag, as the rule sees it."""

    kind_label: str
    severity: int
    occurred_on: date


@dataclass(frozen=True)
class RiskAssessment:
    level: str
    score: Decimal
    reasons: list[str] = field(default_factory=list)
    blacklisted: bool = False

    @property
    def label(self) -> str:
        """What the badge says: a blacklisted client's risk is the blacklist itself."""
        return str(_("Blacklisted")) if self.blacklisted else str(RiskLevel(self.level).label)


def flag_weight(flag: FlagFact, today: date) -> Decimal:
    age = max((today - flag.occurred_on).days, 0)
    if age <= RECENT_DAYS:
        recency = RECENT_WEIGHT
    elif age <= OLD_DAYS:
        recency = MIDDLE_WEIGHT
    else:
        recency = OLD_WEIGHT
    return SEVERITY_POINTS.get(flag.severity, SEVERITY_POINTS[Severity.SERIOUS]) * recency


def level_for(score: Decimal) -> str:
    if score >= HIGH_FROM:
        return RiskLevel.HIGH
    if score >= WATCH_FROM:
        return RiskLevel.WATCH
    return RiskLevel.LOW


def _points(value: Decimal) -> str:
    value = value.normalize()
    return number_format(value, max(-value.as_tuple().exponent, 0))


def _age_label(flag: FlagFact, today: date) -> str:
    age = (today - flag.occurred_on).days
    if age <= RECENT_DAYS:
        return _("recent")
    if age <= OLD_DAYS:
        return _("under two years old")
    return _("over two years old")


def assess_risk(flags: Iterable[FlagFact], today: date, *, blacklisted: bool = False) -> RiskAssessment:
    weighed = sorted(
        ((flag_weight(flag, today), flag) for flag in flags),
        key=lambda pair: (pair[0], pair[1].occurred_on),
        reverse=True,
    )
    verdict = [_("Blacklisted: the risk is the highest, whatever the red flags weigh.")] if blacklisted else []
    if not weighed:
        level = RiskLevel.HIGH if blacklisted else RiskLevel.LOW
        reasons = [*verdict, _("No active red flag.")]
        return RiskAssessment(level=level, score=Decimal(0), reasons=reasons, blacklisted=blacklisted)
    score = sum((weight for weight, _flag in weighed), Decimal(0))
    level = RiskLevel.HIGH if blacklisted else level_for(score)
    reasons = verdict + [
        ngettext(
            "%(kind)s (%(severity)s, %(age)s, %(date)s): %(points)s point",
            "%(kind)s (%(severity)s, %(age)s, %(date)s): %(points)s points",
            plural_number(weight),
        )
        % {
            "kind": flag.kind_label,
            "severity": Severity(flag.severity).label.lower() if flag.severity in Severity.values else "",
            "age": _age_label(flag, today),
            "date": date_format(flag.occurred_on, "DATE_FORMAT"),
            "points": _points(weight),
        }
        for weight, flag in weighed[:MAX_FLAG_REASONS]
    ]
    if len(weighed) > MAX_FLAG_REASONS:
        rest = len(weighed) - MAX_FLAG_REASONS
        reasons.append(ngettext("and %(count)d lighter flag.", "and %(count)d lighter flags.", rest) % {"count": rest})
    reasons.append(
        ngettext(
            "Total %(score)s point: watch from %(watch)s, high risk from %(high)s.",
            "Total %(score)s points: watch from %(watch)s, high risk from %(high)s.",
            plural_number(score),
        )
        % {"score": _points(score), "watch": _points(WATCH_FROM), "high": _points(HIGH_FROM)}
    )
    return RiskAssessment(level=level, score=score, reasons=reasons, blacklisted=blacklisted)
