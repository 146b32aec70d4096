"""The client pages that read every app: the client list, one client's file, the blacklist review, and their CSV.

config/urls.py serves them in the "clients" namespace, beside the clients app's own pages.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.htmx import partial_requested
from accounts.listing import csv_response, paginate, query_without_page
from accounts.selectors import profile_get
from accounts.widgets import with_plain_selects
from clients.csv_io import HEADER, export_row
from clients.forms import BlacklistFilterForm, ClientFilterForm, RedFlagForm
from clients.models import RedFlagKind
from clients.selectors import flag_counts_by_kind

from .client_file import blacklist_review_search, client_list_search, client_overview


@require_GET
def client_list_view(request: HttpRequest) -> HttpResponse:
    filters = with_plain_selects(ClientFilterForm(request.GET or None, owner=request.user))
    clients = client_list_search(owner=request.user, **filters.search_kwargs())
    template = "workspace/client_list.html"
    if partial_requested(request):
        template += "#results"
    context = {"filters": filters, "page": paginate(request, clients), "query": query_without_page(request)}
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


@require_GET
def client_export_view(request: HttpRequest) -> HttpResponse:
    filters = ClientFilterForm(request.GET or None, owner=request.user)
    clients = client_list_search(owner=request.user, **filters.search_kwargs())
    rows = (export_row(client) for client in clients.iterator(chunk_size=500))
    return csv_response(f"clients-{timezone.localdate():%Y-%m-%d}.csv", HEADER, rows)


TIMELINE_SHOWN = 30


@require_GET
def client_detail_view(request: HttpRequest, client_id: int) -> HttpResponse:
    """The client's file. The history shows its latest TIMELINE_SHOWN entries, with a link to all of them."""
    overview = client_overview(owner=request.user, client_id=client_id)
    whole_history = request.GET.get("history") == "all"
    context = {
        "overview": overview,
        "client": overview.client,
        "timeline": overview.timeline if whole_history else overview.timeline[:TIMELINE_SHOWN],
        "currency": profile_get(owner=request.user).currency,
        "flag_form": with_plain_selects(
            RedFlagForm(
                owner=request.user,
                client=overview.client,
                requests=overview.requests,
                projects=overview.projects,
                initial={"occurred_on": timezone.localdate()},
            )
        ),
    }
    return render(request, "workspace/client_detail.html", context)


@require_GET
def blacklist_view(request: HttpRequest) -> HttpResponse:
    filters = BlacklistFilterForm(request.GET or None)
    page = paginate(request, blacklist_review_search(owner=request.user, **filters.search_kwargs()))
    counts = flag_counts_by_kind(owner=request.user, client_ids=[client.pk for client in page])
    kinds = dict(RedFlagKind.choices)
    for client in page:
        client.flag_counts = [(kinds[kind], n) for kind, n in sorted(counts.get(client.pk, {}).items())]
    template = "workspace/blacklist.html"
    if partial_requested(request):
        template += "#results"
    context = {
        "filters": filters,
        "page": page,
        "query": query_without_page(request),
        "currency": profile_get(owner=request.user).currency,
    }
    response = render(request, template, context)
    response["Vary"] = "HX-Request"
    return response


@require_GET
def blacklist_export_view(request: HttpRequest) -> HttpResponse:
    filters = BlacklistFilterForm(request.GET or None)
    clients = list(blacklist_review_search(owner=request.user, **filters.search_kwargs()))
    counts = flag_counts_by_kind(owner=request.user, client_ids=[client.pk for client in clients])
    header = [
        "name",
        "company",
        "email",
        "blacklisted_at",
        "reason",
        *(f"flags_{kind}" for kind in RedFlagKind.values),
        "last_incident",
        "unpaid_amount",
    ]
    rows = (
        [
            client.name,
            client.company,
            client.email,
            timezone.localtime(client.blacklisted_at).date().isoformat() if client.blacklisted_at else "",
            client.blacklist_reason or "",
            *(counts.get(client.pk, {}).get(kind, 0) for kind in RedFlagKind.values),
            client.last_incident.isoformat() if client.last_incident else "",
            f"{client.unpaid_amount or 0:.2f}",
        ]
        for client in clients
    )
    return csv_response(f"blacklist-{timezone.localdate():%Y-%m-%d}.csv", header, rows)
