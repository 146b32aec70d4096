"""A client's file across the whole workspace: the list with unpaid money, the blacklist review, one client's story.

Clients, requests, projects, invoices and referrals each live in their own app; only this layer reads
them all, so the client pages are assembled here.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.selectors import profile_get
from clients.models import BlacklistEvent, Client, RedFlag
from clients.risk import RiskAssessment, assess_risk
from clients.selectors import blacklist_review_list, client_list, client_search, flag_facts
from projects.models import Decision, IncomingRequest, Invoice, Project
from projects.selectors import client_has_overdue_invoice, client_unpaid_amount
from referrals.models import Referral

from .client_timeline import TimelineEntry, client_timeline


def client_list_search(*, owner, overdue: bool = False, today: date | None = None, **filters) -> QuerySet[Client]:
    """The client list (clients.selectors.client_search), each row knowing whether an invoice is overdue."""
    clients = client_search(owner=owner, **filters).annotate(
        has_overdue=client_has_overdue_invoice(today or timezone.localdate())
    )
    return clients.filter(has_overdue=True) if overdue else clients


def blacklist_review_search(*, owner, **filters) -> QuerySet[Client]:
    """The blacklist review (clients.selectors.blacklist_review_list), each row with what the client owes."""
    return blacklist_review_list(owner=owner, **filters).annotate(unpaid_amount=client_unpaid_amount())


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
    currency: str = ""  # the owner's, for the unpaid amount


def client_file_get(*, owner, client_id: int) -> Client:
    """The client of the page, archived or not: one query, and a 404 for another owner's id."""
    return get_object_or_404(client_list(owner=owner, include_archived=True), pk=client_id)


def _overview_prefetches(owner) -> list:
    return [
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
            "red_flags", queryset=RedFlag.objects.owned_by(owner).select_related("incoming", "project", "invoice")
        ),
        Prefetch("referrals", queryset=Referral.objects.owned_by(owner).select_related("colleague")),
        Prefetch("blacklist_events", queryset=BlacklistEvent.objects.owned_by(owner)),
    ]


def client_overview(
    *, owner, client_id: int | None = None, client: Client | None = None, today: date | None = None
) -> ClientOverview:
    """The client's whole file. Given the client already read (client_file_get), its history is read onto it."""
    today = today or timezone.localdate()
    if client is None:
        client = client_file_get(owner=owner, client_id=client_id)
    prefetch_related_objects([client], *_overview_prefetches(owner))
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
        assessment=assess_risk(flag_facts(red_flags), today, blacklisted=client.is_blacklisted),
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
        currency=profile_get(owner=owner).currency,  # read whatever is unpaid: the same queries for every client
    )
