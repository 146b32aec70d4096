"""colleague_suggestions: who to suggest at the refer step of triage, best first, and why."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from referrals.models import Direction
from referrals.selectors import colleague_match, colleague_suggestions
from tests.factories import ColleagueFactory, ReferralFactory, SkillFactory

pytestmark = pytest.mark.django_db

START = date(2026, 6, 1)
DEADLINE = START + timedelta(days=30)


@pytest.fixture
def skills(owner):
    return {name: SkillFactory(owner=owner, name=name) for name in ("design", "code", "copywriting", "seo")}


def colleague(owner, skills, name, has, *, given=0, received=0, trusted=True, **fields):
    c = ColleagueFactory(owner=owner, name=name, trusted=trusted, **fields)
    c.skills.set([skills[s] for s in has])
    ReferralFactory.create_batch(given, colleague=c, direction=Direction.GIVEN)
    ReferralFactory.create_batch(received, colleague=c, direction=Direction.RECEIVED)
    return c


def suggest(owner, skills, wanted, language=None, start=START, end=DEADLINE):
    return colleague_suggestions(
        owner=owner, skill_ids=[skills[s].pk for s in wanted], language=language, start=start, end=end
    )


def test_one_i_would_not_refer_again_comes_after_a_trusted_one_even_when_i_owe_them(owner, skills):
    """Issue #16: triage re-sorted by balance alone and put the untrusted one first."""
    colleague(owner, skills, "Ada", {"design"}, received=4, trusted=False)
    colleague(owner, skills, "Bea", {"design"}, given=1)
    bea, ada = suggest(owner, skills, {"design"})
    assert (bea.name, ada.name) == ("Bea", "Ada")
    assert (ada.trusted, ada.balance, bea.trusted, bea.balance) == (False, 4, True, -1)
    assert ada.warning == "You noted you would not refer to them again."
    assert not any("return the favour" in reason for reason in ada.why)
    assert bea.warning == ""


def test_one_busy_past_the_deadline_is_not_suggested(owner, skills):
    """Issue #16: the request's dates were never passed to the matching."""
    colleague(owner, skills, "Ada", {"design"}, received=3, busy_until=START + timedelta(days=180))
    colleague(owner, skills, "Bea", {"design"}, busy_until=START - timedelta(days=1))
    colleague(owner, skills, "Cy", {"design"}, busy_until=START)
    assert [c.name for c in suggest(owner, skills, {"design"})] == ["Bea"]


def test_one_who_does_not_speak_the_clients_language_is_not_suggested(owner, skills):
    """Issue #16: a French-only colleague I owe was suggested for an English-speaking client."""
    colleague(owner, skills, "Ada", {"design"}, received=5, speaks_french=True, speaks_english=False)
    colleague(owner, skills, "Bea", {"design"}, speaks_french=True, speaks_english=True)
    [bea] = suggest(owner, skills, {"design"}, language="en")
    assert bea.name == "Bea" and "Speaks English." in bea.why
    assert [c.name for c in suggest(owner, skills, {"design"}, language="fr")] == ["Ada", "Bea"]


@pytest.mark.parametrize(
    "network, wanted, expected",
    [
        ([("Ada", {"design"}, {}), ("Bea", {"design", "code"}, {})], {"design", "code"}, ["Bea", "Ada"]),
        (
            [("Ada", {"design"}, {"received": 1}), ("Bea", {"design"}, {"received": 3, "given": 1})],
            {"design"},
            ["Bea", "Ada"],
        ),
        ([("Ada", {"design"}, {"given": 2}), ("Bea", {"design"}, {})], {"design"}, ["Bea", "Ada"]),
        ([("Ada", {"seo"}, {"received": 9}), ("Bea", {"code"}, {})], {"code"}, ["Bea"]),
        (
            [("Ada", {"design", "code"}, {}), ("Bea", {"design"}, {"received": 5})],
            {"design", "code"},
            ["Ada", "Bea"],
        ),
        ([("Ada", {"design"}, {})], set(), []),
    ],
    ids=[
        "skill fit first",
        "then the one I owe most",
        "one who owes me after an even one",
        "no wanted skill: left out",
        "fit beats balance",
        "no skill wanted: nobody",
    ],
)
def test_suggestion_order(owner, skills, network, wanted, expected):
    for name, has, extra in network:
        colleague(owner, skills, name, has, **extra)
    assert [c.name for c in suggest(owner, skills, wanted)] == expected


