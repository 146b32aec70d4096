"""The app's URLconf plus the benchmark's *floor*: the cheapest page Django can serve here behind a login.

The floor renders the base layout (navigation, messages, footer) and runs one query of its own, so each page's
requests per second against the floor's shows how close that page is to Django's own limit on this machine.
The admin's client changelist gets the app's page size, so that the client list is compared page for page.
"""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_GET

from accounts.listing import PAGE_SIZE
from clients.models import Client
from clients.selectors import client_list
from config.urls import urlpatterns as app_urlpatterns

FLOOR_TEMPLATE = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Floor{% endblock %}'
    "{% block content %}<h1>Floor</h1><p>{{ clients }}</p>{% endblock %}"
)


@require_GET
def floor_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(FLOOR_TEMPLATE.render({"clients": client_list(owner=request.user).count()}, request))


admin.site._registry[Client].list_per_page = PAGE_SIZE

urlpatterns = [path("bench/floor/", floor_view, name="bench_floor"), *app_urlpatterns]
