"""Deleting an account: every row the user owns, then their sessions, their login records and the user."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction

from .document import owned_models

BATCH_ROWS = 1000


def account_delete(*, owner) -> None:
    """Remove the user and everything that names them, children first (history rows protect their parents).

    The rows go in batches, each its own short transaction, so a large account does not hold SQLite's write
    lock for everyone; the last transaction removes the sessions (every browser is logged out), the
    django-axes records of the username (attempts, logins, failures) and the user. Run twice, it finishes.
    """
    for model in reversed(owned_models(with_unbacked=True)):
        while pks := list(model.objects.owned_by(owner).order_by("pk").values_list("pk", flat=True)[:BATCH_ROWS]):
            with transaction.atomic():
                model.objects.filter(pk__in=pks).delete()
    sessions = _session_keys_of(owner)
    with transaction.atomic():
        for log in (AccessAttempt, AccessLog, AccessFailureLog):
            log.objects.filter(username=owner.get_username()).delete()
        for start in range(0, len(sessions), BATCH_ROWS):
            Session.objects.filter(session_key__in=sessions[start : start + BATCH_ROWS]).delete()
        owner.delete()


def _session_keys_of(owner) -> list[str]:
    """A session stores its user's id inside its encoded data: each one is read to find the user's."""
    user_id = str(owner.pk)
    return [
        session.session_key
        for session in Session.objects.iterator(chunk_size=2000)
        if session.get_decoded().get(SESSION_KEY) == user_id
    ]
