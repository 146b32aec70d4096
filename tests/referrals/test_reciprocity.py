"""Who owes whom: the balance arithmetic, in pure rules and as the database aggregates it."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from referrals.models import Direction, Outcome
from referrals.reciprocity import (
    Candidate,
    ColleagueSuggestion,
    Reciprocity,
    Standing,
    Tally,
    group_by_standing,
    rank_candidates,
)
from referrals.selectors import (
    colleague_detail_get,
    colleague_list_with_reciprocity,
    network_get,
    reciprocity_of,
    reciprocity_total,
)
from tests.factories import ColleagueFactory, ReferralFactory

D = Decimal


def test_a_tally_counts_every_outcome_and_sums_every_value():
    tally = Tally(pending=1, won=2, lost=3, pending_value=D(100), won_value=D(1000), lost_value=D(10))
    assert tally.count == 6
    assert tally.value == D(1110)


@pytest.mark.parametrize(
    "given, received, owed_count, owed_value, standing",
    [
        (Tally(), Tally(), 0, D(0), Standing.EVEN),
        (Tally(), Tally(won=1, won_value=D(500)), 1, D(500), Standing.I_OWE),
        (Tally(won=1, won_value=D(500)), Tally(), -1, D(-500), Standing.OWES_ME),
        # a lost referral is still a favour: it counts, but its value does not
        (Tally(), Tally(lost=1, lost_value=D(900)), 1, D(0), Standing.I_OWE),
        (Tally(pending=2, pending_value=D(300)), Tally(), -2, D(0), Standing.OWES_ME),
        # as many each way is even, whatever the work was worth: the value difference is shown, not owed
        (Tally(won=1, won_value=D(200)), Tally(won=1, won_value=D(800)), 0, D(600), Standing.EVEN),
        (Tally(won=1, won_value=D(800)), Tally(lost=1, lost_value=D(800)), 0, D(-800), Standing.EVEN),
        # the count weighs more than the value
        (Tally(won=1, won_value=D(5000)), Tally(pending=1, lost=1), 1, D(-5000), Standing.I_OWE),
        (Tally(pending=1, won=1, lost=1), Tally(pending=1, won=1, lost=1), 0, D(0), Standing.EVEN),
    ],
    ids=[
        "nothing",
        "they sent one won",
        "I sent one won",
        "they sent one lost",
        "I sent two pending",
        "one each way, their work worth more: even",
        "one each way, mine won theirs lost: even",
        "count before value",
        "even",
    ],
)
def test_balance(given, received, owed_count, owed_value, standing):
    reciprocity = Reciprocity(given=given, received=received)
    assert reciprocity.owed_count == owed_count
    assert reciprocity.owed_value == owed_value
    assert reciprocity.standing == standing
    assert reciprocity.count_gap == abs(owed_count)
    assert reciprocity.value_gap == abs(owed_value)


def test_the_database_aggregates_counts_and_values_by_direction_and_outcome(owner):
    colleague = ColleagueFactory(owner=owner)
    today = date(2026, 3, 10)
    for direction, outcome, value, days_ago in [
        (Direction.GIVEN, Outcome.PENDING, None, 30),
        (Direction.GIVEN, Outcome.WON, D("1200.50"), 20),
        (Direction.GIVEN, Outcome.WON, D("300"), 19),
        (Direction.GIVEN, Outcome.LOST, D("50"), 18),
        (Direction.RECEIVED, Outcome.PENDING, D("400"), 10),
        (Direction.RECEIVED, Outcome.WON, D("2000"), 5),
        (Direction.RECEIVED, Outcome.WON, None, 3),
        (Direction.RECEIVED, Outcome.LOST, None, 2),
        (Direction.RECEIVED, Outcome.LOST, D("700"), 1),
    ]:
        ReferralFactory(
            colleague=colleague,
            direction=direction,
            outcome=outcome,
            value=value,
            referred_on=today - timedelta(days=days_ago),
        )
    reciprocity = reciprocity_of(colleague_detail_get(owner=owner, colleague_id=colleague.pk))

    assert reciprocity.given == Tally(
        pending=1, won=2, lost=1, pending_value=D(0), won_value=D("1500.50"), lost_value=D(50)
    )
    assert reciprocity.received == Tally(
        pending=1, won=2, lost=2, pending_value=D(400), won_value=D(2000), lost_value=D(700)
    )
    assert reciprocity.owed_count == 1
    assert reciprocity.owed_value == D("499.50")
    assert reciprocity.standing == Standing.I_OWE
    assert reciprocity.last_exchange == today - timedelta(days=1)


def test_a_colleague_without_referrals_is_even_with_no_last_exchange(owner):
    colleague = ColleagueFactory(owner=owner)
    reciprocity = reciprocity_of(colleague_detail_get(owner=owner, colleague_id=colleague.pk))
    assert reciprocity == Reciprocity(last_exchange=None)
    assert not reciprocity.exchanged


def test_filtering_by_skill_does_not_multiply_the_aggregates(owner):
    from tests.factories import SkillFactory

    design, code = SkillFactory(owner=owner, name="design"), SkillFactory(owner=owner, name="code")
    colleague = ColleagueFactory(owner=owner)
    colleague.skills.set([design, code])
    ReferralFactory.create_batch(3, colleague=colleague, direction=Direction.RECEIVED)
    [found] = colleague_list_with_reciprocity(owner=owner, skill_id=design.pk, search="co")
    assert reciprocity_of(found).received.count == 3


def test_another_owners_referrals_never_count(owner, other_user):
    mine = ColleagueFactory(owner=owner)
    ReferralFactory(colleague=ColleagueFactory(owner=other_user), direction=Direction.RECEIVED)
    assert [reciprocity_of(c).received.count for c in colleague_list_with_reciprocity(owner=owner)] == [0]
    assert mine.pk == colleague_list_with_reciprocity(owner=owner).get().pk


def test_the_whole_network_balance_adds_up_every_colleague(owner, other_user, django_assert_num_queries):
    ada, bea = ColleagueFactory(owner=owner), ColleagueFactory(owner=owner)
    ReferralFactory(colleague=ada, direction=Direction.RECEIVED, outcome=Outcome.WON, value=D(1000))
    ReferralFactory(colleague=bea, direction=Direction.RECEIVED, outcome=Outcome.LOST)
    ReferralFactory(colleague=bea, direction=Direction.GIVEN, outcome=Outcome.WON, value=D(250))
    ReferralFactory(colleague=ColleagueFactory(owner=other_user), direction=Direction.GIVEN)
    with django_assert_num_queries(1):
        total = reciprocity_total(owner=owner)
    assert (total.received.count, total.given.count, total.owed_count, total.owed_value) == (2, 1, 1, D(750))


def test_the_network_groups_who_i_owe_who_owes_me_and_who_is_even(owner):
    def colleague(name, given, received):
        c = ColleagueFactory(owner=owner, name=name)
        ReferralFactory.create_batch(given, colleague=c, direction=Direction.GIVEN)
        ReferralFactory.create_batch(received, colleague=c, direction=Direction.RECEIVED)
        return c

    colleague("Ada", 0, 1)
    colleague("Bea", 0, 3)
    colleague("Cy", 2, 0)
    colleague("Dan", 5, 1)
    colleague("Eve", 1, 1)
    ColleagueFactory(owner=owner, name="Fay")  # no exchange: not on the network page

    groups = network_get(owner=owner)
    assert [c.name for c in groups.i_owe] == ["Bea", "Ada"]
    assert [c.name for c in groups.owes_me] == ["Dan", "Cy"]
    assert [c.name for c in groups.even] == ["Eve"]


def test_even_colleagues_are_listed_latest_exchange_first():
    old = Reciprocity(given=Tally(won=1), received=Tally(won=1), last_exchange=date(2025, 1, 1))
    new = Reciprocity(given=Tally(won=1), received=Tally(won=1), last_exchange=date(2026, 1, 1))
    groups = group_by_standing([("old", old), ("new", new)], reciprocity_of=lambda entry: entry[1])
    assert [name for name, _r in groups.even] == ["new", "old"]


def owing(count: int, value: int = 0) -> Reciprocity:
    """A balance where I owe `count` referrals (negative: they owe me) and `value` of won work."""
    received = Tally(won=max(count, 0), won_value=D(max(value, 0)))
    given = Tally(won=max(-count, 0), won_value=D(max(-value, 0)))
    return Reciprocity(given=given, received=received)


START = date(2026, 6, 1)
SKILLS = {1: "web design", 2: "logo", 3: "seo"}


def candidate(name, skills, trusted=True, balance=None, languages=("fr", "en"), busy_until=None):
    return Candidate(
        id=ord(name[0]),
        name=name,
        skill_ids=frozenset(skills),
        languages=frozenset(languages),
        trusted=trusted,
        busy_until=busy_until,
        reciprocity=balance or owing(0),
    )


def rank(candidates, wanted, language=None, start=START, end=None):
    return rank_candidates(
        candidates, {i: SKILLS[i] for i in wanted}, language=language, start=start, end=end or start + timedelta(30)
    )


@pytest.mark.parametrize(
    "candidates, wanted, language, expected",
    [
        ([candidate("A", {1}), candidate("B", {1, 2})], {1, 2}, None, ["B", "A"]),
        ([candidate("A", {3}), candidate("B", {1})], {1, 2}, None, ["B"]),
        ([candidate("A", {1}, balance=owing(1)), candidate("B", {1}, balance=owing(3))], {1}, None, ["B", "A"]),
        ([candidate("A", {1}, balance=owing(-2)), candidate("B", {1})], {1}, None, ["B", "A"]),
        (
            [candidate("A", {1}, balance=owing(1, 100)), candidate("B", {1}, balance=owing(1, 900))],
            {1},
            None,
            ["B", "A"],
        ),
        ([candidate("A", {1, 2}), candidate("B", {1}, balance=owing(5))], {1, 2}, None, ["A", "B"]),
        ([candidate("A", {1}, trusted=False, balance=owing(5)), candidate("B", {1})], {1}, None, ["B", "A"]),
        ([candidate("A", {1, 2}, trusted=False), candidate("B", {1})], {1, 2}, None, ["B", "A"]),
        ([candidate("b", {1}), candidate("A", {1}), candidate("c", {1})], {1}, None, ["A", "b", "c"]),
        ([candidate("A", {1}, busy_until=START), candidate("B", {1})], {1}, None, ["B"]),
        ([candidate("A", {1}, busy_until=START - timedelta(1)), candidate("B", {1})], {1}, None, ["A", "B"]),
        ([candidate("A", {1}, languages={"fr"}), candidate("B", {1}, languages={"en"})], {1}, "en", ["B"]),
        ([candidate("A", {1}, languages={"fr"}), candidate("B", {1}, languages={"en"})], {1}, "fr", ["A"]),
        ([candidate("A", {1}, languages={"fr"}), candidate("B", {1}, languages={"en"})], {1}, None, ["A", "B"]),
        ([candidate("A", set()), candidate("B", {2}, balance=owing(1))], set(), None, []),
        ([], {1}, None, []),
    ],
    ids=[
        "more skills covered first",
        "no wanted skill: left out",
        "the one I owe most first",
        "one who owes me after an even one",
        "same count: more won value first",
        "skill fit before balance",
        "untrusted after trusted even when owed",
        "untrusted after trusted whatever their fit",
        "ties by name",
        "busy on the start date: left out",
        "busy until the day before the start: kept",
        "English client: only those who speak it",
        "French client: only those who speak it",
        "language unknown: everyone",
        "no skill wanted: nobody",
        "nobody",
    ],
)
def test_matching_order(candidates, wanted, language, expected):
    assert [c.name for c in rank(candidates, wanted, language)] == expected


@pytest.mark.parametrize(
    "colleague, wanted, language, why, warning",
    [
        (
            candidate("A", {1, 2}),
            {1, 2},
            None,
            ("Has the skills: logo, web design.", "Free from the start date."),
            "",
        ),
        (
            candidate("A", {2, 3}),
            {1, 2},
            "en",
            ("Has 1 of the 2 skills: logo.", "Speaks English.", "Free from the start date."),
            "",
        ),
        (
            candidate("A", {1}, busy_until=date(2026, 5, 11)),
            {1},
            "fr",
            ("Has the skill: web design.", "Speaks French.", "Free from 12 May 2026, before the start."),
            "",
        ),
        (
            candidate("A", {1}, balance=owing(3)),
            {1},
            None,
            (
                "Has the skill: web design.",
                "Free from the start date.",
                "Sent you 3 more referrals than you sent them: a good moment to return the favour.",
            ),
            "",
        ),
        (
            candidate("A", {1}, balance=owing(1)),
            {1},
            None,
            (
                "Has the skill: web design.",
                "Free from the start date.",
                "Sent you 1 more referral than you sent them: a good moment to return the favour.",
            ),
            "",
        ),
        (
            candidate("A", {1}, trusted=False, balance=owing(3)),
            {1},
            None,
            (
                "Has the skill: web design.",
                "Free from the start date.",
                "Sent you 3 more referrals than you sent them.",
            ),
            "You noted you would not refer to them again.",
        ),
        (
            candidate("A", {1}, balance=owing(-2)),
            {1},
            None,
            (
                "Has the skill: web design.",
                "Free from the start date.",
                "You sent them 2 more referrals than they sent you.",
            ),
            "",
        ),
    ],
    ids=[
        "every skill, named in order",
        "some of the skills, and the language",
        "free from the day after busy_until",
        "I owe a trusted one: return the favour",
        "one referral: singular",
        "I owe an untrusted one: the fact, no nudge, a warning",
        "they owe me",
    ],
)
def test_each_suggestion_says_why(colleague, wanted, language, why, warning):
    with translation.override("en"):
        [suggestion] = rank([colleague], wanted, language)
    assert suggestion.why == why
    assert suggestion.warning == warning


def test_a_suggestion_carries_the_colleague_and_the_balance():
    colleague = Candidate(
        id=7,
        name="Ada",
        skill_ids=frozenset({1}),
        languages=frozenset({"fr"}),
        trusted=False,
        reciprocity=owing(2),
        email="ada@example.net",
        phone="06 12 34 56 78",
    )
    [suggestion] = rank([colleague], {1})
    assert isinstance(suggestion, ColleagueSuggestion)
    assert (suggestion.id, suggestion.name, suggestion.balance, suggestion.trusted) == (7, "Ada", 2, False)
    assert suggestion.contact == "ada@example.net · 06 12 34 56 78"


def test_the_reasons_follow_the_active_language():
    colleague = candidate("A", {1, 2}, busy_until=date(2026, 5, 11), balance=owing(2), trusted=False)
    with translation.override("fr"):
        [suggestion] = rank([colleague], {1, 2}, "fr")
    assert suggestion.why == (
        "Possède les compétences : logo, web design.",
        "Parle français.",
        "Disponible dès le 12 mai 2026, avant le début.",
        "Vous a envoyé 2 recommandations de plus que vous ne lui en avez envoyé.",
    )
    assert suggestion.warning == "Vous avez noté ce confrère comme « à ne plus recommander »."
