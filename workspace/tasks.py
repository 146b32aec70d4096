"""Celery tasks: thin, idempotent wrappers around the reminder services."""

import logging

from celery import shared_task

from projects.notifications import intake_notifications_sweep

from .notifications import digests_send, reminders_email
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
def send_digests_task() -> int:
    return digests_send()
