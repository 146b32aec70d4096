"""Bookings and time off as iCalendar (RFC 5545), for a calendar app to subscribe to.

Every event has a stable UID (booking-<id>@tact, timeoff-<id>@tact) and a DTSTAMP taken from the
row's last change, so two fetches give the same events and calendar apps update them instead of
duplicating them. Events are whole days: DTEND is the day after the last day (exclusive).
"""

from collections.abc import Iterable
from datetime import UTC, timedelta

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Booking, TimeOff

PRODUCT_ID = "-//Tact//Capacity calendar//EN"
UID_DOMAIN = "tact"


def booking_uid(booking: Booking) -> str:
    return f"booking-{booking.pk}@{UID_DOMAIN}"


def time_off_uid(time_off: TimeOff) -> str:
    return f"timeoff-{time_off.pk}@{UID_DOMAIN}"


def _hours(value) -> str:
    return f"{value.normalize():f}"


def _whole_days(event: Event, row) -> None:
    event.add("dtstart", row.start)
    event.add("dtend", row.end + timedelta(days=1))
    event.add("dtstamp", row.updated_at.astimezone(UTC))
    event.add("last-modified", row.updated_at.astimezone(UTC))


def booking_event(booking: Booking) -> Event:
    """Needs booking.project and booking.incoming loaded (select_related)."""
    event = Event()
    event.add("uid", booking_uid(booking))
    _whole_days(event, booking)
    if booking.tentative:
        title = booking.incoming.title if booking.incoming else ""
        event.add("summary", _("Hold: %(title)s") % {"title": title})
        event.add("status", "TENTATIVE")
    else:
        event.add("summary", booking.project.title if booking.project else "")
        event.add("status", "CONFIRMED")
    event.add("description", _("%(hours)s h booked over these days") % {"hours": _hours(booking.hours)})
    event.add("transp", "OPAQUE")
    return event


def time_off_event(time_off: TimeOff) -> Event:
    event = Event()
    event.add("uid", time_off_uid(time_off))
    _whole_days(event, time_off)
    event.add("summary", time_off.label)
    event.add("categories", [_("Time off")])
    event.add("transp", "OPAQUE")
    return event


def calendar_ics(*, name: str, bookings: Iterable[Booking] = (), time_off: Iterable[TimeOff] = ()) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for booking in bookings:
        calendar.add_component(booking_event(booking))
    for period in time_off:
        calendar.add_component(time_off_event(period))
    return calendar.to_ical()
