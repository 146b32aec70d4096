"""Celery tasks that send replies: thin wrappers around mail.sending, safe to run twice.

Each send claims its reply first, so a task delivered twice (acks_late after a crash), a retry and the
user's own "Retry" never send it twice. A temporary failure (the server down, a 4xx answer) is tried again
a few times with a growing delay; a refusal (5xx, a wrong password) waits for the user.
"""

from celery import shared_task

from accounts.background import enqueue_after_commit

from .sending import outbound_late_ids, outbound_send

MAX_RETRIES = 3
BACKOFF = (60, 5 * 60, 20 * 60)  # seconds before each retry


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def outbound_send_task(self, outbound_id: int) -> str:
    result = outbound_send(outbound_id=outbound_id)
    if result.temporary and self.request.retries < MAX_RETRIES:
        raise self.retry(countdown=BACKOFF[self.request.retries])
    return result.state


@shared_task(acks_late=True)
def outbound_sweep_task() -> int:
    """Send the replies whose task was lost (a broker down when the decision was recorded)."""
    late = outbound_late_ids()
    for outbound_id in late:
        enqueue_after_commit(outbound_send_task, outbound_id)
    return len(late)
