"""The page after login: what needs the freelancer's attention today, each block linking to where to act."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.cache import OnDemand, on_demand, owner_cached
from accounts.formatting import month_short
from clients.models import RedFlagStatus
from clients.selectors import active_red_flag_list, red_flag_list
from projects.capacity import TYPICAL_REQUEST_HOURS, find_fit, weekly_utilisation
from projects.models import DecisionReason, State
from projects.selectors import (
    capacity_calendar_for,
    decision_list,
    incoming_request_answered_list,
    incoming_request_waiting_list,
    invoice_list,
)
from referrals.selectors import colleagues_i_owe, reciprocity_total

from .charts import horizontal_bars, percent, stacked_columns

WEEKS_SHOWN = 6
MONTHS_CHARTED = 12
DECISION_CLASSES = {
    State.ACCEPTED: "chart-accepted",
    State.NEGOTIATING: "chart-negotiating",
    State.REFERRED: "chart-referred",
    State.DECLINED: "chart-declined",
    State.IGNORED: "chart-ignored",
}


def _decisions_by_month(owner, since):
    rows = (
        decision_list(owner=owner)
        .filter(decided_at__gte=since)
        .annotate(month=TruncMonth("decided_at"))
        .values("month", "to_state")
        .annotate(count=Count("id"))
        .order_by()
    )
    months = {}
    for row in rows:
        months.setdefault(row["month"].date().replace(day=1), {})[row["to_state"]] = row["count"]
    return months


def charted_months(today: date) -> list[date]:
    """The first day of each of the last MONTHS_CHARTED months, oldest first, this month last."""
    current = today.year * 12 + today.month - 1
    return [date(index // 12, index % 12 + 1, 1) for index in range(current - MONTHS_CHARTED + 1, current + 1)]


CHART_NAMES = (
    "decision_columns",
    "decision_highest",
    "decision_legend",
    "reason_bars",
    "acceptance_rate",
    "first_decisions",
)


def dashboard_charts(owner, today):
    months = charted_months(today)
    since = timezone.make_aware(datetime.combine(months[0], time.min))
    by_month = _decisions_by_month(owner, since)
    series = [(month, by_month.get(month, {})) for month in months]
    labels = dict(State.choices)
    columns, highest = stacked_columns(
        [(month_short(month), counts) for month, counts in series], DECISION_CLASSES, labels
    )
    by_reason = dict(
        decision_list(owner=owner)
        .filter(decided_at__gte=since, from_state=State.NEW)
        .values_list("reason")
        .annotate(count=Count("id"))
        .order_by()
    )
    first_decisions = sum(by_reason.values())
    accepted = sum(counts.get(State.ACCEPTED, 0) for _month, counts in series)
    return {
        "decision_columns": columns,
        "decision_highest": highest,
        "decision_legend": [(labels[state], css) for state, css in DECISION_CLASSES.items()],
        "reason_bars": horizontal_bars([(label, by_reason.get(value, 0)) for value, label in DecisionReason.choices]),
        "acceptance_rate": percent(accepted, first_decisions),
        "first_decisions": first_decisions,
    }


def _coming_weeks(owner, today: date) -> dict:
    monday = today - timedelta(days=today.weekday())
    calendar = capacity_calendar_for(owner=owner, start=monday, end=today + timedelta(days=366))
    return {
        "weeks": weekly_utilisation(calendar, monday, monday + timedelta(weeks=WEEKS_SHOWN) - timedelta(days=1)),
        "typical_fit": find_fit(calendar, TYPICAL_REQUEST_HOURS, today),
    }


def _requests_to_answer(owner) -> dict:
    """The rows of the requests waiting and of those whose client answered, with only what the page shows:
    cached as data, since the page says how long ago each arrived at the time it is read."""
    waiting = incoming_request_waiting_list(owner=owner)
    answered = incoming_request_answered_list(owner=owner)
    return {
        "waiting": list(waiting.only("title", "received_at", "client__name")[:10]),
        "waiting_count": waiting.count(),
        "answered": list(answered.only("title", "client_answered_at", "client__name")[:10]),
    }


@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The requests to answer are cached rows; everything below them is a cached fragment
    (templates/workspace/dashboard.html), computed on demand: a page served from the cache runs no query."""
    owner = request.user
    today = timezone.localdate()
    unpaid = invoice_list(owner=owner).filter(paid_on__isnull=True).order_by("due_on")
    context = {
        "today": today,
        **owner_cached(request, "dashboard-requests", (), lambda: _requests_to_answer(owner)),
        **on_demand(("weeks", "typical_fit"), lambda: _coming_weeks(owner, today)),
        "typical_hours": TYPICAL_REQUEST_HOURS,
        "unpaid_invoices": unpaid[:10],
        "unpaid_count": OnDemand(unpaid.count),
        "recent_flags": active_red_flag_list(owner=owner).order_by("-occurred_on", "-id")[:8],
        "proposals": red_flag_list(owner=owner).filter(status=RedFlagStatus.PROPOSED).order_by("-occurred_on")[:8],
        "reciprocity": OnDemand(lambda: reciprocity_total(owner=owner)),
        "i_owe": OnDemand(lambda: colleagues_i_owe(owner=owner)),
        **on_demand(CHART_NAMES, lambda: dashboard_charts(owner, today)),
    }
    return render(request, "workspace/dashboard.html", context)
