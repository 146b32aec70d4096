"""The recommendation table: every question of triage.rules, every signal, with plain data only."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from projects.capacity import Fit
from projects.models import BudgetKind, DecisionReason, State
from referrals.reciprocity import ColleagueSuggestion
from triage import rules
from triage.rules import ActiveFlag, Facts, Policy, Tone, recommend

TODAY = date(2027, 1, 4)
START = TODAY + timedelta(days=7)
DEADLINE = TODAY + timedelta(days=37)
POLICY = Policy(minimum_rate=Decimal(50), target_rate=Decimal(70), hours_per_day=Decimal(7), max_wait_days=42)
ALEX = ColleagueSuggestion(
    id=1, name="Alex Dupont", email="alex@example.net", phone="", balance=0, trusted=True, why=("Has the skills.",)
)
OWED = ColleagueSuggestion(
    id=2, name="Sam Leroy", email="sam@example.net", phone="", balance=2, trusted=True, why=("Return the favour.",)
)
UNTRUSTED = ColleagueSuggestion(
    id=3, name="Max Vidal", email="", phone="", balance=5, trusted=False, why=(), warning="Would not refer again."
)
DISRESPECT = ActiveFlag("disrespect", "Disrespect or insults", 3, TODAY - timedelta(days=30), deal_breaker=True)

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
    ("no budget given", facts(budget_amount=None), State.NEGOTIATING, DecisionReason.MISSING_DETAILS),
    ("no estimate", facts(estimate_hours=None), State.NEGOTIATING, DecisionReason.MISSING_DETAILS),
    ("zero hours", facts(estimate_hours=Decimal(0)), State.NEGOTIATING, DecisionReason.MISSING_DETAILS),
    (
        "deadline in the past",
        facts(deadline=TODAY - timedelta(days=1)),
        State.NEGOTIATING,
        DecisionReason.MISSING_DETAILS,
    ),
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
    ("severe disrespect", facts(flags=(DISRESPECT,)), State.DECLINED, DecisionReason.RED_FLAG_CLIENT),
    ("high risk client", facts(risk_level="high"), State.DECLINED, DecisionReason.RED_FLAG_CLIENT),
    ("work for visibility", facts(budget_amount=Decimal(0)), State.DECLINED, DecisionReason.VISIBILITY),
    (
        "outside my skills, only an untrusted colleague",
        facts(skills_outside=("Illustration",), colleagues=(UNTRUSTED,)),
        State.DECLINED,
        DecisionReason.OUTSIDE_SKILLS,
    ),
    (
        "outside my skills wins over missing details",
        facts(skills_outside=("Illustration",), estimate_hours=None, colleagues=(ALEX,)),
        State.REFERRED,
        DecisionReason.OUTSIDE_SKILLS,
    ),
    (
        "missing details win over the calendar",
        facts(budget_amount=None, **FULLY_BOOKED),
        State.NEGOTIATING,
        DecisionReason.MISSING_DETAILS,
    ),
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


def texts(recommendation) -> str:
    return " ".join(str(r) for r in recommendation.reasons)


def test_a_low_fixed_budget_gets_a_counter_offer_at_the_target_rate_and_a_smaller_scope():
    with translation.override("en"):
        recommendation = recommend(facts(budget_amount=Decimal(2000), estimate_hours=Decimal(44)), POLICY)
    assert recommendation.counter_offer == Decimal(44 * 70)
    assert recommendation.figures.affordable_hours == Decimal(40)  # €2,000 buys 40 h at the minimum rate
    text = texts(recommendation)
    assert "€2,000" in text and "44" in text and "9%" in text  # 45.45 an hour is 9% under 50


def test_hourly_and_daily_counter_offers_are_in_the_client_s_unit_with_no_smaller_scope():
    hourly = recommend(facts(budget_kind=BudgetKind.HOURLY, budget_amount=Decimal(40)), POLICY)
    daily = recommend(facts(budget_kind=BudgetKind.DAILY, budget_amount=Decimal(300)), POLICY)
    assert hourly.counter_offer == Decimal(70)
    assert daily.counter_offer == Decimal(490)
    assert hourly.figures.affordable_hours is None and daily.figures.affordable_hours is None


def test_the_smaller_scope_is_always_fewer_hours_than_the_estimate():
    # 1,850 for 20 h is 92.50 an hour: no smaller scope to offer, even in a negotiation for time.
    recommendation = recommend(facts(budget_amount=Decimal(1850), **SHORT_BUT_SOON), POLICY)
    assert recommendation.decision == State.NEGOTIATING
    assert recommendation.figures.affordable_hours is None


def test_the_minimum_fee_is_never_under_the_minimum_rate():
    policy = replace(POLICY, minimum_rate=Decimal(45))
    recommendation = recommend(facts(estimate_hours=Decimal("10.5")), policy)
    assert recommendation.figures.minimum_fee == Decimal(473)  # 472.50, rounded up


def test_a_later_start_is_proposed_when_the_calendar_frees_up_soon():
    recommendation = recommend(facts(**SHORT_BUT_SOON), POLICY)
    assert recommendation.proposed_start == SHORT_BUT_SOON["fit"].start


def test_time_short_and_rate_low_carries_both_the_counter_offer_and_the_later_start():
    recommendation = recommend(facts(budget_amount=Decimal(800), **SHORT_BUT_SOON), POLICY)
    assert recommendation.counter_offer == Decimal(1400)
    assert recommendation.proposed_start == SHORT_BUT_SOON["fit"].start


def test_the_refer_step_takes_the_referrals_ranking_as_it_is_and_says_why():
    with translation.override("en"):
        recommendation = recommend(facts(colleagues=(OWED, ALEX), **FULLY_BOOKED), POLICY)
    assert recommendation.colleague == OWED
    assert "Sam Leroy could take it." in texts(recommendation) and "Return the favour." in texts(recommendation)


def test_an_untrusted_colleague_is_never_recommended_but_a_trusted_one_after_it_is():
    recommendation = recommend(facts(colleagues=(UNTRUSTED, ALEX), **FULLY_BOOKED), POLICY)
    assert recommendation.colleague == ALEX


def test_a_decline_for_lack_of_time_says_when_i_am_free_again_and_proposes_no_start():
    with translation.override("en"):
        recommendation = recommend(facts(**FULLY_BOOKED), POLICY)
    assert recommendation.figures.free_from == FULLY_BOOKED["fit"].start
    assert recommendation.proposed_start is None
    assert "free again" in texts(recommendation)


def test_missing_facts_are_named_and_nothing_unchecked_is_proposed():
    recommendation = recommend(facts(estimate_hours=None, budget_amount=None, fit=None, free_hours=None), POLICY)
    assert recommendation.missing == (rules.MISSING_SCOPE, rules.MISSING_BUDGET)
    assert recommendation.proposed_start is None and recommendation.counter_offer is None


def test_a_past_deadline_asks_for_new_dates():
    assert recommend(facts(deadline=TODAY - timedelta(days=3)), POLICY).missing == (rules.MISSING_DATES,)


SCOPE_CREEP = ActiveFlag("scope_creep", "Scope creep", 2, date(2026, 11, 2))
GHOSTING = ActiveFlag("ghosting", "Ghosting after quote", 2, date(2026, 12, 1))
HAGGLING = ActiveFlag("rate_haggling", "Rate haggling", 1, date(2026, 6, 1))


def test_a_client_to_watch_is_accepted_with_every_flag_named_by_kind_and_date():
    with translation.override("en"):
        recommendation = recommend(facts(flags=(SCOPE_CREEP, GHOSTING), risk_level="watch"), POLICY)
    assert recommendation.decision == State.ACCEPTED
    text = texts(recommendation)
    assert "Scope creep, 2 Nov 2026" in text and "Ghosting after quote, 1 Dec 2026" in text
    assert "Risk level to watch" in text


def test_a_refer_for_skills_still_says_the_rate_is_low():
    with translation.override("en"):
        recommendation = recommend(
            facts(estimate_hours=Decimal(30), budget_amount=Decimal(1095), skills_outside=("Motion design",)), POLICY
        )
    assert recommendation.decision == State.DECLINED
    text = texts(recommendation)
    assert "27% under your minimum rate" in text and "Outside your skills: Motion design." in text


def test_a_haggler_offering_under_the_minimum_is_told_apart():
    with translation.override("en"):
        haggler = recommend(facts(budget_amount=Decimal(800), flags=(HAGGLING,)), POLICY)
        other = recommend(facts(budget_amount=Decimal(800)), POLICY)
    assert "haggled over rates before" in texts(haggler)
    assert "haggled" not in texts(other)


def test_a_past_late_payment_is_a_caution():
    with translation.override("en"):
        recommendation = recommend(facts(late_payments_before=1), POLICY)
    assert recommendation.decision == State.ACCEPTED
    cautions = [s.text for s in recommendation.signals if s.tone == Tone.CAUTION]
    assert any("Paid late once before" in str(text) for text in cautions)


def test_a_referral_received_is_acknowledged():
    with translation.override("en"):
        recommendation = recommend(facts(referred_by="Alex Dupont"), POLICY)
    assert "Sent to you by Alex Dupont." in texts(recommendation)


@pytest.mark.parametrize(
    "question, case, answers",
    [
        (rules.is_spam, facts(marked_spam=True), True),
        (rules.is_spam, facts(), False),
        (rules.is_repeat, facts(repeat_of_declined=True), True),
        (rules.is_blacklisted, facts(blacklisted_matches=("X",)), True),
        (rules.is_blacklisted, facts(), False),
        (rules.has_deal_breaker, facts(flags=(DISRESPECT,)), True),
        (rules.has_deal_breaker, facts(flags=(SCOPE_CREEP,)), False),
        (rules.wants_visibility, facts(budget_amount=Decimal(0)), True),
        (rules.is_outside_skills, facts(skills_outside=("SEO",)), True),
        (rules.lacks_details, facts(estimate_hours=None), True),
        (rules.lacks_details, facts(), False),
        (rules.lacks_time, facts(**FULLY_BOOKED), True),
        (rules.lacks_time, facts(**SHORT_BUT_SOON), False),
        (rules.rate_too_low, facts(budget_amount=Decimal(800)), True),
        (rules.rate_too_low, facts(), False),
        (rules.fits_later, facts(**SHORT_BUT_SOON), True),
        (rules.fits_later, facts(), False),
    ],
    ids=lambda value: getattr(value, "__name__", None) if callable(value) else None,
)
def test_each_question_answers_only_its_own_case(question, case, answers):
    time = rules.weigh_time(case, POLICY)
    weighed = rules.Weighed(case, POLICY, time, rules.figures_for(case, POLICY, time), rules.missing_facts(case))
    assert (question(weighed) is not None) is answers


def test_facts_convert_budgets_to_an_hourly_rate():
    assert facts().offered_rate == Decimal(75)
    assert facts(budget_kind=BudgetKind.DAILY, budget_amount=Decimal(350)).offered_rate == Decimal(50)
    assert facts(budget_kind=BudgetKind.HOURLY, budget_amount=Decimal(60)).offered_rate == Decimal(60)
    assert facts(estimate_hours=None).offered_rate is None
    assert facts(budget_amount=None).offered_rate is None
