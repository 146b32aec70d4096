from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import blacklisted_client_list, client_get, client_list


@require_GET
def client_list_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(client_list(owner=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "clients/client_list.html", {"page": page})


@require_GET
def client_detail_view(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get(owner=request.user, client_id=client_id)
    return render(request, "clients/client_detail.html", {"client": client})


@require_GET
def blacklist_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(blacklisted_client_list(owner=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "clients/blacklist.html", {"page": page})
