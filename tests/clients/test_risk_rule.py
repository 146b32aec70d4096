"""The risk rule: recent and severe flags weigh more; the reasons say why."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from clients.models import RiskLevel, Severity
from clients.risk import FlagFact, assess_risk

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _english():
    """The reasons are read in English, whatever language an earlier test left active in this thread."""
    with translation.override("en"):
        yield


def flag(severity=Severity.SERIOUS, days_ago=10, kind="Late payment"):
    return FlagFact(kind_label=kind, severity=severity, occurred_on=TODAY - timedelta(days=days_ago))


@pytest.mark.parametrize(
    "flags, expected",
    [
        ([], RiskLevel.LOW),
        ([flag(Severity.MINOR)], RiskLevel.LOW),
        ([flag(Severity.MINOR), flag(Severity.MINOR)], RiskLevel.WATCH),
        ([flag(Severity.SERIOUS)], RiskLevel.WATCH),
        ([flag(Severity.SERIOUS), flag(Severity.SERIOUS)], RiskLevel.HIGH),
        ([flag(Severity.SEVERE)], RiskLevel.HIGH),
        ([flag(Severity.SEVERE, days_ago=400)], RiskLevel.WATCH),
        ([flag(Severity.SEVERE, days_ago=1000)], RiskLevel.LOW),
        ([flag(Severity.SERIOUS, days_ago=400)], RiskLevel.LOW),
        ([flag(Severity.SERIOUS, days_ago=400), flag(Severity.SERIOUS, days_ago=500)], RiskLevel.WATCH),
        ([flag(Severity.SERIOUS, days_ago=183)], RiskLevel.WATCH),
        ([flag(Severity.SERIOUS, days_ago=184)], RiskLevel.LOW),
        ([flag(Severity.MINOR, days_ago=3000) for _ in range(8)], RiskLevel.WATCH),
        ([flag(Severity.SERIOUS, days_ago=-5)], RiskLevel.WATCH),
    ],
    ids=[
        "no flag",
        "one recent minor flag",
        "two recent minor flags",
        "one recent serious flag",
        "two recent serious flags",
        "one recent severe flag",
        "a severe flag a year old",
        "a severe flag three years old",
        "a serious flag a year old",
        "two serious flags a year old",
        "six months is still recent",
        "just over six months is not",
        "many very old minor flags add up",
        "a flag dated in the future counts as recent",
    ],
)
def test_risk_level(flags, expected):
    assert assess_risk(flags, TODAY).level == expected


def test_the_reasons_name_each_flag_heaviest_first_and_the_total():
    assessment = assess_risk(
        [flag(Severity.MINOR, kind="Rate haggling"), flag(Severity.SEVERE, kind="Unpaid and vanished")], TODAY
    )
    assert assessment.level == RiskLevel.HIGH
    assert assessment.reasons[0].startswith("Unpaid and vanished (severe, recent")
    assert "Rate haggling" in assessment.reasons[1]
    assert assessment.reasons[-1].startswith("Total 5 points")


def test_no_flag_says_so():
    assert assess_risk([], TODAY).reasons == ["No active red flag."]


def test_many_flags_are_summarised():
    assessment = assess_risk([flag(Severity.MINOR, days_ago=n) for n in range(8)], TODAY)
    assert len(assessment.reasons) == 5 + 1 + 1
    assert assessment.reasons[5] == "and 3 lighter flags."


@pytest.mark.parametrize(
    "flags",
    [[], [flag(Severity.MINOR)], [flag(Severity.SEVERE, days_ago=1000)], [flag(Severity.SEVERE)]],
    ids=["no flag", "a minor flag", "an old severe flag", "a recent severe flag"],
)
def test_a_blacklisted_client_is_high_risk_whatever_their_flags(flags):
    assessment = assess_risk(flags, TODAY, blacklisted=True)
    assert assessment.level == RiskLevel.HIGH
    assert assessment.label == "Blacklisted"
    assert assessment.reasons[0].startswith("Blacklisted: the risk is the highest")
    assert assess_risk(flags, TODAY).label != "Blacklisted"


@pytest.mark.parametrize(
    "flags, flag_reason, total",
    [
        ([flag(Severity.MINOR)], "1 point", "Total 1 point:"),
        ([flag(Severity.SERIOUS)], "2 points", "Total 2 points:"),
        ([flag(Severity.MINOR, days_ago=400)], "0.5 points", "Total 0.5 points:"),
    ],
    ids=["one point", "two points", "half a point"],
)
def test_points_are_counted_in_words_that_agree(flags, flag_reason, total):
    reasons = assess_risk(flags, TODAY).reasons
    assert reasons[0].endswith(f": {flag_reason}")
    assert reasons[-1].startswith(total)
    assert not any("1 points" in reason for reason in reasons)
