"""CSV exports of the requests (as filtered on the Requests page) and of the invoices."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.listing import csv_response

from ..forms.incoming import RequestFilterForm
from ..models import State
from ..selectors import incoming_request_search, invoice_list_by_status


@require_GET
def incoming_export_view(request: HttpRequest) -> HttpResponse:
    form = RequestFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    requests = incoming_request_search(
        owner=request.user,
        q=filters.get("q", ""),
        state=filters.get("state") or State.NEW,
        channel=filters.get("channel", ""),
    )
    header = [
        _("Received"), _("Title"), _("Client"), _("Email"), _("Channel"), _("State"), _("Estimated hours"),
        _("Budget type"), _("Budget"), _("Currency"), _("Desired start"), _("Deadline"), _("Decided"),
    ]  # fmt: skip
    rows = (
        [
            timezone.localtime(incoming.received_at).isoformat(timespec="minutes"),
            incoming.title,
            incoming.client.name,
            incoming.client.email,
            incoming.get_channel_display(),
            incoming.get_state_display(),
            incoming.estimated_hours,
            incoming.get_budget_kind_display(),
            incoming.budget_amount,
            incoming.currency,
            incoming.desired_start and incoming.desired_start.isoformat(),
            incoming.deadline and incoming.deadline.isoformat(),
            incoming.decided_at and timezone.localtime(incoming.decided_at).isoformat(timespec="minutes"),
        ]
        for incoming in requests.iterator(chunk_size=500)
    )
    return csv_response("requests.csv", header, rows)


@require_GET
def invoice_export_view(request: HttpRequest) -> HttpResponse:
    """Every invoice, or only the unpaid, overdue or paid ones (?status=)."""
    today = timezone.localdate()
    invoices = invoice_list_by_status(owner=request.user, status=request.GET.get("status", ""), today=today)
    header = [_("Number"), _("Client"), _("Project"), _("Amount"), _("Currency"), _("Issued"), _("Due"), _("Paid"),
              _("Days late")]  # fmt: skip
    rows = (
        [
            invoice.number,
            invoice.project.client.name,
            invoice.project.title,
            invoice.amount,
            invoice.currency,
            invoice.issued_on.isoformat(),
            invoice.due_on.isoformat(),
            invoice.paid_on and invoice.paid_on.isoformat(),
            max(0, ((invoice.paid_on or today) - invoice.due_on).days),
        ]
        for invoice in invoices.iterator(chunk_size=500)
    )
    return csv_response("invoices.csv", header, rows)
