"""Telling the owner at once about a request from their public form, exactly once."""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.mail import mail_profile

from .models import Channel, IncomingRequest

BATCH_SIZE = 500  # requests notified per sweep; the next sweep takes the rest

INTAKE_NOTIFY_GRACE = timedelta(minutes=5)  # the task normally does it at once; the sweep catches up after this


def intake_notify(*, incoming_id: int, now: datetime | None = None) -> bool:
    """Email the owner about a request that came through their public form, once.

    The request is claimed by a conditional update before the mail goes out, so a task run twice, or the
    task and the sweep together, send one mail.
    """
    now = now or timezone.now()
    claimed = IncomingRequest.objects.filter(pk=incoming_id, owner_notified_at__isnull=True).update(
        owner_notified_at=now
    )
    if not claimed:
        return False
    incoming = IncomingRequest.objects.select_related("client", "owner__profile").get(pk=incoming_id)
    profile = incoming.owner.profile
    if not incoming.owner.email:
        return False
    with translation.override(profile.language):
        subject = _("New request from %(client)s: %(title)s") % {
            "client": incoming.client.name,
            "title": incoming.title,
        }
    url = reverse("projects:incoming_detail", kwargs={"incoming_id": incoming.pk})
    mail_profile(profile, subject, "projects/email/intake.txt", {"incoming": incoming, "url": url})
    return True


def intake_notifications_sweep(*, now: datetime | None = None) -> int:
    """Requests from the public form whose notification task never ran (broker down, worker lost)."""
    now = now or timezone.now()
    forgotten = IncomingRequest.objects.filter(
        channel=Channel.WEBSITE, owner_notified_at__isnull=True, received_at__lte=now - INTAKE_NOTIFY_GRACE
    ).values_list("pk", flat=True)[:BATCH_SIZE]
    return sum(intake_notify(incoming_id=pk, now=now) for pk in list(forgotten))
