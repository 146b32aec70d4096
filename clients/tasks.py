"""Periodic jobs of the clients app: thin wrappers around services."""

from celery import shared_task

from .services import risk_levels_refresh


@shared_task
def refresh_risk_levels_task() -> int:
    """Old flags weigh less as time passes: recompute every cached risk level (idempotent)."""
    return risk_levels_refresh()
