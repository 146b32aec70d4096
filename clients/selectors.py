"""Reads of clients, red flags and blacklist history.

Every function takes owner= and returns only that owner's rows.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import get_owned_or_404
from projects.models import Decision, IncomingRequest, Invoice, Project
from referrals.models import Referral

from .csv_io import Existing, ImportRow, check_rows, read_rows
from .models import BlacklistAction, BlacklistEvent, Client, RedFlag, RedFlagStatus, RiskLevel, Tag
from .risk import FlagFact, RiskAssessment, assess_risk
from .timeline import TimelineEntry, client_timeline

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


def _overdue_invoices(today: date) -> QuerySet[Invoice]:
    return Invoice.objects.filter(project__client=OuterRef("pk"), paid_on__isnull=True, due_on__lt=today)


def _unpaid_amount():
    unpaid = (
        Invoice.objects.filter(project__client=OuterRef("pk"), paid_on__isnull=True)
        .values("project__client")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(unpaid), Value(0), output_field=DecimalField(max_digits=14, decimal_places=2))


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
    overdue: bool = False,
    archived: bool = False,
    sort: str = "name",
    today: date | None = None,
) -> QuerySet[Client]:
    """The client list, filtered and sorted, each row knowing its overdue invoices and active flags."""
    today = today or timezone.localdate()
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
        has_overdue=Exists(_overdue_invoices(today)),
        active_flag_count=_active_flag_count(),
        risk_rank=Case(
            When(risk_level=RiskLevel.HIGH, then=Value(2)),
            When(risk_level=RiskLevel.WATCH, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )
    if overdue:
        clients = clients.filter(has_overdue=True)
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
    """Blacklisted clients with the reason and date of their blacklisting, last incident and unpaid amount.

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
            unpaid_amount=_unpaid_amount(),
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


def client_incoming_list(*, owner, client: Client) -> QuerySet[IncomingRequest]:
    return IncomingRequest.objects.owned_by(owner).filter(client=client).order_by("-received_at", "-id")


def client_project_list(*, owner, client: Client) -> QuerySet[Project]:
    return Project.objects.owned_by(owner).filter(client=client).order_by("-start", "-id")


def flag_facts(flags) -> list[FlagFact]:
    """What the risk rule needs from the active flags among these."""
    return [
        FlagFact(kind_label=str(flag.get_kind_display()), severity=flag.severity, occurred_on=flag.occurred_on)
        for flag in flags
        if flag.status == RedFlagStatus.ACTIVE
    ]


def client_risk_assessment(*, owner, client: Client, today: date | None = None) -> RiskAssessment:
    flags = red_flag_list(owner=owner).filter(client=client, status=RedFlagStatus.ACTIVE)
    return assess_risk(flag_facts(flags), today or timezone.localdate())


@dataclass
class ClientOverview:
    """Everything the client page shows, read in a fixed number of queries."""

    client: Client
    requests: list[IncomingRequest]
    projects: list[Project]
    invoices: list[Invoice]
    red_flags: list[RedFlag]
    referrals: list[Referral]
    blacklist_events: list[BlacklistEvent]
    assessment: RiskAssessment
    timeline: list[TimelineEntry] = field(default_factory=list)
    unpaid_amount: object = 0


def client_overview(*, owner, client_id: int, today: date | None = None) -> ClientOverview:
    today = today or timezone.localdate()
    client = get_object_or_404(
        client_list(owner=owner, include_archived=True).prefetch_related(
            "tags",
            Prefetch(
                "requests",
                queryset=IncomingRequest.objects.owned_by(owner).prefetch_related(
                    Prefetch("decisions", queryset=Decision.objects.owned_by(owner).order_by("decided_at", "id"))
                ),
            ),
            Prefetch(
                "projects",
                queryset=Project.objects.owned_by(owner).prefetch_related(
                    Prefetch("invoices", queryset=Invoice.objects.owned_by(owner).order_by("issued_on", "id"))
                ),
            ),
            Prefetch(
                "red_flags",
                queryset=RedFlag.objects.owned_by(owner).select_related("incoming", "project", "invoice"),
            ),
            Prefetch("referrals", queryset=Referral.objects.owned_by(owner).select_related("colleague")),
            Prefetch("blacklist_events", queryset=BlacklistEvent.objects.owned_by(owner)),
        ),
        pk=client_id,
    )
    requests = list(client.requests.all())
    projects = list(client.projects.all())
    invoices = [invoice for project in projects for invoice in project.invoices.all()]
    red_flags = list(client.red_flags.all())
    referrals = list(client.referrals.all())
    events = list(client.blacklist_events.all())
    return ClientOverview(
        client=client,
        requests=requests,
        projects=projects,
        invoices=invoices,
        red_flags=red_flags,
        referrals=referrals,
        blacklist_events=events,
        assessment=assess_risk(flag_facts(red_flags), today),
        timeline=client_timeline(
            client=client,
            requests=requests,
            projects=projects,
            red_flags=red_flags,
            referrals=referrals,
            blacklist_events=events,
            today=today,
        ),
        unpaid_amount=sum((invoice.amount for invoice in invoices if invoice.paid_on is None), 0),
    )


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