def test_a_suggestion_carries_the_contact_the_balance_and_why(owner, skills):
    colleague(owner, skills, "Ada", {"design", "code"}, received=2, email="ada@example.net", phone="06 12 34 56 78")
    [ada] = suggest(owner, skills, {"design", "code", "seo"}, language="fr")
    assert (ada.email, ada.phone, ada.balance, ada.trusted) == ("ada@example.net", "06 12 34 56 78", 2, True)
    assert ada.why == (
        "Has 2 of the 3 skills: code, design.",
        "Speaks French.",
        "Free from the start date.",
        "Sent you 2 more referrals than you sent them: a good moment to return the favour.",
    )


def test_another_owners_colleagues_and_skills_are_never_matched(owner, other_user, skills):
    theirs = ColleagueFactory(owner=other_user)
    theirs.skills.set([skills["design"]])  # even wrongly linked to my skill
    assert suggest(owner, skills, {"design"}) == []
    mine = colleague(owner, skills, "Ada", {"design"})
    their_skill = SkillFactory(owner=other_user, name="design")
    mine.skills.add(their_skill)
    found = colleague_suggestions(owner=owner, skill_ids=[their_skill.pk], language=None, start=START, end=None)
    assert found == []


@pytest.mark.parametrize("size", [1, 20])
def test_suggesting_runs_in_a_constant_number_of_queries(owner, skills, size, django_assert_num_queries):
    for index in range(size):
        colleague(owner, skills, f"C{index:02}", {"design", "code"}, given=2, received=index % 4)
    with django_assert_num_queries(3):  # the wanted skills, the colleagues with their balance, their skills
        found = suggest(owner, skills, {"design", "seo"}, language="fr")
    assert len(found) == size


# colleague_match: the same rule, as model rows, for the callers that need them.


def test_colleague_match_follows_the_rule_and_carries_fit_balance_and_suggestion(owner, skills):
    colleague(owner, skills, "Ada", {"design", "code"}, received=2)
    colleague(owner, skills, "Bea", {"design"}, received=6, trusted=False)
    ada, bea = colleague_match(owner=owner, skill_ids=[skills["design"].pk, skills["code"].pk, skills["seo"].pk])
    assert (ada.name, ada.skill_fit, ada.reciprocity.owed_count) == ("Ada", 2, 2)
    assert (bea.name, bea.suggestion.warning) == ("Bea", "You noted you would not refer to them again.")


def test_colleague_match_leaves_out_those_busy_on_the_date_or_today(owner, skills):
    colleague(owner, skills, "Ada", {"design"}, busy_until=date(2026, 5, 31))
    colleague(owner, skills, "Bea", {"design"})
    colleague(owner, skills, "Cy", {"design"}, busy_until=timezone.localdate() + timedelta(days=90))
    wanted = [skills["design"].pk]
    assert [c.name for c in colleague_match(owner=owner, skill_ids=wanted, on_date=date(2026, 5, 31))] == ["Bea"]
    assert [c.name for c in colleague_match(owner=owner, skill_ids=wanted, on_date=date(2026, 6, 1))] == ["Ada", "Bea"]
    assert "Cy" not in [c.name for c in colleague_match(owner=owner, skill_ids=wanted)]


def test_colleague_match_filters_the_language(owner, skills):
    colleague(owner, skills, "Ada", {"design"}, speaks_french=True, speaks_english=False)
    colleague(owner, skills, "Bea", {"design"}, speaks_french=True, speaks_english=True)
    colleague(owner, skills, "Cy", {"design"}, speaks_french=False, speaks_english=True)
    wanted = [skills["design"].pk]
    assert [c.name for c in colleague_match(owner=owner, skill_ids=wanted, language="en")] == ["Bea", "Cy"]
    assert [c.name for c in colleague_match(owner=owner, skill_ids=wanted, language="fr")] == ["Ada", "Bea"]
    assert [c.name for c in colleague_match(owner=owner, skill_ids=wanted)] == ["Ada", "Bea", "Cy"]
