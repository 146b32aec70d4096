"""Writes of projects and their invoices.

A project's firm bookings always add up to its hours: one booking over its whole range (spread
evenly by the capacity rules), or one booking per week when the user sets weekly amounts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from ..models import Booking, IncomingRequest, Invoice, Project, ProjectStatus


def project_weeks(project: Project) -> list[tuple[date, date, date]]:
    """(Monday, first day, last day) of each ISO week the project's range touches."""
    weeks = []
    monday = project.start - timedelta(days=project.start.weekday())
    while monday <= project.end:
        weeks.append((monday, max(monday, project.start), min(monday + timedelta(days=6), project.end)))
        monday += timedelta(days=7)
    return weeks


def _book_evenly(project: Project) -> None:
    Booking.objects.filter(project=project).delete()
    if project.status != ProjectStatus.CANCELLED and project.hours > 0:
        Booking.objects.create(
            owner=project.owner, project=project, start=project.start, end=project.end, hours=project.hours
        )


@transaction.atomic
def project_create(
    *,
    owner,
    client,
    title: str,
    start: date,
    end: date,
    hours: Decimal,
    price: Decimal | None = None,
    currency: str = "EUR",
    incoming: IncomingRequest | None = None,
) -> Project:
    """A project books its hours over its range; an accepted request's tentative hold is released."""
    project = Project.objects.create(
        owner=owner,
        client=client,
        incoming=incoming,
        title=title,
        start=start,
        end=end,
        hours=hours,
        price=price,
        currency=currency,
    )
    if incoming is not None:
        Booking.objects.filter(owner=owner, incoming=incoming, tentative=True).delete()
    _book_evenly(project)
    return project


@dataclass(frozen=True)
class ProjectSaved:
    project: Project
    weekly_plan_reset: bool  # the user's weekly amounts no longer applied and were replaced


@transaction.atomic
def project_update(*, project: Project, **changes) -> ProjectSaved:
    """Save the project and move its bookings with it.

    Moving the dates (same length, same hours) shifts every booking, a weekly plan included.
    Changing the length or the hours spreads them evenly again (a weekly plan cannot be guessed).
    Cancelling frees the calendar; reactivating books again.
    """
    before = Project.objects.select_for_update().get(pk=project.pk)
    for field, value in changes.items():
        setattr(project, field, value)
    project.save()
    bookings = list(Booking.objects.filter(project=project))
    had_plan = len(bookings) > 1
    moved = project.start - before.start
    same_shape = project.end - project.start == before.end - before.start and project.hours == before.hours
    if project.status == ProjectStatus.CANCELLED:
        Booking.objects.filter(project=project).delete()
        return ProjectSaved(project, weekly_plan_reset=False)
    if before.status == ProjectStatus.CANCELLED or not bookings:
        _book_evenly(project)
        return ProjectSaved(project, weekly_plan_reset=False)
    if same_shape:
        if moved:
            for booking in bookings:
                booking.start += moved
                booking.end += moved
            Booking.objects.bulk_update(bookings, ["start", "end"])
        return ProjectSaved(project, weekly_plan_reset=False)
    _book_evenly(project)
    return ProjectSaved(project, weekly_plan_reset=had_plan)


@transaction.atomic
def project_book_weekly(*, project: Project, amounts: Mapping[date, Decimal]) -> list[Booking]:
    """Replace the project's bookings by the user's weekly amounts (keyed by the week's Monday).

    The amounts must add up to the project's hours: the form says so before this is called.
    """
    if sum(amounts.values(), Decimal(0)) != project.hours:
        raise ValueError("weekly amounts must add up to the project's hours")
    Booking.objects.filter(project=project).delete()
    return Booking.objects.bulk_create(
        Booking(owner=project.owner, project=project, start=first, end=last, hours=amounts[monday])
        for monday, first, last in project_weeks(project)
        if amounts.get(monday)
    )


@transaction.atomic
def project_book_evenly(*, project: Project) -> None:
    _book_evenly(project)


@transaction.atomic
def invoice_add(
    *, project: Project, number: str, amount: Decimal, issued_on: date, due_on: date, currency: str | None = None
) -> Invoice:
    return Invoice.objects.create(
        owner=project.owner,
        project=project,
        number=number,
        amount=amount,
        currency=currency or project.currency,
        issued_on=issued_on,
        due_on=due_on,
    )


@transaction.atomic
def invoice_mark_paid(*, invoice: Invoice, paid_on: date) -> Invoice:
    invoice.paid_on = paid_on
    invoice.save(update_fields=["paid_on", "updated_at"])
    return invoice
