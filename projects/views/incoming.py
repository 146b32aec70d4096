"""The inbox and logging a request."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.listing import paginate
from clients.matching import client_find_matches
from clients.selectors import client_list

from ..forms.incoming import InboxFilterForm, IncomingRequestForm
from ..models import State
from ..selectors import (
    incoming_request_search,
    incoming_request_state_counts,
)
from ..services.incoming import incoming_request_create

STALE_AFTER = timedelta(hours=24)


@require_GET
def incoming_list_view(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    state = filters.get("state") or State.NEW
    page = paginate(
        request,
        incoming_request_search(
            owner=request.user, q=filters.get("q", ""), state=state, channel=filters.get("channel", "")
        ),
    )
    counts = incoming_request_state_counts(owner=request.user)
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    context = {
        "form": form,
        "page": page,
        "query": query,
        "state": state,
        "tabs": [(s.value, s.label, counts.get(s.value, 0)) for s in State],
        "stale_before": timezone.now() - STALE_AFTER,
    }
    template = "projects/incoming_list.html"
    if request.htmx:
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
