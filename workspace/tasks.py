"""Celery tasks: thin, idempotent wrappers around the reminder services.

Each service serves every user on their own (one user's bad row is logged and skipped). The reminder task
also runs each of its steps whatever happened to the one before: sweeps that fail must not stop the
emails or the intake catch-up. A step that failed still fails the task, once every step has run.
"""

import logging
from collections.abc import Callable

from celery import shared_task

from projects.notifications import intake_notifications_sweep

from .backup import BUSY, STALE_AFTER, restore_job_run
from .notifications import digests_send, reminders_email
from .reminders import reminders_sweep

logger = logging.getLogger(__name__)


def _run_every_step(*steps: Callable[[], int]) -> list[int]:
    results, failure = [], None
    for step in steps:
        try:
            results.append(step())
        except Exception as error:
            logger.exception("%s failed; the next steps run all the same", step.__name__)
            results.append(0)
            failure = failure or error
    if failure is not None:
        raise failure
    return results


@shared_task(acks_late=True)
def sweep_reminders_task() -> int:
    """Record what is due, then email it. Safe to run twice or on two workers at once."""
    created, _emailed, _notified = _run_every_step(reminders_sweep, reminders_email, intake_notifications_sweep)
    return created


@shared_task(acks_late=True)
def send_digests_task() -> int:
    return digests_send()


# The restore task, kept apart from the sweeps above (see workspace/backup/jobs.py).


@shared_task(bind=True, acks_late=True, max_retries=3)
def restore_backup_task(self, job_id: int) -> str:
    """Check and write an uploaded backup in short transactions; a job another worker holds is retried later."""
    outcome = restore_job_run(job_id)
    if outcome == BUSY:
        raise self.retry(countdown=STALE_AFTER.total_seconds())
    return outcome
