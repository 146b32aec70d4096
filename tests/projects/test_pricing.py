"""The money of a request, in one pure module: conversions between budget kinds and their rounding."""

from decimal import Decimal

import pytest

from projects import pricing
from projects.models import BudgetKind

D = Decimal
FIXED, HOURLY, DAILY = BudgetKind.FIXED, BudgetKind.HOURLY, BudgetKind.DAILY


@pytest.mark.parametrize(
    "kind, amount, hours, expected",
    [
        (FIXED, D(1500), D(20), D(75)),
        (FIXED, D(1000), D(3), D("333.33")),
        (FIXED, D(1500), None, None),  # a fee with no estimate says nothing of the rate
        (HOURLY, D(60), None, D(60)),
        (DAILY, D(350), None, D(50)),
        (FIXED, None, D(20), None),
    ],
)
def test_an_offer_as_an_hourly_rate(kind, amount, hours, expected):
    assert pricing.hourly_rate(kind, amount, hours=hours, hours_per_day=D(7)) == expected


@pytest.mark.parametrize(
    "kind, amount, hours, expected",
    [
        (FIXED, D(1500), None, D(1500)),
        (HOURLY, D(60), D("10.5"), D(630)),
        (DAILY, D(350), D(14), D(700)),
        (HOURLY, D(60), None, None),
    ],
)
def test_the_whole_fee_of_an_offer(kind, amount, hours, expected):
    assert pricing.total_fee(kind, amount, hours=hours, hours_per_day=D(7)) == expected


def test_a_fee_at_a_rate_is_rounded_up_so_it_is_never_under_that_rate():
    assert pricing.fee_at(D(45), D("10.5")) == D(473)
    assert pricing.fee_at(D(45), D("10.5")) >= D(45) * D("10.5")


@pytest.mark.parametrize(
    "kind, hours, expected",
    [(FIXED, D(20), D(1400)), (HOURLY, D(20), D(70)), (DAILY, D(20), D(490)), (FIXED, None, None)],
)
def test_the_counter_offer_is_in_the_client_s_own_terms(kind, hours, expected):
    assert pricing.counter_offer(kind, hours=hours, target_rate=D(70), hours_per_day=D(7)) == expected


@pytest.mark.parametrize(
    "kind, budget, hours, expected",
    [
        (FIXED, D(2000), D(44), D(40)),
        (FIXED, D(1010), D(44), D(20)),  # 20.2 h, rounded down to the half hour
        (FIXED, D(1850), D(20), None),  # the budget buys more than the estimate: no smaller scope
        (FIXED, D(10), D(20), None),  # not even half an hour
        (HOURLY, D(30), D(20), None),  # a rate has no scope to reduce
        (FIXED, D(2000), None, None),
    ],
)
def test_a_smaller_scope_only_for_a_fixed_price_and_always_under_the_estimate(kind, budget, hours, expected):
    assert pricing.affordable_hours(kind, budget, minimum_rate=D(50), hours=hours) == expected


def test_the_shortfall_in_whole_percent():
    assert pricing.shortfall_percent(D("36.50"), D(50)) == 27
