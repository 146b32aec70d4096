"""What the triage page asks of a reply: send it, send it again, send it after an interrupted send.

Each records the change (mail.sending) and queues the send for after the commit: the task's claim decides
who sends, so a double click, or a click beside an automatic retry, sends once.
"""

from accounts.background import enqueue_after_commit

from .models import OutboundMessage
from .sending import outbound_create, outbound_release, outbound_retry
from .tasks_send import outbound_send_task


def reply_send(*, owner, decision, incoming, body: str, subject: str) -> OutboundMessage:
    """Inside the decision's transaction: the reply is recorded with it, and leaves once it commits."""
    outbound = outbound_create(owner=owner, decision=decision, incoming=incoming, body=body, subject=subject)
    enqueue_after_commit(outbound_send_task, outbound.pk)
    return outbound


def reply_send_again(*, owner, outbound: OutboundMessage) -> bool:
    """A reply that failed or waited too long for its task; False if it is no longer in that state."""
    if not outbound_retry(owner=owner, outbound=outbound):
        return False
    enqueue_after_commit(outbound_send_task, outbound.pk)
    return True


def reply_resend_interrupted(*, owner, outbound: OutboundMessage) -> bool:
    """An interrupted reply the user did not find in their Sent folder: sent again, on their word."""
    if not outbound_release(owner=owner, outbound=outbound):
        return False
    enqueue_after_commit(outbound_send_task, outbound.pk)
    return True
