"""The client pages that read every app: the client list, one client's file, the blacklist review, and their CSV.

config/urls.py serves them in the "clients" namespace, beside the clients app's own pages.

The three pages are cached fragments of the owner's pages (accounts/cache.py): what they show is computed
on demand (OnDemand), so a page served from the cache reads only what the fragments' keys need — the
query string of a list, the client itself on its page (read first: another owner's id is a 404 before
any fragment is looked up). Forms that POST keep their CSRF token outside the fragments.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.cache import OnDemand
from accounts.htmx import partial_requested
from accounts.listing import csv_response, paginate, query_without_page
from accounts.selectors import profile_get
from accounts.widgets import with_plain_selects
from clients.csv_io import HEADER, export_row
from clients.forms import BlacklistFilterForm, ClientFilterForm, RedFlagForm
from clients.models import RedFlagKind
from clients.selectors import flag_counts_by_kind

from .client_file import blacklist_review_search, client_file_get, client_list_search, client_overview


def _list_context(request: HttpRequest, filters, page) -> dict:
    """A list page's context: the filter form and the page of rows are read on demand; the fragments are keyed
    by the whole query string (the filters and the page number), `query` keeps the filters in its links."""
    return {
        "filters": filters,
        "page": page,
        "query": query_without_page(request),
        "fragment_args": request.GET.urlencode(),
    }


@require_GET
def client_list_view(request: HttpRequest) -> HttpResponse:
    owner = request.user
    filters = OnDemand(lambda: with_plain_selects(ClientFilterForm(request.GET or None, owner=owner)))
    page = OnDemand(lambda: paginate(request, client_list_search(owner=owner, **filters.search_kwargs())))
    template = "workspace/client_list.html"
    if partial_requested(request):
        template += "#results"
    response = render(request, template, _list_context(request, filters, page))
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
    """The client's file. The history shows its latest TIMELINE_SHOWN entries, with a link to all of them.

    Only the client is read at once (its page's title and the buttons that POST); the rest is on demand."""
    owner = request.user
    client = client_file_get(owner=owner, client_id=client_id)
    overview = OnDemand(lambda: client_overview(owner=owner, client=client))
    whole_history = request.GET.get("history") == "all"
    context = {
        "overview": overview,
        "client": client,
        "whole_history": whole_history,
        "timeline": OnDemand(lambda: overview.timeline if whole_history else overview.timeline[:TIMELINE_SHOWN]),
        "flag_form": OnDemand(
            lambda: with_plain_selects(
                RedFlagForm(
                    owner=owner,
                    client=client,
                    requests=overview.requests,
                    projects=overview.projects,
                    initial={"occurred_on": timezone.localdate()},
                )
            )
        ),
    }
    return render(request, "workspace/client_detail.html", context)


def _blacklist_page(request: HttpRequest, filters):
    """A page of the blacklist review, each client with its active flags counted by kind."""
    owner = request.user
    page = paginate(request, blacklist_review_search(owner=owner, **filters.search_kwargs()))
    counts = flag_counts_by_kind(owner=owner, client_ids=[client.pk for client in page])
    kinds = dict(RedFlagKind.choices)
    for client in page:
        client.flag_counts = [(kinds[kind], n) for kind, n in sorted(counts.get(client.pk, {}).items())]
    return page


@require_GET
def blacklist_view(request: HttpRequest) -> HttpResponse:
    filters = OnDemand(lambda: BlacklistFilterForm(request.GET or None))
    context = {
        **_list_context(request, filters, OnDemand(lambda: _blacklist_page(request, filters))),
        "currency": OnDemand(lambda: profile_get(owner=request.user).currency),
    }
    template = "workspace/blacklist.html"
    if partial_requested(request):
        template += "#results"
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
