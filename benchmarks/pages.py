"""Which pages to measure, and with which of a user's objects (the busiest ones, to make it hard)."""

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode

from clients.models import Client
from projects.models import IncomingRequest, Invoice, Project, State, TimeOff
from referrals.models import Colleague, Referral


def busiest_objects(owner) -> dict[str, int]:
    """For each URL keyword, the id of this owner's object with the most history behind it."""

    def first(queryset):
        return queryset.values_list("pk", flat=True).first()

    return {
        "client_id": first(Client.objects.filter(owner=owner).annotate(n=Count("requests")).order_by("-n", "pk")),
        "incoming_id": first(
            # With an estimate, so that the calendar is consulted: the most expensive kind of triage.
            IncomingRequest.objects.filter(owner=owner, state=State.NEW, estimated_hours__isnull=False)
            .annotate(n=Count("client__requests"))
            .order_by("-n", "pk")
        ),
        "project_id": first(Project.objects.filter(owner=owner).annotate(n=Count("invoices")).order_by("-n", "pk")),
        "invoice_id": first(Invoice.objects.filter(owner=owner).order_by("pk")),
        "colleague_id": first(
            Colleague.objects.filter(owner=owner).annotate(n=Count("referrals")).order_by("-n", "pk")
        ),
        "referral_id": first(Referral.objects.filter(owner=owner).order_by("pk")),
        "time_off_id": first(TimeOff.objects.filter(owner=owner).order_by("pk")),
    }


def page_urls(owner, patterns) -> dict[str, str]:
    """name → URL for every GET-able pattern whose ids this owner has."""
    ids = busiest_objects(owner)
    urls = {}
    for name, kwargs in patterns:
        if all(ids.get(k) for k in kwargs):
            urls[name] = reverse(name, kwargs={k: ids[k] for k in kwargs})
    if "search" in urls:  # a search that finds something: the start of the busiest client's name
        name = Client.objects.filter(pk=ids["client_id"]).values_list("name", flat=True).first() or "a"
        urls["search"] += "?" + urlencode({"q": name[:3]})
    return urls


# The main pages of issue #20, in the order of the report's tables.
MAIN_PAGES = [
    "dashboard",
    "projects:incoming_list",
    "projects:incoming_detail",
    "clients:client_list",
    "clients:client_detail",
    "clients:blacklist",
    "projects:calendar",
    "referrals:network",
    "referrals:colleague_list",
    "referrals:colleague_detail",
    "search",
]
