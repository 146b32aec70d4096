"""Writes of the capacity calendar: time off, the hours a negotiation holds tentatively, the feed token."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from accounts.models import Profile, new_secret_token

from ..models import Booking, IncomingRequest, TimeOff


@transaction.atomic
def time_off_create(*, owner, label: str, start: date, end: date) -> TimeOff:
    return TimeOff.objects.create(owner=owner, label=label, start=start, end=end)


@transaction.atomic
def time_off_update(*, time_off: TimeOff, label: str, start: date, end: date) -> TimeOff:
    time_off.label, time_off.start, time_off.end = label, start, end
    time_off.save(update_fields=["label", "start", "end", "updated_at"])
    return time_off


@transaction.atomic
def time_off_delete(*, time_off: TimeOff) -> None:
    time_off.delete()


@transaction.atomic
def incoming_hold_set(*, incoming: IncomingRequest, start: date, end: date, hours: Decimal) -> Booking:
    """A negotiating request holds hours tentatively; setting it again replaces the previous hold."""
    Booking.objects.filter(incoming=incoming, tentative=True).delete()
    return Booking.objects.create(
        owner=incoming.owner, incoming=incoming, start=start, end=end, hours=hours, tentative=True
    )


@transaction.atomic
def incoming_hold_release(*, incoming: IncomingRequest) -> None:
    Booking.objects.filter(incoming=incoming, tentative=True).delete()


@transaction.atomic
def calendar_token_regenerate(*, profile: Profile) -> Profile:
    """A new secret feed URL; the old one answers 404 from now on."""
    profile.calendar_token = new_secret_token()
    profile.save(update_fields=["calendar_token"])
    return profile
