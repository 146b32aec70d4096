"""Who owes whom: the give-and-take with each colleague, and the order in which to suggest them.

Pure rules, no database: the selectors aggregate the referrals into `Tally` rows and hand them here,
and the colleagues to match a request as `Candidate`s (`rank_candidates`, the refer step of triage).

The rules:
- every referral is a favour, whatever became of it: a lost lead was still a client sent our way,
  so the *count* balance is received − given over all outcomes;
- the *value* balance only weighs work that was actually won (pending and lost values are guesses);
- a positive balance means I owe the colleague (they sent me more than I sent them);
- who owes whom is decided by the count alone: as many referrals each way is even, whatever the work was
  worth, and the value difference is shown beside it (it still orders the suggestions, `debt_key`).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.formatting import date_format

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
    def value_gap(self) -> Decimal:
        """How far apart the work won is worth, whichever way (the sign is in `owed_value`)."""
        return abs(self.owed_value)

    @property
    def standing(self) -> Standing:
        """By the count only: one referral each way is even, never "owes me 0 referrals"."""
        if self.owed_count > 0:
            return Standing.I_OWE
        if self.owed_count < 0:
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

    id: int
    name: str
    skill_ids: frozenset[int]
    languages: frozenset[str]  # "fr", "en"
    trusted: bool = True
    busy_until: date | None = None  # booked up to and including this day
    reciprocity: Reciprocity = field(default_factory=Reciprocity)
    email: str = ""
    phone: str = ""

    def skill_fit(self, wanted: Iterable[int]) -> int:
        return len(self.skill_ids.intersection(wanted))

    def free_on(self, day: date) -> bool:
        return self.busy_until is None or self.busy_until < day


@dataclass(frozen=True)
class ColleagueSuggestion:
    """A colleague to offer at the refer step, with the reasons in words (in the active language)."""

    id: int
    name: str
    email: str
    phone: str
    balance: int  # referrals received − given: > 0 means I owe them
    trusted: bool
    why: tuple[str, ...]
    warning: str = ""  # non-empty only for a colleague I noted I would not refer again

    @property
    def contact(self) -> str:
        return " · ".join(part for part in (self.email, self.phone) if part)


SPEAKS = {"fr": gettext_lazy("Speaks French."), "en": gettext_lazy("Speaks English.")}


def rank_candidates(
    candidates: Iterable[Candidate],
    wanted_skills: Mapping[int, str],
    *,
    language: str | None,
    start: date,
    end: date | None,
) -> list[ColleagueSuggestion]:
    """The colleagues to suggest for a request, best first, each with why (the one rule triage uses as is).

    `wanted_skills` maps the request's skill ids to their names; `language` is the client's ("fr", "en")
    or None; `start` and `end` are the work's first day and deadline.

    Left out:
    - no wanted skill is covered; when no skill is wanted at all, nobody is suggested: with nothing to
      match on, a suggestion would only be a guess;
    - does not speak the client's language (when it is known);
    - busy on the start date (`busy_until` >= `start`). `busy_until` is the one date a colleague gives,
      so free on the first day means free up to `end`: the deadline leaves nobody else out.

    Order: trusted before untrusted (an untrusted colleague stays visible, with a warning, but never
    ahead of a trusted one); then more wanted skills covered; then the one I owe most (`debt_key`);
    then by name, so the order is stable.
    """
    wanted = frozenset(wanted_skills)
    if not wanted:
        return []
    fitting = [
        c for c in candidates if c.skill_fit(wanted) and (not language or language in c.languages) and c.free_on(start)
    ]
    fitting.sort(key=lambda c: (not c.trusted, -c.skill_fit(wanted), *debt_key(c.reciprocity), c.name.casefold(), c.id))
    return [_suggestion(c, wanted_skills, language=language) for c in fitting]


def _suggestion(candidate: Candidate, wanted_skills: Mapping[int, str], *, language: str | None) -> ColleagueSuggestion:
    owed = candidate.reciprocity.owed_count
    why = [_skills_reason(candidate, wanted_skills)]
    if language in SPEAKS:
        why.append(str(SPEAKS[language]))
    if candidate.busy_until is None:
        why.append(_("Free from the start date."))
    else:
        first_free = candidate.busy_until + timedelta(days=1)
        why.append(_("Free from %(date)s, before the start.") % {"date": date_format(first_free, "DATE_FORMAT")})
    if owed > 0 and candidate.trusted:
        why.append(
            ngettext(
                "Sent you %(count)d more referral than you sent them: a good moment to return the favour.",
                "Sent you %(count)d more referrals than you sent them: a good moment to return the favour.",
                owed,
            )
            % {"count": owed}
        )
    elif owed > 0:
        why.append(
            ngettext(
                "Sent you %(count)d more referral than you sent them.",
                "Sent you %(count)d more referrals than you sent them.",
                owed,
            )
            % {"count": owed}
        )
    elif owed < 0:
        why.append(
            ngettext(
                "You sent them %(count)d more referral than they sent you.",
                "You sent them %(count)d more referrals than they sent you.",
                -owed,
            )
            % {"count": -owed}
        )
    return ColleagueSuggestion(
        id=candidate.id,
        name=candidate.name,
        email=candidate.email,
        phone=candidate.phone,
        balance=owed,
        trusted=candidate.trusted,
        why=tuple(why),
        warning="" if candidate.trusted else _("You noted you would not refer to them again."),
    )


def _skills_reason(candidate: Candidate, wanted_skills: Mapping[int, str]) -> str:
    covered = sorted((wanted_skills[i] for i in candidate.skill_ids & wanted_skills.keys()), key=str.casefold)
    names = ", ".join(covered)
    if len(covered) == len(wanted_skills):
        return ngettext("Has the skill: %(skills)s.", "Has the skills: %(skills)s.", len(covered)) % {"skills": names}
    return _("Has %(count)d of the %(total)d skills: %(skills)s.") % {
        "count": len(covered),
        "total": len(wanted_skills),
        "skills": names,
    }


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
