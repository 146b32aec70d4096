"""Reads of clients, red flags and blacklist history.

Every function takes owner= and returns only that owner's rows.
"""

from collections import defaultdict
from datetime import date

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import get_owned_or_404

from .csv_io import Existing, ImportRow, check_rows, read_rows
from .models import BlacklistAction, BlacklistEvent, Client, RedFlag, RedFlagStatus, RiskLevel, Tag
from .risk import FlagFact, RiskAssessment, assess_risk

SORTS = {
    "name": ("name_key", "id"),
    "-name": ("-name_key", "-id"),
    "company": ("company_key", "name_key", "id"),
    "risk": ("-risk_rank", "name_key", "id"),
    "flags": ("-active_flag_count", "name_key", "id"),
    "recent": ("-created_at", "-id"),
}


def tag_list(*, owner) -> QuerySet[Tag]:
    return Tag.objects.owned_by(owner)


def client_list(*, owner, include_archived: bool = False) -> QuerySet[Client]:
    clients = Client.objects.owned_by(owner)
    if not include_archived:
        clients = clients.filter(archived_at__isnull=True)
    return clients


def client_get(*, owner, client_id: int) -> Client:
    """Archived clients stay reachable by their page: their history is kept."""
    return get_owned_or_404(Client.objects.prefetch_related("tags"), owner=owner, pk=client_id)


def _active_flag_count():
    flags = (
        RedFlag.objects.filter(client=OuterRef("pk"), status=RedFlagStatus.ACTIVE)
        .values("client")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(flags), Value(0), output_field=IntegerField())


def client_search(
    *,
    owner,
    q: str = "",
    risk: str = "",
    tag: Tag | None = None,
    blacklisted: bool | None = None,
    archived: bool = False,
    sort: str = "name",
) -> QuerySet[Client]:
    """The client list, filtered and sorted, each row knowing its active flags."""
    clients = Client.objects.owned_by(owner).filter(archived_at__isnull=not archived)
    if q:
        words = q.split()
        for word in words:
            clients = clients.filter(Q(name__icontains=word) | Q(company__icontains=word) | Q(email__icontains=word))
    if risk:
        clients = clients.filter(risk_level=risk)
    if tag is not None:
        clients = clients.filter(tags=tag)
    if blacklisted is not None:
        clients = clients.filter(is_blacklisted=blacklisted)
    clients = clients.annotate(
        active_flag_count=_active_flag_count(),
        risk_rank=Case(
            When(risk_level=RiskLevel.HIGH, then=Value(2)),
            When(risk_level=RiskLevel.WATCH, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )
    return clients.order_by(*SORTS.get(sort, SORTS["name"])).prefetch_related("tags")


def blacklisted_client_list(*, owner) -> QuerySet[Client]:
    return Client.objects.owned_by(owner).filter(is_blacklisted=True)


def blacklist_review_list(
    *,
    owner,
    q: str = "",
    kind: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[Client]:
    """Blacklisted clients with the reason and date of their blacklisting and their last incident.

    The period filters on the date of the blacklisting; the kind keeps clients with an active flag of it.
    """
    latest_added = BlacklistEvent.objects.filter(client=OuterRef("pk"), action=BlacklistAction.ADDED).order_by(
        "-happened_at", "-id"
    )
    last_incident = (
        RedFlag.objects.filter(client=OuterRef("pk"), status=RedFlagStatus.ACTIVE)
        .values("client")
        .annotate(last=Max("occurred_on"))
        .values("last")
    )
    clients = (
        blacklisted_client_list(owner=owner)
        .annotate(
            blacklisted_at=Subquery(latest_added.values("happened_at")[:1]),
            blacklist_reason=Subquery(latest_added.values("reason")[:1]),
            last_incident=Subquery(last_incident),
            active_flag_count=_active_flag_count(),
        )
        .order_by("-blacklisted_at", "name_key", "id")
    )
    if q:
        for word in q.split():
            clients = clients.filter(
                Q(name__icontains=word)
                | Q(company__icontains=word)
                | Q(email__icontains=word)
                | Q(blacklist_reason__icontains=word)
            )
    if kind:
        clients = clients.filter(
            Exists(RedFlag.objects.filter(client=OuterRef("pk"), status=RedFlagStatus.ACTIVE, kind=kind))
        )
    if since:
        clients = clients.filter(blacklisted_at__date__gte=since)
    if until:
        clients = clients.filter(blacklisted_at__date__lte=until)
    return clients


def flag_counts_by_kind(*, owner, client_ids) -> dict[int, dict[str, int]]:
    """Active flags per client and kind, for a page of clients, in one query."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        RedFlag.objects.owned_by(owner)
        .filter(client_id__in=list(client_ids), status=RedFlagStatus.ACTIVE)
        .values_list("client_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for client_id, kind, n in rows:
        counts[client_id][kind] = n
    return counts


def red_flag_list(*, owner) -> QuerySet[RedFlag]:
    return RedFlag.objects.owned_by(owner).select_related("client")


def active_red_flag_list(*, owner) -> QuerySet[RedFlag]:
    return red_flag_list(owner=owner).filter(status=RedFlagStatus.ACTIVE)


def red_flag_get(*, owner, red_flag_id: int) -> RedFlag:
    return get_owned_or_404(red_flag_list(owner=owner), owner=owner, pk=red_flag_id)


def blacklist_event_list(*, owner) -> QuerySet[BlacklistEvent]:
    return BlacklistEvent.objects.owned_by(owner).select_related("client")


def client_blacklist_history(*, owner, client: Client) -> QuerySet[BlacklistEvent]:
    """Oldest first: the story of the blacklisting of one client."""
    return blacklist_event_list(owner=owner).filter(client=client).order_by("happened_at", "id")


def flag_facts(flags) -> list[FlagFact]:
    """What the risk rule needs from the active flags among these."""
    return [
        FlagFact(kind_label=str(flag.get_kind_display()), severity=flag.severity, occurred_on=flag.occurred_on)
        for flag in flags
        if flag.status == RedFlagStatus.ACTIVE
    ]


def client_risk_assessment(*, owner, client: Client, today: date | None = None) -> RiskAssessment:
    flags = red_flag_list(owner=owner).filter(client=client, status=RedFlagStatus.ACTIVE)
    return assess_risk(flag_facts(flags), today or timezone.localdate(), blacklisted=client.is_blacklisted)


def client_import_existing(*, owner) -> Existing:
    """What the owner already has, to flag duplicates in an import (archived clients included)."""
    emails, sirens, names = {}, {}, {}
    for name, email, number, name_key, company_key in client_list(owner=owner, include_archived=True).values_list(
        "name", "email", "company_number", "name_key", "company_key"
    ):
        if email:
            emails.setdefault(email.lower(), name)
        if number:
            sirens.setdefault(number[:9], name)
        names.setdefault((name_key, company_key), name)
    return Existing(emails=emails, sirens=sirens, names=names)


def client_import_preview(*, owner, text: str) -> list[ImportRow]:
    """The rows of a CSV file with their errors and duplicates; raises ImportFileError if unreadable."""
    return check_rows(read_rows(text), client_import_existing(owner=owner))


def client_find_by_email(*, owner, email: str) -> Client | None:
    """The client I already know by this email (archived ones too), the most recent if several."""
    if not email:
        return None
    return client_list(owner=owner, include_archived=True).filter(email__iexact=email).order_by("-created_at").first()
