"""colleague_match: who to suggest at the refer step of triage, best first."""

from datetime import date

import pytest

from referrals.models import Direction
from referrals.selectors import colleague_match
from tests.factories import ColleagueFactory, ReferralFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def skills(owner):
    return {name: SkillFactory(owner=owner, name=name) for name in ("design", "code", "copywriting", "seo")}


def colleague(owner, skills, name, has, *, given=0, received=0, trusted=True, **fields):
    c = ColleagueFactory(owner=owner, name=name, trusted=trusted, **fields)
    c.skills.set([skills[s] for s in has])
    ReferralFactory.create_batch(given, colleague=c, direction=Direction.GIVEN)
    ReferralFactory.create_batch(received, colleague=c, direction=Direction.RECEIVED)
    return c


@pytest.mark.parametrize(
    "network, wanted, expected",
    [
        (
            [("Ada", {"design"}, {}), ("Bea", {"design", "code"}, {})],
            {"design", "code"},
            ["Bea", "Ada"],
        ),
        (
            [("Ada", {"design"}, {"received": 1}), ("Bea", {"design"}, {"received": 3, "given": 1})],
            {"design"},
            ["Bea", "Ada"],
        ),
        (
            [("Ada", {"design"}, {"given": 2}), ("Bea", {"design"}, {})],
            {"design"},
            ["Bea", "Ada"],
        ),
        (
            [("Ada", {"design"}, {"received": 4, "trusted": False}), ("Bea", {"design"}, {})],
            {"design"},
            ["Bea", "Ada"],
        ),
        (
            [("Ada", {"seo"}, {"received": 9}), ("Bea", {"code"}, {})],
            {"code"},
            ["Bea"],
        ),
        (
            [("Ada", {"design", "code"}, {}), ("Bea", {"design"}, {"received": 5})],
            {"design", "code"},
            ["Ada", "Bea"],
        ),
    ],
    ids=[
        "skill fit first",
        "then the one I owe most",
        "one who owes me after an even one",
        "untrusted last",
        "no wanted skill: left out",
        "fit beats balance",
    ],
)
def test_matching_order(owner, skills, network, wanted, expected):
    for name, has, extra in network:
        colleague(owner, skills, name, has, **extra)
    found = colleague_match(owner=owner, skill_ids=[skills[s].pk for s in wanted])
    assert [c.name for c in found] == expected


def test_each_match_carries_its_fit_and_balance(owner, skills):
    colleague(owner, skills, "Ada", {"design", "code"}, received=2)
    [ada] = colleague_match(owner=owner, skill_ids=[skills["design"].pk, skills["code"].pk, skills["seo"].pk])
    assert ada.skill_fit == 2
    assert ada.reciprocity.owed_count == 2


def test_a_language_leaves_out_those_who_do_not_speak_it(owner, skills):
    colleague(owner, skills, "Ada", {"design"}, speaks_french=True, speaks_english=False)
    colleague(owner, skills, "Bea", {"design"}, speaks_french=True, speaks_english=True)
    colleague(owner, skills, "Cy", {"design"}, speaks_french=False, speaks_english=True)
    wanted = [skills["design"].pk]
    assert [c.name for c in colleague_match(owner=owner, skill_ids=wanted, language="en")] == ["Bea", "Cy"]
    assert [c.name for c in colleague_match(owner=owner, skill_ids=wanted, language="fr")] == ["Ada", "Bea"]
    assert [c.name for c in colleague_match(owner=owner, skill_ids=wanted)] == ["Ada", "Bea", "Cy"]


def test_a_date_leaves_out_those_busy_then(owner, skills):
    colleague(owner, skills, "Ada", {"design"}, busy_until=date(2026, 5, 31))
    colleague(owner, skills, "Bea", {"design"})
    wanted = [skills["design"].pk]
    assert [c.name for c in colleague_match(owner=owner, skill_ids=wanted, on_date=date(2026, 5, 31))] == ["Bea"]
    assert [c.name for c in colleague_match(owner=owner, skill_ids=wanted, on_date=date(2026, 6, 1))] == [
        "Ada",
        "Bea",
    ]


def test_another_owners_colleagues_are_never_matched(owner, other_user, skills):
    theirs = ColleagueFactory(owner=other_user)
    theirs.skills.set([skills["design"]])  # even wrongly linked to my skill
    assert colleague_match(owner=owner, skill_ids=[skills["design"].pk]) == []


def test_matching_runs_in_a_constant_number_of_queries(owner, skills, django_assert_max_num_queries):
    for index in range(30):
        colleague(owner, skills, f"C{index}", {"design", "code"}, given=2, received=1)
    with django_assert_max_num_queries(2):
        found = colleague_match(owner=owner, skill_ids=[skills["design"].pk])
    assert len(found) == 30
