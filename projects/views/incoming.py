from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..selectors import incoming_request_get, incoming_request_list


@require_GET
def incoming_list_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(incoming_request_list(owner=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "projects/incoming_list.html", {"page": page})


@require_GET
def incoming_detail_view(request: HttpRequest, incoming_id: int) -> HttpResponse:
    incoming = incoming_request_get(owner=request.user, incoming_id=incoming_id)
    return render(request, "projects/incoming_detail.html", {"incoming": incoming})
