"""Celery tasks of the mail app (reading): thin wrappers around mail/reading.py.

The periodic task only fans out: one job per enabled account, so a slow or broken server holds up its own
job (at most MAIL_TIMEOUT_SECONDS per step), never another user's. Replies are sent by mail/tasks_send.py.
"""

import logging

from celery import shared_task

from .reading import mail_account_read, mail_accounts_due

logger = logging.getLogger(__name__)

# The lease on an account (reading.LEASE, 15 min) outlasts these, so a job stopped by its limit frees it.
SOFT_TIME_LIMIT, TIME_LIMIT = 9 * 60, 10 * 60


@shared_task(acks_late=True)
def mail_poll_task() -> int:
    """Enqueue a read of each connected mailbox; with no mail account at all, one cheap query."""
    sent = 0
    for account_id in mail_accounts_due():
        try:
            mail_account_read_task.apply_async(args=[account_id], retry=False)
            sent += 1
        except Exception:  # noqa: BLE001 (a broker hiccup skips this account until the next poll, not the others)
            logger.warning("mail: could not enqueue the read of account %s", account_id, exc_info=True)
    return sent


@shared_task(acks_late=True, soft_time_limit=SOFT_TIME_LIMIT, time_limit=TIME_LIMIT)
def mail_account_read_task(account_id: int) -> dict:
    """Read one account's new messages; its failures are recorded on it, never raised."""
    return mail_account_read(account_id=account_id).as_dict()
