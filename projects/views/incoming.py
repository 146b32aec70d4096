"""The Requests page, logging a request and correcting one still being triaged."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.cache import OnDemand
from accounts.htmx import partial_requested
from accounts.listing import paginate
from clients.matching import client_find_matches
from clients.selectors import client_list

from ..forms.incoming import IncomingEditForm, IncomingRequestForm, RequestFilterForm
from ..models import State
from ..selectors import (
    incoming_request_get,
    incoming_request_search,
    incoming_request_state_counts,
)
from ..services.incoming import incoming_request_create, incoming_request_update

STALE_AFTER = timedelta(hours=24)


@require_GET
def incoming_list_view(request: HttpRequest) -> HttpResponse:
    """The tabs and the rows are a cached fragment (templates/projects/incoming_list.html), read on demand."""
    form = RequestFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    state = filters.get("state") or State.NEW
    requests = incoming_request_search(
        owner=request.user, q=filters.get("q", ""), state=state, channel=filters.get("channel", "")
    )
    counts = OnDemand(lambda: incoming_request_state_counts(owner=request.user))
    context = {
        "form": form,
        "page": OnDemand(lambda: paginate(request, requests)),
        "query": urlencode({k: v for k, v in request.GET.items() if k != "page" and v}),
        "state": state,
        "tabs": OnDemand(lambda: [(s.value, s.label, counts.get(s.value, 0)) for s in State]),
        "stale_hours": STALE_AFTER // timedelta(hours=1),
    }
    template = "projects/incoming_list.html"
    if partial_requested(request):
        template += "#results"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def incoming_create_view(request: HttpRequest) -> HttpResponse:
    form = IncomingRequestForm(request.POST or None, clients=client_list(owner=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            incoming = incoming_request_create(
                owner=request.user,
                client=form.cleaned_data["client"],
                new_client=form.new_client(),
                skill_names=form.cleaned_data["skills"],
                **form.request_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The request is logged: triage it now."))
            return redirect("projects:incoming_detail", incoming_id=incoming.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "projects/incoming_form.html", {"form": form, **_match_context(request)}, status=status)


@require_http_methods(["GET", "POST"])
def incoming_edit_view(request: HttpRequest, incoming_id: int) -> HttpResponse:
    """Correct an open request; back on its triage page, the recommendation is weighed again."""
    incoming = incoming_request_get(owner=request.user, incoming_id=incoming_id)
    if not incoming.is_open:
        if request.method == "POST":
            messages.error(request, _("This request is decided: it can no longer be edited."))
            return redirect("projects:incoming_detail", incoming_id=incoming.pk)
        return render(request, "projects/incoming_edit.html", {"incoming": incoming, "form": None})
    form = IncomingEditForm(request.POST or None, incoming=incoming)
    if request.method == "POST" and form.is_valid():
        try:
            incoming_request_update(
                owner=request.user,
                incoming=incoming,
                skill_names=form.cleaned_data["skills"],
                client_language=form.cleaned_data["client_language"],
                **form.request_fields(),
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Request updated."))
            return redirect("projects:incoming_detail", incoming_id=incoming.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "projects/incoming_edit.html", {"incoming": incoming, "form": form}, status=status)


def _match_context(request: HttpRequest) -> dict:
    data = request.POST if request.method == "POST" else request.GET
    email = data.get("client_email", "").strip()[:254]
    name = data.get("client_name", "").strip()[:200]
    company = data.get("client_company", "").strip()[:200]
    phone = data.get("client_phone", "").strip()[:40]
    if not (email or company or phone):
        return {"match_report": None}
    report = client_find_matches(owner=request.user, name=name, company=company, email=email, phone=phone)
    return {"match_report": report}


@require_GET
def incoming_client_match_view(request: HttpRequest) -> HttpResponse:
    """As the user types a new client's details: "this looks like blacklisted client X"."""
    return render(request, "projects/incoming_form.html#matches", _match_context(request))
