"""CSV export of the red flags, every client's, withdrawn and dismissed ones included (they are history)."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.listing import csv_response

from .models import RedFlagKind
from .selectors import red_flag_list


@require_GET
def red_flag_export_view(request: HttpRequest) -> HttpResponse:
    flags = red_flag_list(owner=request.user).order_by("-occurred_on", "-id")
    kind = request.GET.get("kind", "")
    if kind in RedFlagKind.values:
        flags = flags.filter(kind=kind)
    header = [_("Date"), _("Client"), _("Kind"), _("Severity"), _("Status"), _("Note"), _("Reason for withdrawal")]
    rows = (
        [
            flag.occurred_on.isoformat(),
            flag.client.name,
            flag.get_kind_display(),
            flag.get_severity_display(),
            flag.get_status_display(),
            flag.note,
            flag.withdrawal_reason,
        ]
        for flag in flags.iterator(chunk_size=500)
    )
    return csv_response("red-flags.csv", header, rows)
