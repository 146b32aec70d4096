"""One search box for clients, requests and colleagues, best matches first, only the owner's rows."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from clients.selectors import client_list
from projects.selectors import incoming_request_list
from referrals.selectors import colleague_list

MIN_LENGTH = 2


@dataclass(frozen=True)
class SearchResults:
    query: str
    clients: list
    requests: list
    colleagues: list

    @property
    def total(self) -> int:
        return len(self.clients) + len(self.requests) + len(self.colleagues)


def _ranked(queryset: QuerySet, query: str, name_field: str, other_fields: list[str], limit: int) -> list:
    """Names that start with the query first, then names containing it, then matches in other fields."""
    matches = Q(**{f"{name_field}__icontains": query})
    for field in other_fields:
        matches |= Q(**{f"{field}__icontains": query})
    rank = Case(
        When(**{f"{name_field}__istartswith": query}, then=Value(0)),
        When(**{f"{name_field}__icontains": query}, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return list(queryset.filter(matches).annotate(rank=rank).order_by("rank", name_field, "pk")[:limit])


def global_search(*, owner, query: str, limit: int = 10) -> SearchResults:
    query = " ".join(query.split())
    if len(query) < MIN_LENGTH:
        return SearchResults(query, [], [], [])
    return SearchResults(
        query=query,
        clients=_ranked(client_list(owner=owner), query, "name", ["company", "email"], limit),
        requests=_ranked(
            incoming_request_list(owner=owner),
            query,
            "title",
            ["client__name", "client__company", "client__email"],
            limit,
        ),
        colleagues=_ranked(colleague_list(owner=owner), query, "name", ["email"], limit),
    )
