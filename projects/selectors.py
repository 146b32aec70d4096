"""Reads of requests, projects, invoices and capacity.

Every function takes owner= and returns only that owner's rows.
"""

from datetime import date

from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import Profile, get_owned_or_404
from accounts.selectors import profile_get

from .capacity import BookedSpan, Calendar, Period, WorkingWeek
from .models import OPEN_STATES, Booking, Decision, IncomingRequest, Invoice, Project, Skill, State, TimeOff


def skill_list(*, owner) -> QuerySet[Skill]:
    return Skill.objects.owned_by(owner)


def incoming_request_list(*, owner) -> QuerySet[IncomingRequest]:
    return IncomingRequest.objects.owned_by(owner).select_related("client")


def incoming_request_waiting_list(*, owner) -> QuerySet[IncomingRequest]:
    """Requests waiting for a decision, oldest first."""
    return incoming_request_list(owner=owner).filter(state=State.NEW).order_by("received_at", "id")


def incoming_request_answered_list(*, owner) -> QuerySet[IncomingRequest]:
    """Open requests whose client wrote since the last decision (read from the mailbox), latest answer first."""
    since_decision = Q(decided_at__isnull=True) | Q(client_answered_at__gte=F("decided_at"))
    return (
        incoming_request_list(owner=owner)
        .filter(since_decision, state__in=OPEN_STATES, client_answered_at__isnull=False)
        .order_by("-client_answered_at", "-id")
    )


def incoming_request_get(*, owner, incoming_id: int) -> IncomingRequest:
    return get_owned_or_404(incoming_request_list(owner=owner), owner=owner, pk=incoming_id)


def incoming_request_search(*, owner, q: str = "", state: str = "", channel: str = "") -> QuerySet[IncomingRequest]:
    """The Requests page: waiting requests oldest first; decided ones most recent first."""
    incoming = incoming_request_list(owner=owner)
    if q:
        incoming = incoming.filter(Q(title__icontains=q) | Q(client__name__icontains=q) | Q(client__email__icontains=q))
    if channel:
        incoming = incoming.filter(channel=channel)
    incoming = incoming.filter(state=state or State.NEW)
    if (state or State.NEW) == State.NEW:
        return incoming.order_by("received_at", "id")
    return incoming.order_by("-decided_at", "-received_at", "-id")


def incoming_request_state_counts(*, owner) -> dict[str, int]:
    rows = incoming_request_list(owner=owner).order_by().values("state").annotate(n=Count("id"))
    return {row["state"]: row["n"] for row in rows}


def decision_list(*, owner) -> QuerySet[Decision]:
    return Decision.objects.owned_by(owner).select_related("incoming")


def project_list(*, owner) -> QuerySet[Project]:
    return Project.objects.owned_by(owner).select_related("client")


def project_get(*, owner, project_id: int) -> Project:
    return get_owned_or_404(project_list(owner=owner), owner=owner, pk=project_id)


def invoice_list(*, owner) -> QuerySet[Invoice]:
    return Invoice.objects.owned_by(owner).select_related("project", "project__client")


def invoice_list_by_status(*, owner, status: str = "", today: date | None = None) -> QuerySet[Invoice]:
    """Every invoice, or only the "unpaid", "overdue" or "paid" ones; newest first."""
    today = today or timezone.localdate()
    invoices = invoice_list(owner=owner).order_by("-issued_on", "-id")
    if status == "unpaid":
        return invoices.filter(paid_on__isnull=True)
    if status == "overdue":
        return invoices.filter(paid_on__isnull=True, due_on__lt=today)
    if status == "paid":
        return invoices.filter(paid_on__isnull=False)
    return invoices


def client_has_overdue_invoice(today: date) -> Exists:
    """For a query of clients: whether the client has an invoice unpaid past its due date."""
    return Exists(Invoice.objects.filter(project__client=OuterRef("pk"), paid_on__isnull=True, due_on__lt=today))


