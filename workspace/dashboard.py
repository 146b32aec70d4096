"""The page after login: what needs the freelancer's attention today, each block linking to where to act."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.selectors import profile_get
from clients.models import RedFlagStatus
from clients.selectors import active_red_flag_list, red_flag_list
from projects.capacity import TYPICAL_REQUEST_HOURS, find_fit, weekly_utilisation
from projects.models import DecisionReason, State
from projects.selectors import capacity_calendar_for, decision_list, incoming_request_waiting_list, invoice_list
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


def dashboard_charts(owner, today):
    months = charted_months(today)
    since = timezone.make_aware(datetime.combine(months[0], time.min))
    by_month = _decisions_by_month(owner, since)
    series = [(month, by_month.get(month, {})) for month in months]
    labels = dict(State.choices)
    columns, highest = stacked_columns(
        [(month.strftime("%m/%y"), counts) for month, counts in series], DECISION_CLASSES, labels
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


@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    owner = request.user
    today = timezone.localdate()
    profile = profile_get(owner=owner)
    waiting = incoming_request_waiting_list(owner=owner)
    monday = today - timedelta(days=today.weekday())
    calendar = capacity_calendar_for(owner=owner, start=monday, end=today + timedelta(days=366))
    unpaid = invoice_list(owner=owner).filter(paid_on__isnull=True).order_by("due_on")
    context = {
        "profile": profile,
        "today": today,
        "waiting": waiting[:10],
        "waiting_count": waiting.count(),
        "weeks": weekly_utilisation(calendar, monday, monday + timedelta(weeks=WEEKS_SHOWN) - timedelta(days=1)),
        "typical_hours": TYPICAL_REQUEST_HOURS,
        "typical_fit": find_fit(calendar, TYPICAL_REQUEST_HOURS, today),
        "unpaid_invoices": unpaid[:10],
        "unpaid_count": unpaid.count(),
        "recent_flags": active_red_flag_list(owner=owner).order_by("-occurred_on", "-id")[:8],
        "proposals": red_flag_list(owner=owner).filter(status=RedFlagStatus.PROPOSED).order_by("-occurred_on")[:8],
        "reciprocity": reciprocity_total(owner=owner),
        "i_owe": colleagues_i_owe(owner=owner),
        **dashboard_charts(owner, today),
    }
    return render(request, "workspace/dashboard.html", context)
