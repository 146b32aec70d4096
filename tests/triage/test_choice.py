"""The decision being prepared: what the user picked wins over the recommendation, and an edited reply is theirs."""

from datetime import date
from decimal import Decimal

import pytest

from projects.models import DecisionReason, State
from triage.choice import REDRAFT, UNDO, Choice, choice_from, reply_after
from triage.rules import Figures, Recommendation

NEGOTIATE = Recommendation(
    State.NEGOTIATING,
    DecisionReason.RATE_BELOW_MINIMUM,
    figures=Figures(counter_offer=Decimal(1650), proposed_start=date(2027, 2, 1)),
)


def test_the_recommendation_prefills_the_decision_its_reason_and_figures():
    assert choice_from(NEGOTIATE, State.NEW, {}, colleagues_by_id={}) == Choice(
        State.NEGOTIATING, DecisionReason.RATE_BELOW_MINIMUM, Decimal(1650), date(2027, 2, 1), None
    )


def test_switching_to_negotiate_brings_the_computed_counter_offer_and_a_fitting_reason():
    accept = Recommendation(State.ACCEPTED, DecisionReason.FITS, figures=Figures(counter_offer=None))
    choice = choice_from(
        accept, State.NEW, {"to": State.NEGOTIATING, "reason": DecisionReason.OUTSIDE_SKILLS}, colleagues_by_id={}
    )
    assert choice.reason == DecisionReason.MISSING_DETAILS  # "Outside my skills" is no reason to negotiate
    choice = choice_from(NEGOTIATE, State.NEW, {"to": State.NEGOTIATING}, colleagues_by_id={})
    assert choice.counter_offer == Decimal(1650)


def test_a_counter_offer_the_user_cleared_stays_cleared():
    choice = choice_from(NEGOTIATE, State.NEW, {"to": State.NEGOTIATING, "counter_offer": None}, colleagues_by_id={})
    assert choice.counter_offer is None


def test_a_decision_only_carries_its_own_fields():
    choice = choice_from(NEGOTIATE, State.NEW, {"to": State.DECLINED}, colleagues_by_id={})
    assert (choice.counter_offer, choice.proposed_start, choice.colleague) == (None, None, None)


def test_after_a_negotiation_the_next_step_defaults_to_accepting():
    assert choice_from(NEGOTIATE, State.NEGOTIATING, {}, colleagues_by_id={}).to == State.ACCEPTED


@pytest.mark.parametrize(
    "posted, base, previous, action, expected",
    [
        (None, "", "", "", ("new", "new", "", False, False)),  # first draft
        ("old", "old", "", "", ("new", "new", "", False, False)),  # untouched: follows the figures
        ("mine", "old", "", "", ("mine", "old", "", True, False)),  # edited: kept, a redraft offered
        ("mine", "old", "", REDRAFT, ("new", "new", "mine", False, True)),  # redrafted on request, undo offered
        ("new", "new", "mine", UNDO, ("mine", "new", "", True, False)),  # undone: the edit is back
        ("new", "new", "", "", ("new", "new", "", False, False)),  # edited to exactly the new draft
    ],
    ids=["first", "untouched", "edited", "redraft", "undo", "same"],
)
def test_an_edited_reply_is_never_replaced_unasked(posted, base, previous, action, expected):
    reply = reply_after(draft="new", posted=posted, base=base, previous=previous, action=action)
    assert (reply.text, reply.base, reply.previous, reply.redraft_offered, reply.undo_offered) == expected
