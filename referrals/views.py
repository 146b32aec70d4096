from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import colleague_get, colleague_list


@require_GET
def colleague_list_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(colleague_list(owner=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "referrals/colleague_list.html", {"page": page})


@require_GET
def colleague_detail_view(request: HttpRequest, colleague_id: int) -> HttpResponse:
    colleague = colleague_get(owner=request.user, colleague_id=colleague_id)
    return render(request, "referrals/colleague_detail.html", {"colleague": colleague})
