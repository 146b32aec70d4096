"""Reads of colleagues and referrals: every function takes owner= and returns only that owner's rows.

The give-and-take with each colleague is aggregated by the database in the same query as the
colleagues (one annotation per direction and outcome), so a page costs the same whatever the history.
"""

from datetime import date
from functools import cache
from types import SimpleNamespace

from django.db.models import Count, DecimalField, Max, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import get_owned_or_404
from projects.models import Skill

from .models import Colleague, Direction, Outcome, Referral
from .reciprocity import (
    Candidate,
    ColleagueSuggestion,
    NetworkGroups,
    Reciprocity,
    Tally,
    group_by_standing,
    rank_candidates,
)

_ZERO = Value(0, output_field=DecimalField(max_digits=14, decimal_places=2))


def _tally_annotations() -> dict:
    annotations = {}
    for direction in Direction.values:
        for outcome in Outcome.values:
            only = Q(referrals__direction=direction, referrals__outcome=outcome)
            annotations[f"{direction}_{outcome}_count"] = Count("referrals", filter=only)
            annotations[f"{direction}_{outcome}_value"] = Coalesce(Sum("referrals__value", filter=only), _ZERO)
    annotations["last_exchange"] = Max("referrals__referred_on")
    return annotations


# The annotation names `reciprocity_of` reads, per direction: computed once, not for every colleague.
_TALLY_FIELDS = {
    direction: [
        *((outcome, f"{direction}_{outcome}_count") for outcome in Outcome.values),
        *((f"{outcome}_value", f"{direction}_{outcome}_value") for outcome in Outcome.values),
    ]
    for direction in Direction.values
}


def reciprocity_of(colleague: Colleague) -> Reciprocity:
    """The balance of a colleague read from `colleague_list_with_reciprocity` annotations."""

    def tally(direction: str) -> Tally:
        return Tally(**{field: getattr(colleague, annotation) for field, annotation in _TALLY_FIELDS[direction]})

    return Reciprocity(
        given=tally(Direction.GIVEN), received=tally(Direction.RECEIVED), last_exchange=colleague.last_exchange
    )


def colleague_list(*, owner) -> QuerySet[Colleague]:
    return Colleague.objects.owned_by(owner)


def colleague_get(*, owner, colleague_id: int) -> Colleague:
    """Another owner's id answers 404, like a missing one: we never confirm it exists."""
    return get_owned_or_404(Colleague, owner=owner, pk=colleague_id)


@cache
def _colleagues_with_tallies() -> QuerySet[Colleague]:
    """Every colleague with the tally annotations, built once per process and narrowed (cloned) per call.

    Resolving a dozen filtered aggregates costs milliseconds of Python on every page that shows a
    balance; the filters added afterwards (owner, search, skill) only touch the colleague's own columns
    or a `pk__in` subquery, so they land in the same WHERE clause as if they had come first.
    """
    return Colleague.objects.annotate(**_tally_annotations())


def colleague_list_with_reciprocity(*, owner, search: str = "", skill_id: int | None = None) -> QuerySet[Colleague]:
    """Colleagues with their skills and their balance (`reciprocity_of`), in two queries."""
    colleagues = _colleagues_with_tallies().owned_by(owner)
    if search:
        colleagues = colleagues.filter(
            Q(name__icontains=search)
            | Q(email__icontains=search)
            | Q(notes__icontains=search)
            | Q(pk__in=Colleague.skills.through.objects.filter(skill__name__icontains=search).values("colleague_id"))
        )
    if skill_id:
        # A subquery rather than a join, so the referral aggregates are not multiplied.
        colleagues = colleagues.filter(
            pk__in=Colleague.skills.through.objects.filter(skill_id=skill_id).values("colleague_id")
        )
    return colleagues.order_by("name", "pk").prefetch_related(
        Prefetch("skills", queryset=Skill.objects.order_by("name"))
    )


def colleague_detail_get(*, owner, colleague_id: int) -> Colleague:
    return get_owned_or_404(colleague_list_with_reciprocity(owner=owner), owner=owner, pk=colleague_id)


def colleague_balance(*, owner, colleague: Colleague) -> Reciprocity:
    """One colleague's give-and-take, from one grouped query (at most six rows); `given.count + received.count`
    is how many referrals we exchanged (the database allows no other direction nor outcome)."""
    return _balances(owner=owner, colleague_ids=[colleague.pk])[colleague.pk]