def client_unpaid_amount() -> Coalesce:
    """For a query of clients: the total of the client's unpaid invoices (0 if none)."""
    unpaid = (
        Invoice.objects.filter(project__client=OuterRef("pk"), paid_on__isnull=True)
        .values("project__client")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(unpaid), Value(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def invoice_overdue_list(*, owner, today: date | None = None) -> QuerySet[Invoice]:
    today = today or timezone.localdate()
    return invoice_list(owner=owner).filter(paid_on__isnull=True, due_on__lt=today).order_by("due_on")


def booking_list(*, owner) -> QuerySet[Booking]:
    return Booking.objects.owned_by(owner)


def booking_list_between(*, owner, start: date, end: date) -> QuerySet[Booking]:
    """Bookings that overlap [start, end]."""
    return booking_list(owner=owner).filter(start__lte=end, end__gte=start)


def time_off_list(*, owner) -> QuerySet[TimeOff]:
    return TimeOff.objects.owned_by(owner)


def time_off_list_between(*, owner, start: date, end: date) -> QuerySet[TimeOff]:
    return time_off_list(owner=owner).filter(start__lte=end, end__gte=start)


# --- Capacity, the calendar feed and the project pages ---------------------------------------------


def time_off_get(*, owner, time_off_id: int) -> TimeOff:
    return get_owned_or_404(time_off_list(owner=owner), owner=owner, pk=time_off_id)


def capacity_rows_for(*, owner, start: date, end: date) -> tuple[list, list]:
    """The bookings overlapping [start, end], and the time off overlapping those bookings' whole ranges (a
    booking's share of a day depends on time off outside the window): 2 queries.

    Read-only rows for the calendar page, as named tuples (no model instances): a booking has pk, start,
    end, hours, tentative, project_id, incoming_id, project_title and incoming_title; a time off pk, start,
    end and label.
    """
    bookings = list(
        booking_list_between(owner=owner, start=start, end=end)
        .annotate(project_title=F("project__title"), incoming_title=F("incoming__title"))
        .values_list(*BOOKING_ROW, named=True)
    )
    time_off = _time_off_covering(owner=owner, start=start, end=end, spans=bookings)
    return bookings, list(time_off.values_list("pk", "start", "end", "label", named=True))


BOOKING_ROW = (
    "pk",
    "start",
    "end",
    "hours",
    "tentative",
    "project_id",
    "incoming_id",
    "project_title",
    "incoming_title",
)


def _time_off_covering(*, owner, start: date, end: date, spans) -> QuerySet[TimeOff]:
    """Time off overlapping [start, end] and the whole range of each span (booking) in it."""
    first = min([start, *(span.start for span in spans)])
    last = max([end, *(span.end for span in spans)])
    return time_off_list_between(owner=owner, start=first, end=last)


def capacity_calendar_from(profile: Profile, bookings, time_off) -> Calendar:
    return Calendar(
        week=WorkingWeek(profile.weekly_hours()),
        time_off=tuple(Period(period.start, period.end) for period in time_off),
        bookings=tuple(BookedSpan(b.start, b.end, b.hours, b.tentative) for b in bookings),
    )


def capacity_calendar_for(*, owner, start: date, end: date) -> Calendar:
    """The owner's capacity calendar for questions about [start, end], in 3 queries.

    The rows of capacity_rows_for, read as tuples: the arithmetic needs no model instances (building one
    per booking cost about a millisecond on the dashboard and on the triage page).
    """
    profile = profile_get(owner=owner)
    spans = tuple(
        BookedSpan(*row)
        for row in booking_list_between(owner=owner, start=start, end=end).values_list(
            "start", "end", "hours", "tentative"
        )
    )
    periods = _time_off_covering(owner=owner, start=start, end=end, spans=spans).values_list("start", "end")
    return Calendar(
        week=WorkingWeek(profile.weekly_hours()),
        time_off=tuple(Period(*row) for row in periods),
        bookings=spans,
    )


def profile_for_calendar_token(*, token: str) -> Profile:
    """The public feed's one way in: an unknown (or regenerated) token answers 404."""
    return get_object_or_404(Profile.objects.select_related("user"), calendar_token=token)


PROJECT_ORDERINGS = {"start": ("start", "id"), "-start": ("-start", "-id"), "title": ("title", "id")}


def project_search(*, owner, q: str = "", status: str = "", client_id: int | None = None, order: str = "-start"):
    """The project list, with what each row shows about its invoices computed by the database."""
    today = timezone.localdate()
    projects = project_list(owner=owner).annotate(
        invoice_count=Count("invoices", distinct=True),
        overdue_count=Count(
            "invoices", filter=Q(invoices__paid_on__isnull=True, invoices__due_on__lt=today), distinct=True
        ),
        invoiced=Sum("invoices__amount"),
    )
    if q:
        projects = projects.filter(Q(title__icontains=q) | Q(client__name__icontains=q))
    if status:
        projects = projects.filter(status=status)
    if client_id:
        projects = projects.filter(client_id=client_id)
    return projects.order_by(*PROJECT_ORDERINGS.get(order, PROJECT_ORDERINGS["-start"]))


def project_booking_list(*, owner, project: Project) -> QuerySet[Booking]:
    return booking_list(owner=owner).filter(project=project).order_by("start", "id")


def project_invoice_list(*, owner, project: Project) -> QuerySet[Invoice]:
    return Invoice.objects.owned_by(owner).filter(project=project).order_by("-issued_on", "-id")


def invoice_get(*, owner, invoice_id: int) -> Invoice:
    return get_owned_or_404(invoice_list(owner=owner), owner=owner, pk=invoice_id)


def invoice_number_taken(*, owner, number: str, exclude_id: int | None = None) -> bool:
    return Invoice.objects.owned_by(owner).filter(number=number).exclude(pk=exclude_id).exists()


def intake_profile_get(*, token: str):
    """The profile behind a public intake link; unknown, revoked or disabled answers 404."""
    profile = Profile.objects.select_related("user").filter(intake_token=token, intake_enabled=True).first()
    if profile is None or not profile.user.is_active:
        raise Http404
    return profile
