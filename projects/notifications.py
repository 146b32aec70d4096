"""Telling the owner at once about a request from their public form, exactly once."""

import logging
from datetime import datetime, timedelta

from django.db import InterfaceError, OperationalError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.mail import absolute_url, mail_profile

from .models import Channel, IncomingRequest

logger = logging.getLogger(__name__)

BATCH_SIZE = 500  # requests notified per sweep; the next sweep takes the rest

INTAKE_NOTIFY_GRACE = timedelta(minutes=5)  # the task normally does it at once; the sweep catches up after this


def intake_notify(*, incoming_id: int, now: datetime | None = None, retry_for: timedelta = timedelta(days=3)) -> bool:
    """Email the owner about a request that came through their public form, once.

    The request is claimed by a conditional update before the mail goes out, so a task run twice, or the
    task and the sweep together, send one mail. A send that fails gives the claim back (and raises): the
    request stays unnotified and the sweep tries again, for `retry_for` after it arrived; past that a failure
    keeps the claim, so a mail that can never go (a refused address) is not retried for ever. The prospect's
    name and title are made one line each, as a line break in a mail header is refused.
    """
    now = now or timezone.now()
    claimed = IncomingRequest.objects.filter(pk=incoming_id, owner_notified_at__isnull=True).update(
        owner_notified_at=now
    )
    if not claimed:
        return False
    try:
        incoming = IncomingRequest.objects.select_related("client", "owner__profile").get(pk=incoming_id)
        profile = incoming.owner.profile
        if not incoming.owner.email:
            return False
        with translation.override(profile.language):
            subject = _("New request from %(client)s: %(title)s") % {
                "client": " ".join(incoming.client.name.split()),
                "title": " ".join(incoming.title.split()),
            }
        url = absolute_url(reverse("projects:incoming_detail", kwargs={"incoming_id": incoming.pk}))
        mail_profile(profile, subject, "projects/email/intake.txt", {"incoming": incoming, "url": url})
    except BaseException:
        # Give back our own claim (the row still holds our stamp) while retrying makes sense; the caller logs.
        IncomingRequest.objects.filter(pk=incoming_id, owner_notified_at=now, received_at__gt=now - retry_for).update(
            owner_notified_at=None
        )
        raise
    return True


def intake_notifications_sweep(*, now: datetime | None = None) -> int:
    """Requests from the public form whose notification task never ran (broker down, worker lost).

    Each request on its own: one whose mail cannot be written or sent is logged and skipped (`intake_notify`
    decides whether a later sweep tries it again), and the other owners are told about theirs.
    """
    now = now or timezone.now()
    forgotten = IncomingRequest.objects.filter(
        channel=Channel.WEBSITE, owner_notified_at__isnull=True, received_at__lte=now - INTAKE_NOTIFY_GRACE
    ).values_list("pk", "owner_id")[:BATCH_SIZE]
    notified = 0
    for pk, owner_id in list(forgotten):
        try:
            notified += intake_notify(incoming_id=pk, now=now)
        except (InterfaceError, OperationalError):
            raise  # the database is away: everybody's problem, the next sweep retries
        except Exception:
            logger.exception("intake notifications: skipped request %s of user %s", pk, owner_id)
    return notified
