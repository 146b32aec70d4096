"""The money of a request: the one place for budget-kind conversions and their rounding.

Pure: plain numbers in, plain numbers out. A budget is a fixed fee, an hourly rate or a daily rate
(`BudgetKind`). The rounding always leans the freelancer's way, and says so:
- rates are compared to the cent;
- a fee computed from a rate is rounded *up* to a whole unit, so a fee "at my minimum rate" is never under it;
- the hours a budget buys are rounded *down* to the half hour, so a reduced scope never costs more than the budget.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

from .models import BudgetKind

CENT = Decimal("0.01")
UNIT = Decimal("1")
HALF_HOUR = Decimal("0.5")


def fee_at(rate: Decimal, hours: Decimal) -> Decimal:
    """What `hours` of work cost at an hourly `rate`, rounded up to a whole unit."""
    return (rate * hours).quantize(UNIT, ROUND_UP)


def hourly_rate(kind: str, amount: Decimal | None, *, hours: Decimal | None, hours_per_day: Decimal) -> Decimal | None:
    """An amount of this kind as an hourly rate, to compare with mine; None when it cannot be known."""
    if amount is None:
        return None
    if kind == BudgetKind.HOURLY:
        return amount
    if kind == BudgetKind.DAILY:
        return (amount / hours_per_day).quantize(CENT, ROUND_HALF_UP)
    if hours:
        return (amount / hours).quantize(CENT, ROUND_HALF_UP)
    return None


def total_fee(kind: str, amount: Decimal | None, *, hours: Decimal | None, hours_per_day: Decimal) -> Decimal | None:
    """The whole job's fee for an amount of this kind; None when a rate has no hours to multiply."""
    if amount is None:
        return None
    if kind == BudgetKind.FIXED:
        return amount
    if not hours:
        return None
    if kind == BudgetKind.HOURLY:
        return (amount * hours).quantize(CENT, ROUND_HALF_UP)
    return (amount * hours / hours_per_day).quantize(CENT, ROUND_HALF_UP)


def counter_offer(kind: str, *, hours: Decimal | None, target_rate: Decimal, hours_per_day: Decimal) -> Decimal | None:
    """What to ask for, in the client's own terms: a fee for the job, or my target hourly or daily rate."""
    if kind == BudgetKind.HOURLY:
        return target_rate
    if kind == BudgetKind.DAILY:
        return fee_at(target_rate, hours_per_day)
    return fee_at(target_rate, hours) if hours else None


def affordable_hours(
    kind: str, budget: Decimal | None, *, minimum_rate: Decimal, hours: Decimal | None
) -> Decimal | None:
    """The hours a fixed budget buys at my minimum rate, when that is a real, smaller scope.

    Only for a fixed price (a rate has no scope to reduce), and only when it is fewer hours than the
    estimate and more than none: otherwise there is no smaller scope to offer.
    """
    if kind != BudgetKind.FIXED or not budget or not minimum_rate or not hours:
        return None
    affordable = (budget / minimum_rate / HALF_HOUR).to_integral_value(ROUND_DOWN) * HALF_HOUR
    return affordable if HALF_HOUR <= affordable < hours else None


def shortfall_percent(rate: Decimal, minimum_rate: Decimal) -> int:
    """How far under my minimum an offered rate is, in whole percent."""
    return int(((minimum_rate - rate) / minimum_rate * 100).to_integral_value(ROUND_HALF_UP))
