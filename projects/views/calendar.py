"""The capacity calendar: month and week views, heat-map, find a slot, time off and the iCalendar feed."""

import calendar as month_calendar
from dataclasses import replace
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.cache import OnDemand
from accounts.htmx import partial_requested
from accounts.listing import paginate
from accounts.selectors import profile_get

from .. import capacity
from ..forms.calendar import FindSlotForm, TimeOffForm
from ..ics import calendar_ics
from ..selectors import (
    booking_list,
    capacity_calendar_for,
    capacity_calendar_from,
    capacity_rows_for,
    profile_for_calendar_token,
    time_off_get,
    time_off_list,
)
from ..services.calendar import calendar_token_regenerate, time_off_create, time_off_delete, time_off_update
from .calendar_rows import heat_cells, week_rows

HEATMAP_DAYS = 183  # the next six months
MONTH_LANES = 3  # a month's week row stays short: the rest is "+N more"
WEEK_LANES = 10  # the week view shows more, still bounded (calendar.css draws ten lanes)
FEED_HISTORY_DAYS = 366  # the feed keeps a year of the past
MAX_NAVIGATION_DAYS = 50 * 366


def _anchor(request: HttpRequest) -> date:
    """The day the view is about; today when missing, unreadable or absurdly far away."""
    today = timezone.localdate()
    try:
        anchor = date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return today
    return anchor if abs((anchor - today).days) <= MAX_NAVIGATION_DAYS else today


