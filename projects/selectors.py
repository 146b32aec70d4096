"""Reads of requests, projects, invoices and capacity.

Every function takes owner= and returns only that owner's rows.
"""

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import get_owned_or_404

from .models import Booking, Decision, IncomingRequest, Invoice, Project, ReplyTemplate, Skill, State, TimeOff


def skill_list(*, owner) -> QuerySet[Skill]:
    return Skill.objects.owned_by(owner)


def incoming_request_list(*, owner) -> QuerySet[IncomingRequest]:
    return IncomingRequest.objects.owned_by(owner).select_related("client")


def incoming_request_waiting_list(*, owner) -> QuerySet[IncomingRequest]:
    """Requests waiting for a decision, oldest first."""
    return incoming_request_list(owner=owner).filter(state=State.NEW).order_by("received_at", "id")


def incoming_request_get(*, owner, incoming_id: int) -> IncomingRequest:
    return get_owned_or_404(incoming_request_list(owner=owner), owner=owner, pk=incoming_id)


def decision_list(*, owner) -> QuerySet[Decision]:
    return Decision.objects.owned_by(owner).select_related("incoming")


def project_list(*, owner) -> QuerySet[Project]:
    return Project.objects.owned_by(owner).select_related("client")


def project_get(*, owner, project_id: int) -> Project:
    return get_owned_or_404(project_list(owner=owner), owner=owner, pk=project_id)


def invoice_list(*, owner) -> QuerySet[Invoice]:
    return Invoice.objects.owned_by(owner).select_related("project", "project__client")


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


def reply_template_list(*, owner) -> QuerySet[ReplyTemplate]:
    return ReplyTemplate.objects.owned_by(owner)