def reciprocity_total(*, owner) -> Reciprocity:
    """The give-and-take with the whole network, in one query (for the dashboard)."""
    # Grouped by direction and outcome (at most six rows) rather than a dozen filtered aggregates:
    # the same sums, far less for the ORM to build.
    rows = (
        Referral.objects.filter(colleague__owner=owner)
        .values("direction", "outcome")
        .annotate(count=Count("pk"), value=Coalesce(Sum("value"), _ZERO), last=Max("referred_on"))
        .order_by()
    )
    totals = {
        f"{direction}_{outcome}_{kind}": 0 if kind == "count" else _ZERO.value
        for direction in Direction.values
        for outcome in Outcome.values
        for kind in ("count", "value")
    }
    last_exchange = None
    for row in rows:
        totals[f"{row['direction']}_{row['outcome']}_count"] = row["count"]
        totals[f"{row['direction']}_{row['outcome']}_value"] = row["value"]
        last_exchange = max(last_exchange or row["last"], row["last"])
    return reciprocity_of(SimpleNamespace(**totals, last_exchange=last_exchange))


def _matchable(*, owner, wanted: frozenset[int]) -> dict[int, tuple[Colleague, frozenset[int]]]:
    """My colleagues with at least one wanted skill, and which of those skills they have, in one query."""
    links = (
        Colleague.skills.through.objects.filter(skill_id__in=wanted, colleague__owner=owner)
        .select_related("colleague")
        .order_by("colleague_id", "skill_id")
    )
    skills_of: dict[int, set[int]] = {}
    colleagues: dict[int, Colleague] = {}
    for link in links:
        colleagues[link.colleague_id] = link.colleague
        skills_of.setdefault(link.colleague_id, set()).add(link.skill_id)
    return {pk: (colleague, frozenset(skills_of[pk])) for pk, colleague in colleagues.items()}


def _balances(*, owner, colleague_ids) -> dict[int, Reciprocity]:
    """Each colleague's give-and-take, from one grouped query (at most six rows a colleague).

    Cheaper than the dozen filtered aggregates of `colleague_list_with_reciprocity` when only a few
    colleagues are wanted: the database groups, Python only adds the rows up.
    """
    rows = (
        Referral.objects.owned_by(owner)
        .filter(colleague_id__in=colleague_ids)
        .values("colleague_id", "direction", "outcome")
        .annotate(count=Count("pk"), value=Coalesce(Sum("value"), _ZERO), last=Max("referred_on"))
        .order_by()
    )
    tallies = {pk: {direction: {} for direction in Direction.values} for pk in colleague_ids}
    last_exchange: dict[int, date] = {}
    for row in rows:
        tally = tallies[row["colleague_id"]][row["direction"]]
        tally[row["outcome"]] = row["count"]
        tally[f"{row['outcome']}_value"] = row["value"]
        known = last_exchange.get(row["colleague_id"])
        last_exchange[row["colleague_id"]] = max(known or row["last"], row["last"])
    return {
        pk: Reciprocity(
            given=Tally(**by_direction[Direction.GIVEN]),
            received=Tally(**by_direction[Direction.RECEIVED]),
            last_exchange=last_exchange.get(pk),
        )
        for pk, by_direction in tallies.items()
    }


def _ranked(*, owner, skill_ids, language: str | None, start: date, end: date | None) -> list[tuple]:
    """(suggestion, colleague) pairs in the order of `reciprocity.rank_candidates`, in three queries."""
    wanted = dict(Skill.objects.owned_by(owner).filter(pk__in=[int(i) for i in skill_ids]).values_list("pk", "name"))
    if not wanted:
        return []
    matchable = _matchable(owner=owner, wanted=frozenset(wanted))
    balances = _balances(owner=owner, colleague_ids=list(matchable))
    for pk, (colleague, skills) in matchable.items():
        colleague.reciprocity = balances[pk]
        colleague.skill_fit = len(skills)
    candidates = [
        Candidate(
            id=colleague.pk,
            name=colleague.name,
            skill_ids=skills,
            languages=frozenset(colleague.languages),
            trusted=colleague.trusted,
            busy_until=colleague.busy_until,
            reciprocity=colleague.reciprocity,
            email=colleague.email,
            phone=colleague.phone,
        )
        for colleague, skills in matchable.values()
    ]
    suggestions = rank_candidates(candidates, wanted, language=language, start=start, end=end)
    return [(suggestion, matchable[suggestion.id][0]) for suggestion in suggestions]


