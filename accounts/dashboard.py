"""The page after login: what needs the freelancer's attention today."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from clients.selectors import active_red_flag_list
from projects.selectors import incoming_request_waiting_list, invoice_overdue_list


@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    owner = request.user
    waiting = incoming_request_waiting_list(owner=owner)
    context = {
        "waiting": waiting[:10],
        "waiting_count": waiting.count(),
        "overdue_invoices": invoice_overdue_list(owner=owner)[:10],
        "recent_flags": active_red_flag_list(owner=owner).order_by("-occurred_on", "-id")[:10],
    }
    return render(request, "accounts/dashboard.html", context)
