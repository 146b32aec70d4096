from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def calendar_view(request: HttpRequest) -> HttpResponse:
    return render(request, "projects/calendar.html", {})
