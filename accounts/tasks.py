"""Celery tasks: thin, idempotent wrappers around the reminder services."""

import logging

from celery import shared_task
from django.db import transaction

from .notifications import digests_send, intake_notifications_sweep, intake_notify, reminders_email
from .reminders import reminders_sweep

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def sweep_reminders_task() -> int:
    """Record what is due, then email it. Safe to run twice or on two workers at once."""
    created = reminders_sweep()
    reminders_email()
    intake_notifications_sweep()
    return created


@shared_task(acks_late=True)
def intake_notify_task(incoming_id: int) -> bool:
    """Tell the owner at once about a request from their public form (the sweep catches up if this never runs)."""
    return intake_notify(incoming_id=incoming_id)


@shared_task(acks_late=True)
def send_digests_task() -> int:
    return digests_send()


def enqueue_after_commit(task, *args, **kwargs) -> None:
    """Send a task once the transaction commits, without ever failing or blocking the web request.

    A broker that is down costs one quick failed attempt (no retries), logged; the periodic sweep
    picks the work up from the database later, so nothing is lost.
    """

    def send():
        try:
            task.apply_async(args=args, kwargs=kwargs, retry=False)
        except Exception:
            logger.warning("Could not enqueue %s; the periodic sweep will catch up", task.name, exc_info=True)

    transaction.on_commit(send)