def _grid(view: str, anchor: date) -> tuple[date, date, date, date, date, date]:
    """(first shown, last shown, first of the period, last of the period, previous anchor, next anchor)."""
    if view == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        sunday = monday + timedelta(days=6)
        return monday, sunday, monday, sunday, monday - timedelta(days=7), monday + timedelta(days=7)
    first = anchor.replace(day=1)
    last = first.replace(day=month_calendar.monthrange(first.year, first.month)[1])
    previous = (first - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    shown_first = first - timedelta(days=first.weekday())
    shown_last = last + timedelta(days=6 - last.weekday())
    return shown_first, shown_last, first, last, previous, following


def _heatmap(cal: capacity.Calendar, today: date) -> list[capacity.WeekLoad]:
    heatmap = capacity.weekly_utilisation(cal, today, today + timedelta(days=HEATMAP_DAYS))
    # This week's free hours count from today, as "could start on" does: the first week with free hours
    # is the week that date falls in, never an earlier one.
    heatmap[0] = replace(heatmap[0], free=capacity.free_hours(cal, today, heatmap[0].sunday))
    return heatmap


@require_GET
@vary_on_headers("HX-Request")
def calendar_view(request: HttpRequest) -> HttpResponse:
    """The grid and the load card are cached fragments (templates/projects/calendar.html): what they show is
    computed on demand, so that a page served from the cache reads no booking at all, and a fragment computed
    afresh reads its rows (the profile too) after the owner's cache version, never before."""
    today = timezone.localdate()
    view = "week" if request.GET.get("view") == "week" else "month"
    anchor = _anchor(request)
    shown_first, shown_last, first, last, previous, following = _grid(view, anchor)
    horizon_end = today + timedelta(days=capacity.HORIZON_DAYS)
    profile = OnDemand(lambda: profile_get(owner=request.user))
    rows = OnDemand(
        lambda: capacity_rows_for(owner=request.user, start=min(shown_first, today), end=max(shown_last, horizon_end))
    )
    cal = OnDemand(lambda: capacity_calendar_from(profile(), *rows()))
    lanes = WEEK_LANES if view == "week" else MONTH_LANES
    context = {
        "view": view,
        "calendar_url": reverse("projects:calendar"),
        "first": first,
        "last": last,
        "previous": previous,
        "following": following,
        "today": today,
        "weeks": OnDemand(lambda: week_rows(cal(), *rows(), (first, last), (shown_first, shown_last), lanes)),
        "weekday_names": [WEEKDAYS_ABBR[n] for n in range(7)],
    }
    if partial_requested(request):
        return render(request, "projects/calendar.html#grid", context)
    typical = capacity.TYPICAL_REQUEST_HOURS
    context.update(
        {
            "heatmap": (heatmap := OnDemand(lambda: _heatmap(cal(), today))),
            "heat_cells": OnDemand(lambda: heat_cells(heatmap())),
            "typical_hours": typical,
            "fit": OnDemand(lambda: capacity.find_fit(cal(), typical, today)),
            "fit_with_holds": OnDemand(lambda: capacity.find_fit(cal(), typical, today, include_tentative=True)),
            "slot_form": FindSlotForm(initial={"hours": typical, "earliest": today}),
            "feed_url": OnDemand(
                lambda: request.build_absolute_uri(reverse("projects:calendar_feed", args=[profile().calendar_token]))
            ),
        }
    )
    return render(request, "projects/calendar.html", context)


@require_GET
@vary_on_headers("HX-Request")
def calendar_slot_view(request: HttpRequest) -> HttpResponse:
    """The first date from which N hours fit, between an earliest start and an optional deadline."""
    form = FindSlotForm(request.GET or None)
    fit = None
    if form.is_valid():
        earliest, deadline = form.cleaned_data["earliest"], form.cleaned_data["deadline"]
        last = deadline or earliest + timedelta(days=capacity.HORIZON_DAYS)
        cal = capacity_calendar_for(owner=request.user, start=earliest, end=last)
        fit = capacity.find_fit(
            cal,
            form.cleaned_data["hours"],
            earliest,
            deadline,
            include_tentative=form.cleaned_data["include_holds"],
        )
    template = "projects/calendar_slot.html"
    if partial_requested(request):
        template += "#slot"
    return render(request, template, {"slot_form": form, "fit": fit, "horizon_days": capacity.HORIZON_DAYS})


# --- Time off ------------------------------------------------------------------------------------


@require_GET
def time_off_list_view(request: HttpRequest) -> HttpResponse:
    periods = time_off_list(owner=request.user).order_by("-start", "-id")
    return render(request, "projects/time_off_list.html", {"page": paginate(request, periods)})


@require_http_methods(["GET", "POST"])
def time_off_create_view(request: HttpRequest) -> HttpResponse:
    form = TimeOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        time_off_create(owner=request.user, **form.cleaned_data)
        messages.success(request, _("Time off added: your free hours leave it out."))
        return redirect("projects:time_off_list")
    return render(request, "projects/time_off_form.html", {"form": form, "time_off": None})


@require_http_methods(["GET", "POST"])
def time_off_edit_view(request: HttpRequest, time_off_id: int) -> HttpResponse:
    time_off = time_off_get(owner=request.user, time_off_id=time_off_id)
    form = TimeOffForm(request.POST or None, instance=time_off)
    if request.method == "POST" and form.is_valid():
        time_off_update(time_off=time_off, **form.cleaned_data)
        messages.success(request, _("Time off saved."))
        return redirect("projects:time_off_list")
    return render(request, "projects/time_off_form.html", {"form": form, "time_off": time_off})


@require_POST
def time_off_delete_view(request: HttpRequest, time_off_id: int) -> HttpResponse:
    time_off_delete(time_off=time_off_get(owner=request.user, time_off_id=time_off_id))
    messages.success(request, _("Time off removed."))
    return redirect("projects:time_off_list")


# --- The iCalendar feed --------------------------------------------------------------------------


def ics_response(content: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_not_required
@require_GET
def calendar_feed_view(request: HttpRequest, token: str) -> HttpResponse:
    """The secret per-user feed, for a calendar app: no login, the token is the key; a deactivated user's, none."""
    profile = profile_for_calendar_token(token=token)
    owner = profile.user
    if not owner.is_active:
        raise Http404
    since = timezone.localdate() - timedelta(days=FEED_HISTORY_DAYS)
    bookings = booking_list(owner=owner).filter(end__gte=since).select_related("project", "incoming")
    time_off = time_off_list(owner=owner).filter(end__gte=since)
    with translation.override(profile.language):
        content = calendar_ics(name=_("Tact: bookings and time off"), bookings=bookings, time_off=time_off)
    response = ics_response(content, "tact.ics", attachment=False)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_POST
def calendar_token_regenerate_view(request: HttpRequest) -> HttpResponse:
    calendar_token_regenerate(profile=profile_get(owner=request.user))
    messages.success(request, _("Your calendar feed has a new address; the old one no longer works."))
    return redirect("projects:calendar")
