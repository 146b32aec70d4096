"""The recommendation table: every branch of triage.rules.recommend, with plain data only."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from projects.capacity import Fit
from projects.models import BudgetKind, DecisionReason, State
from triage.rules import ColleagueOption, Facts, Policy, recommend

TODAY = date(2027, 1, 4)
START = TODAY + timedelta(days=7)
DEADLINE = TODAY + timedelta(days=37)
POLICY = Policy(minimum_rate=Decimal(50), target_rate=Decimal(70), hours_per_day=Decimal(7), max_wait_days=42)
ALEX = ColleagueOption(id=1, name="Alex Dupont", email="alex@example.net")
OWED = ColleagueOption(id=2, name="Sam Leroy", email="sam@example.net", balance=2)

BASE = Facts(
    today=TODAY,
    estimate_hours=Decimal(20),
    budget_kind=BudgetKind.FIXED,
    budget_amount=Decimal(1500),  # 75 an hour: above the target
    desired_start=START,
    deadline=DEADLINE,
    free_hours=Decimal(100),
    fit=Fit(START, START + timedelta(days=3)),
)
SHORT_BUT_SOON = dict(free_hours=Decimal(5), fit=Fit(DEADLINE - timedelta(days=2), DEADLINE + timedelta(days=10)))
FULLY_BOOKED = dict(free_hours=Decimal(0), fit=Fit(DEADLINE + timedelta(days=90), DEADLINE + timedelta(days=95)))


def facts(**changes) -> Facts:
    return replace(BASE, **changes)


CASES = [
    ("all fits", facts(), State.ACCEPTED, DecisionReason.FITS),
    ("rate between minimum and target", facts(budget_amount=Decimal(1200)), State.ACCEPTED, DecisionReason.FITS),
    ("no budget given", facts(budget_amount=None), State.ACCEPTED, DecisionReason.FITS),
    ("no estimate", facts(estimate_hours=None), State.ACCEPTED, DecisionReason.FITS),
    (
        "fixed budget under minimum",
        facts(budget_amount=Decimal(800)),
        State.NEGOTIATING,
        DecisionReason.RATE_BELOW_MINIMUM,
    ),
    (
        "hourly rate under minimum",
        facts(budget_kind=BudgetKind.HOURLY, budget_amount=Decimal(40)),
        State.NEGOTIATING,
        DecisionReason.RATE_BELOW_MINIMUM,
    ),
    (
        "daily rate under minimum",
        facts(budget_kind=BudgetKind.DAILY, budget_amount=Decimal(300)),
        State.NEGOTIATING,
        DecisionReason.RATE_BELOW_MINIMUM,
    ),
    ("time short but free soon", facts(**SHORT_BUT_SOON), State.NEGOTIATING, DecisionReason.NO_TIME),
    (
        "time short and rate low",
        facts(budget_amount=Decimal(800), **SHORT_BUT_SOON),
        State.NEGOTIATING,
        DecisionReason.RATE_BELOW_MINIMUM,
    ),
    (
        "no deadline, free a few weeks later",
        facts(deadline=None, free_hours=None, fit=Fit(START + timedelta(days=20), START + timedelta(days=24))),
        State.NEGOTIATING,
        DecisionReason.NO_TIME,
    ),
    (
        "no deadline, free now",
        facts(deadline=None, free_hours=None, fit=Fit(START, START + timedelta(days=4))),
        State.ACCEPTED,
        DecisionReason.FITS,
    ),
    (
        "fully booked with a matching colleague",
        facts(colleagues=(ALEX,), **FULLY_BOOKED),
        State.REFERRED,
        DecisionReason.NO_TIME,
    ),
    ("fully booked, no colleague", facts(**FULLY_BOOKED), State.DECLINED, DecisionReason.NO_TIME),
    ("no room at all within a year", facts(free_hours=Decimal(0), fit=None), State.DECLINED, DecisionReason.NO_TIME),
    (
        "outside my skills with a colleague",
        facts(skills_outside=("Illustration",), colleagues=(ALEX,)),
        State.REFERRED,
        DecisionReason.OUTSIDE_SKILLS,
    ),
    (
        "outside my skills, no colleague",
        facts(skills_outside=("Illustration",)),
        State.DECLINED,
        DecisionReason.OUTSIDE_SKILLS,
    ),
    ("blacklisted client", facts(client_blacklisted=True), State.DECLINED, DecisionReason.BLACKLISTED),
    (
        "matches a blacklisted email domain",
        facts(blacklisted_matches=("Bad Payer (Shady Ltd)",)),
        State.DECLINED,
        DecisionReason.BLACKLISTED,
    ),
    (
        "severe disrespect",
        facts(severe_flags=("Disrespect or insults",)),
        State.DECLINED,
        DecisionReason.RED_FLAG_CLIENT,
    ),
    ("high risk client", facts(high_risk=True), State.DECLINED, DecisionReason.RED_FLAG_CLIENT),
    ("work for visibility", facts(visibility=True), State.DECLINED, DecisionReason.VISIBILITY),
    ("repeat of a declined request", facts(repeat_of_declined=True), State.IGNORED, DecisionReason.SPAM_OR_REPEAT),
    ("spam", facts(marked_spam=True), State.IGNORED, DecisionReason.SPAM_OR_REPEAT),
    (
        "spam wins over everything",
        facts(marked_spam=True, client_blacklisted=True, budget_amount=Decimal(10)),
        State.IGNORED,
        DecisionReason.SPAM_OR_REPEAT,
    ),
    (
        "blacklist wins over a fitting request",
        facts(client_blacklisted=True, colleagues=(ALEX,)),
        State.DECLINED,
        DecisionReason.BLACKLISTED,
    ),
]


@pytest.mark.parametrize("case, expected_decision, expected_reason", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_recommendation(case, expected_decision, expected_reason):
    recommendation = recommend(case, POLICY)
    assert (recommendation.decision, recommendation.reason) == (expected_decision, expected_reason)
    assert recommendation.reasons, "every recommendation says why"


def test_a_low_fixed_budget_gets_a_counter_offer_at_the_target_rate_and_a_smaller_scope():
    with translation.override("en"):
        recommendation = recommend(facts(budget_amount=Decimal(2000), estimate_hours=Decimal(44)), POLICY)
    assert recommendation.counter_offer == Decimal(44 * 70)
    text = " ".join(str(r) for r in recommendation.reasons)
    assert "€2,000" in text and "44" in text and "9%" in text  # 45.45 an hour is 9% under 50
    assert "40" in text  # €2,000 buys 40 h at the minimum rate


def test_hourly_and_daily_counter_offers_are_in_the_client_s_unit():
    hourly = recommend(facts(budget_kind=BudgetKind.HOURLY, budget_amount=Decimal(40)), POLICY)
    daily = recommend(facts(budget_kind=BudgetKind.DAILY, budget_amount=Decimal(300)), POLICY)
    assert hourly.counter_offer == Decimal(70)
    assert daily.counter_offer == Decimal(490)


def test_a_later_start_is_proposed_when_the_calendar_frees_up_soon():
    recommendation = recommend(facts(**SHORT_BUT_SOON), POLICY)
    assert recommendation.proposed_start == SHORT_BUT_SOON["fit"].start


def test_time_short_and_rate_low_carries_both_the_counter_offer_and_the_later_start():
    recommendation = recommend(facts(budget_amount=Decimal(800), **SHORT_BUT_SOON), POLICY)
    assert recommendation.counter_offer == Decimal(1400)
    assert recommendation.proposed_start == SHORT_BUT_SOON["fit"].start


def test_the_refer_step_names_the_first_colleague_and_says_when_we_owe_them():
    with translation.override("en"):
        recommendation = recommend(facts(colleagues=(OWED, ALEX), **FULLY_BOOKED), POLICY)
    assert recommendation.colleague == OWED
    assert "return the favour" in " ".join(str(r) for r in recommendation.reasons)


def test_a_decline_for_lack_of_time_says_when_i_am_free_again():
    with translation.override("en"):
        recommendation = recommend(facts(**FULLY_BOOKED), POLICY)
    assert recommendation.proposed_start == FULLY_BOOKED["fit"].start
    assert "free again" in " ".join(str(r) for r in recommendation.reasons)


def test_facts_convert_budgets_to_an_hourly_rate():
    assert facts().offered_rate == Decimal(75)
    assert facts(budget_kind=BudgetKind.DAILY, budget_amount=Decimal(350)).offered_rate == Decimal(50)
    assert facts(budget_kind=BudgetKind.HOURLY, budget_amount=Decimal(60)).offered_rate == Decimal(60)
    assert facts(estimate_hours=None).offered_rate is None
    assert facts(budget_amount=None).offered_rate is None
