"""Reading one mailbox: the job the periodic task runs for each connected account, and the fan-out.

The job claims the account (a lease, by a conditional UPDATE: one reader at a time, on SQLite and PostgreSQL;
a worker that died frees it when the lease ends), reads only UIDs above last_uid while the folder's UIDVALIDITY
is unchanged, and records each message through mail/inbound.py. A changed UIDVALIDITY (or a first read) reads
the folder again from the start, within FIRST_READ_DAYS, and the Message-IDs keep out what was read before.
A server that fails is recorded on its account (last_error, shown on the settings page) and the job ends
there: it never raises for one user's mailbox, so other users' jobs run as usual.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone, translation

from accounts.selectors import profile_get

from .imap import MailConnectionError, fetch_messages, folder_open, imap_session, new_uids
from .inbound import inbound_message_import
from .models import MailAccount

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=15)  # longer than a job's time limit (mail/tasks.py), renewed as it goes
FIRST_READ_DAYS = 30  # a mailbox connected for the first time brings its last month, not its years of mail
MAX_MESSAGES_PER_READ = 1_000  # the rest waits for the next read; the job stays short
BUSY, DISABLED, DONE, FAILED = "busy", "disabled", "done", "failed"


@dataclass
class ReadResult:
    outcome: str
    counts: Counter = field(default_factory=Counter)
    error: str = ""

    def as_dict(self) -> dict:
        return {"outcome": self.outcome, "counts": dict(self.counts), "error": self.error}


def mail_accounts_due(*, now: datetime | None = None) -> list[int]:
    """The accounts to read now: enabled and not being read. One query, even when nobody uses mail."""
    now = now or timezone.now()
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    return list(MailAccount.objects.filter(free, enabled=True).order_by("pk").values_list("pk", flat=True))


def _claim(account_id: int, now: datetime) -> bool:
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    return bool(MailAccount.objects.filter(free, pk=account_id, enabled=True).update(claimed_until=now + LEASE))


def _renew(account_id: int) -> None:
    MailAccount.objects.filter(pk=account_id).update(claimed_until=timezone.now() + LEASE)


def _release(account_id: int) -> None:
    MailAccount.objects.filter(pk=account_id).update(claimed_until=None)


def _record_success(account_id: int, now: datetime) -> None:
    MailAccount.objects.filter(pk=account_id).update(
        last_checked_at=now, last_error="", last_error_kind="", last_error_at=None
    )


def _record_failure(account_id: int, now: datetime, error: MailConnectionError) -> None:
    MailAccount.objects.filter(pk=account_id).update(
        last_checked_at=now, last_error=error.detail, last_error_kind=error.kind, last_error_at=now
    )


def mail_account_read(*, account_id: int, now: datetime | None = None) -> ReadResult:
    """Read the account's new messages once; "busy" when another worker is reading it."""
    now = now or timezone.now()
    if not _claim(account_id, now):
        exists = MailAccount.objects.filter(pk=account_id, enabled=True).exists()
        return ReadResult(BUSY if exists else DISABLED)
    try:
        account = MailAccount.objects.select_related("owner").get(pk=account_id)
        profile = profile_get(owner=account.owner)
        try:
            with translation.override(profile.language):  # the error's words, as its owner reads them
                counts = _read(account, now=now, profile=profile)
        except MailConnectionError as error:
            logger.info("mail: account %s: %s", account_id, error)
            _record_failure(account_id, now, error)
            return ReadResult(FAILED, error=error.message)
        _record_success(account_id, now)
        return ReadResult(DONE, counts)
    finally:
        _release(account_id)


def _read(account: MailAccount, *, now: datetime, profile) -> Counter:
    counts: Counter = Counter()
    with imap_session(account) as mailbox:
        folder = folder_open(mailbox, account.imap_folder)
        since = None
        if account.uid_validity != folder.uid_validity:
            # A first read, or the folder was rebuilt (its UIDs mean other messages now): read it again.
            MailAccount.objects.filter(pk=account.pk).update(uid_validity=folder.uid_validity, last_uid=0)
            account.uid_validity, account.last_uid = folder.uid_validity, 0
            since = now - timedelta(days=FIRST_READ_DAYS)
        uids = new_uids(mailbox, after=account.last_uid, since=since)
        complete = len(uids) <= MAX_MESSAGES_PER_READ
        uids = uids[:MAX_MESSAGES_PER_READ]
        for done, message in enumerate(fetch_messages(mailbox, uids), start=1):
            outcome = inbound_message_import(
                account=account, message=message, uid_validity=folder.uid_validity, profile=profile
            )
            counts[outcome] += 1
            if done % 100 == 0:
                _renew(account.pk)
        if complete:
            # Older messages outside the first read's window are left where they are, for good.
            MailAccount.objects.filter(
                pk=account.pk, uid_validity=folder.uid_validity, last_uid__lt=folder.uid_next - 1
            ).update(last_uid=folder.uid_next - 1)
    return counts