def colleague_suggestions(
    *, owner, skill_ids, language: str | None, start: date, end: date | None
) -> list[ColleagueSuggestion]:
    """The colleagues to offer at the refer step, best first, each saying why (`reciprocity.rank_candidates`).

    Three queries whatever the size of the network and its history: the wanted skills' names, the
    colleagues who have one with those skills, their balances. A skill id that is not the owner's is ignored.
    """
    return [
        suggestion
        for suggestion, _colleague in _ranked(owner=owner, skill_ids=skill_ids, language=language, start=start, end=end)
    ]


def colleague_match(*, owner, skill_ids, language: str | None = None, on_date: date | None = None) -> list[Colleague]:
    """The colleagues of `colleague_suggestions`, in its order, as model rows (for callers that need them).

    Without `on_date`, today: a colleague busy now is not offered. Each colleague returned carries
    `skill_fit` (how many wanted skills they cover), `reciprocity` (their balance with me) and
    `suggestion` (the `ColleagueSuggestion`, with why in words).
    """
    wanted = {int(i) for i in skill_ids}
    start = on_date or timezone.localdate()
    ranked = []
    for suggestion, colleague in _ranked(owner=owner, skill_ids=wanted, language=language, start=start, end=None):
        colleague.suggestion = suggestion
        ranked.append(colleague)
    return ranked


def colleagues_i_owe(*, owner, limit: int = 5) -> list[Colleague]:
    """The colleagues I owe most (the `Standing.I_OWE` rule, computed by the database), for the dashboard.

    Each carries `owed_count`: how many more referrals they sent me than I sent them.
    """
    received, given = Q(referrals__direction=Direction.RECEIVED), Q(referrals__direction=Direction.GIVEN)
    won = Q(referrals__outcome=Outcome.WON)
    owed = colleague_list(owner=owner).annotate(
        owed_count=Count("referrals", filter=received) - Count("referrals", filter=given),
        owed_value=Coalesce(Sum("referrals__value", filter=received & won), _ZERO)
        - Coalesce(Sum("referrals__value", filter=given & won), _ZERO),
    )
    return list(owed.filter(owed_count__gt=0).order_by("-owed_count", "-owed_value", "name")[:limit])


def network_get(*, owner) -> NetworkGroups:
    """Every colleague I exchanged referrals with, grouped by who owes whom; each carries `reciprocity`.

    One query: only the colleagues with a referral (the others are not on the network), only the
    columns the page shows, no skills.
    """
    exchanged = Referral.objects.owned_by(owner).values("colleague_id")
    colleagues = (
        _colleagues_with_tallies().owned_by(owner).filter(pk__in=exchanged).only("pk", "name").order_by("name", "pk")
    )
    entries = []
    for colleague in colleagues:
        colleague.reciprocity = reciprocity_of(colleague)
        if colleague.reciprocity.exchanged:
            entries.append(colleague)
    return group_by_standing(entries)


def referral_list(
    *, owner, colleague: Colleague | None = None, direction: str = "", outcome: str = ""
) -> QuerySet[Referral]:
    referrals = Referral.objects.owned_by(owner).select_related("colleague", "client", "incoming")
    if colleague is not None:
        referrals = referrals.filter(colleague=colleague)
    if direction:
        referrals = referrals.filter(direction=direction)
    if outcome:
        referrals = referrals.filter(outcome=outcome)
    return referrals


def referral_get(*, owner, referral_id: int) -> Referral:
    return get_owned_or_404(referral_list(owner=owner), owner=owner, pk=referral_id)


def referral_awaiting_thanks_list(*, owner) -> QuerySet[Referral]:
    """Referrals received that brought work and were not thanked for yet (the reminders of #7 read this)."""
    return referral_list(owner=owner, direction=Direction.RECEIVED, outcome=Outcome.WON).filter(thanked_on__isnull=True)
