"""Background work sent from a web request: never failing it, never blocking it."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


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
