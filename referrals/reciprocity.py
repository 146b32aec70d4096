"""Who owes whom: the give-and-take with each colleague, and the order in which to suggest them.

Pure rules, no database: the selectors aggregate the referrals into `Tally` rows and hand them here.

The rules:
- every referral is a favour, whatever became of it: a lost lead was still a client sent our way,
  so the *count* balance is received − given over all outcomes;
- the *value* balance only weighs work that was actually won (pending and lost values are guesses);
- a positive balance means I owe the colleague (they sent me more than I sent them).
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

ZERO = Decimal("0")


@dataclass(frozen=True)
class Tally:
    """Referrals in one direction, by outcome: how many, and their known value."""

    pending: int = 0
    won: int = 0
    lost: int = 0
    pending_value: Decimal = ZERO
    won_value: Decimal = ZERO
    lost_value: Decimal = ZERO

    @property
    def count(self) -> int:
        return self.pending + self.won + self.lost

    @property
    def value(self) -> Decimal:
        return self.pending_value + self.won_value + self.lost_value


class Standing(StrEnum):
    I_OWE = "i_owe"
    EVEN = "even"
    OWES_ME = "owes_me"


@dataclass(frozen=True)
class Reciprocity:
    given: Tally = field(default_factory=Tally)
    received: Tally = field(default_factory=Tally)
    last_exchange: date | None = None

    @property
    def owed_count(self) -> int:
        """Positive: they sent me more referrals than I sent them."""
        return self.received.count - self.given.count

    @property
    def owed_value(self) -> Decimal:
        """Positive: the work they brought me and I won is worth more than what I passed them and they won."""
        return self.received.won_value - self.given.won_value

    @property
    def count_gap(self) -> int:
        """How many referrals apart we are, whichever way."""
        return abs(self.owed_count)

    @property
    def standing(self) -> Standing:
        balance = (self.owed_count, self.owed_value)
        if balance > (0, ZERO):
            return Standing.I_OWE
        if balance < (0, ZERO):
            return Standing.OWES_ME
        return Standing.EVEN

    @property
    def exchanged(self) -> bool:
        return self.given.count + self.received.count > 0


def debt_key(reciprocity: Reciprocity) -> tuple[int, Decimal]:
    """Sorts the colleague I owe most first, and the one who owes me most last."""
    return (-reciprocity.owed_count, -reciprocity.owed_value)


@dataclass(frozen=True)
class Candidate:
    """What matching needs to know about one colleague."""

    key: Hashable
    name: str
    skill_ids: frozenset[int]
    trusted: bool
    reciprocity: Reciprocity = field(default_factory=Reciprocity)

    def skill_fit(self, wanted: frozenset[int]) -> int:
        return len(self.skill_ids & wanted)


def rank_candidates(candidates: Iterable[Candidate], wanted_skill_ids: Iterable[int]) -> list[Candidate]:
    """The colleagues to suggest for work needing these skills, best first.

    - a colleague with none of the wanted skills is left out (when no skill is wanted, everyone fits
      equally, and the order falls to the balance);
    - colleagues I would not refer again come last, whatever their fit or balance: they stay visible,
      so the user sees the whole network, but never ahead of a trusted one;
    - then more wanted skills covered first; then the one I owe most (count, then won value);
      then by name, so the order is stable.
    """
    wanted = frozenset(wanted_skill_ids)
    fitting = [c for c in candidates if not wanted or c.skill_fit(wanted)]
    return sorted(
        fitting,
        key=lambda c: (not c.trusted, -c.skill_fit(wanted), *debt_key(c.reciprocity), c.name.casefold(), str(c.key)),
    )


@dataclass(frozen=True)
class NetworkGroups:
    i_owe: list = field(default_factory=list)
    owes_me: list = field(default_factory=list)
    even: list = field(default_factory=list)


def group_by_standing(entries: Iterable, reciprocity_of=lambda entry: entry.reciprocity) -> NetworkGroups:
    """Who I owe (most owed first), who owes me (most owing first), and who is even (latest exchange first)."""
    groups = NetworkGroups()
    for entry in entries:
        reciprocity = reciprocity_of(entry)
        {Standing.I_OWE: groups.i_owe, Standing.OWES_ME: groups.owes_me, Standing.EVEN: groups.even}[
            reciprocity.standing
        ].append(entry)
    groups.i_owe.sort(key=lambda e: debt_key(reciprocity_of(e)))
    groups.owes_me.sort(key=lambda e: debt_key(reciprocity_of(e)), reverse=True)
    groups.even.sort(key=lambda e: reciprocity_of(e).last_exchange or date.min, reverse=True)
    return groups
