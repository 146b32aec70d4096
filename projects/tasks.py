"""Celery tasks of the projects app: thin wrappers around its services."""

from celery import shared_task

from .notifications import intake_notify


@shared_task(acks_late=True)
def intake_notify_task(incoming_id: int) -> bool:
    """Tell the owner at once about a request from their public form (the sweep catches up if this never runs)."""
    return intake_notify(incoming_id=incoming_id)
