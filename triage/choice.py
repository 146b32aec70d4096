"""The decision being prepared on the triage page, and what happens to the reply when it changes.

Pure: the posted values and the recommendation in, the choice out. The rule for the reply is that it is
the user's: a draft nobody touched follows the decision and its figures, an edited one is never replaced
without being asked ("Redraft with the new figures", which can be undone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from projects.models import NEXT_STATES, State

from .decisions import FIELDS_FOR, default_reason, reason_fits
from .rules import Recommendation

REDRAFT, UNDO = "redraft", "undo"


@dataclass(frozen=True)
class Choice:
    to: str = ""
    reason: str = ""
    counter_offer: Decimal | None = None
    proposed_start: date | None = None
    colleague: object | None = None  # anything with id, name, email, phone


def choice_from(rec: Recommendation, state: str, posted: dict, *, colleagues_by_id: dict) -> Choice:
    """What the user picked (posted values that are valid), else what the recommendation says."""
    allowed = NEXT_STATES.get(state, set())
    to = posted.get("to") or (rec.decision if rec.decision in allowed else follow_up_decision(state))
    if not to:
        return Choice()
    recommended = to == rec.decision
    reason = posted.get("reason") or ""
    if not reason_fits(to, reason):
        reason = rec.reason if recommended and reason_fits(to, rec.reason) else default_reason(to)
    fields = FIELDS_FOR[to]
    counter_offer = proposed_start = colleague = None
    if "counter_offer" in fields:
        counter_offer = posted.get("counter_offer", rec.figures.counter_offer)
    if "proposed_start" in fields:
        proposed_start = posted.get("proposed_start") or rec.figures.proposed_start
    if "colleague" in fields:
        colleague = posted.get("colleague")
        if colleague is None:
            suggestion = rec.colleague or next(iter(colleagues_by_id.values()), None)
            colleague = colleagues_by_id.get(getattr(suggestion, "id", None), suggestion)
    return Choice(to, reason, counter_offer, proposed_start, colleague)


@dataclass(frozen=True)
class Reply:
    text: str
    base: str  # the draft the text started from
    previous: str = ""  # the text before a redraft, for undo
    redraft_offered: bool = False  # the figures changed under an edited reply
    undo_offered: bool = False


def reply_after(*, draft: str, posted: str | None, base: str, previous: str = "", action: str = "") -> Reply:
    """The reply to show once the decision or a figure changed and `draft` is the new default text."""
    if posted is None:  # the page's first draft
        return Reply(text=draft, base=draft)
    if action == REDRAFT:
        return Reply(text=draft, base=draft, previous=posted, undo_offered=posted != draft)
    if action == UNDO and previous:
        return Reply(text=previous, base=base, redraft_offered=previous != draft)
    if posted == base:  # untouched: it follows the new figures
        return Reply(text=draft, base=draft)
    return Reply(text=posted, base=base, redraft_offered=posted != draft)


def is_final(state: str) -> bool:
    return state not in NEXT_STATES


def follow_up_decision(state: str) -> str:
    """After a negotiation, the client's answer most often leads to accepting; the user may pick another."""
    return State.ACCEPTED if state == State.NEGOTIATING else ""
