"""A restore as a background job: queued by the upload, run by a Celery worker, watched on the restore page.

The job checks the whole file before writing anything, then writes it in short transactions
(`writer.py`); any failure takes back what was written, so for the user it is all or nothing. While it
runs, the account shows it and a second restore cannot start (a partial unique index: one active job
per user). The command line and the tests run the same job in their own process (`backup_restore`).
"""

from __future__ import annotations

import json
import logging
import zlib
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.cache import bump_owner_version

from ..models import RESTORE_ACTIVE, RestoreJob, RestoreStatus
from .checks import backup_check
from .document import BackupError, backup_validate, owned_models
from .writer import LockClock, profile_write, rows_remove, rows_write

logger = logging.getLogger(__name__)

# Every batch moves `updated_at`; a job that has not moved for this long has lost its worker.
STALE_AFTER = timedelta(minutes=10)
BUSY = "busy"  # another worker has this job in hand: try again later


def account_is_empty(owner) -> bool:
    return not any(model.objects.owned_by(owner).exists() for model in owned_models())


def restore_job_latest(*, owner) -> RestoreJob | None:
    return RestoreJob.objects.filter(owner=owner).order_by("-created_at", "-pk").first()


def restore_job_active(*, owner) -> RestoreJob | None:
    return RestoreJob.objects.filter(owner=owner, status__in=RESTORE_ACTIVE).first()


def restore_job_is_stale(job: RestoreJob) -> bool:
    return job.active and job.updated_at < timezone.now() - STALE_AFTER


def restore_job_start(*, owner, document: dict, language: str = "") -> RestoreJob:
    """Queue a restore of this document; refused while another one runs or when the account has data."""
    document = backup_validate(document)
    if restore_job_active(owner=owner):
        raise BackupError(_("A restore is already running for this account: wait until it ends."))
    if not account_is_empty(owner):
        raise BackupError(_("Restore only works into an empty account: this one already has data."))
    packed = zlib.compress(json.dumps(document, separators=(",", ":")).encode(), 6)  # a 50 MB file: about 5 MB
    try:
        with transaction.atomic():
            RestoreJob.objects.filter(owner=owner).exclude(status__in=RESTORE_ACTIVE).delete()
            return RestoreJob.objects.create(
                owner=owner,
                language=language,
                document=packed,
                total_rows=sum(len(rows) for rows in document["data"].values()),
            )
    except IntegrityError as error:  # two uploads at the same instant: the unique index lets one through
        raise BackupError(_("A restore is already running for this account: wait until it ends.")) from error


def restore_job_run(job_id: int) -> str:
    """Run a queued job to its end; safe to deliver twice. A job found half-done and stale is undone."""
    job = RestoreJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or not job.active:
        return "finished"
    with translation.override(job.language or settings.LANGUAGE_CODE):
        if job.status != RestoreStatus.QUEUED:
            if not restore_job_is_stale(job):
                return BUSY
            _undo(job, [_("The restore was interrupted; nothing of it was kept. Restore the file again.")], LockClock())
            bump_owner_version(job.owner_id)
            return RestoreStatus.FAILED
        if not _update(job, status=RestoreStatus.CHECKING, only_if=RestoreStatus.QUEUED):
            return BUSY
        try:
            _run(job)
        finally:  # rows written in bulk (no post_save), then kept or taken back: the pages read them afresh
            bump_owner_version(job.owner_id)
    return job.status


def backup_restore(*, owner, document: dict) -> dict[str, int]:
    """Restore now, in this process (the command line, the tests): the same job and batches as the worker's."""
    job = restore_job_start(owner=owner, document=document, language=translation.get_language() or "")
    restore_job_run(job.pk)
    job.refresh_from_db()
    if job.status != RestoreStatus.DONE:
        raise BackupError(job.errors)
    return job.counts


def _run(job: RestoreJob) -> None:
    clock = LockClock()
    try:
        document = backup_validate(json.loads(zlib.decompress(job.document)))
        if not account_is_empty(job.owner):
            raise BackupError(_("Restore only works into an empty account: this one already has data."))
        profile = backup_check(
            owner=job.owner, document=document, progress=lambda count: _update(job, checked_rows=count)
        )
        _update(job, status=RestoreStatus.WRITING, checked_rows=job.total_rows)

        def on_batch(key: str, first: int, last: int, count: int) -> None:
            job.written.append([key, first, last])
            _update(
                job,
                written=job.written,
                written_rows=F("written_rows") + count,
                longest_lock_ms=round(clock.longest * 1000),
            )

        counts = rows_write(owner=job.owner, document=document, clock=clock, on_batch=on_batch)
        # Done and its end time in one UPDATE: a page (or a test) polling in between never sees a job done at no time.
        profile_write(
            profile,
            clock=clock,
            on_done=lambda: _update(job, status=RestoreStatus.DONE, counts=counts, finished_at=timezone.now()),
        )
        _update(job, document=b"", longest_lock_ms=round(clock.longest * 1000))
        job.status = RestoreStatus.DONE
        logger.info(
            "Restore %s: %d rows in %d transactions, the longest %.3f s",
            job.pk, job.total_rows, clock.transactions, clock.longest,
        )  # fmt: skip
    except BackupError as error:
        _undo(job, error.messages, clock)
    except Exception:
        logger.exception("Restore %s failed", job.pk)
        _undo(job, [_("The restore failed because of an error on our side; nothing of it was kept.")], clock)


def _undo(job: RestoreJob, errors: list[str], clock: LockClock) -> None:
    """Take back every range the job wrote, children first, then say why it failed."""
    _update(job, status=RestoreStatus.UNDOING, errors=errors)
    job.refresh_from_db(fields=["written"])
    remaining = list(job.written)

    def on_removed(entry: list) -> None:
        remaining.remove(entry)
        _update(job, written=remaining)

    rows_remove(owner=job.owner, written=list(job.written), clock=clock, on_removed=on_removed)
    _update(
        job,
        status=RestoreStatus.FAILED,
        document=b"",
        written_rows=0,
        finished_at=timezone.now(),
        longest_lock_ms=round(clock.longest * 1000),
    )
    job.status = RestoreStatus.FAILED


def _update(job: RestoreJob, only_if: str | None = None, **values) -> bool:
    """One UPDATE of the job row, which is also its heartbeat; with `only_if`, only from that status."""
    rows = RestoreJob.objects.filter(pk=job.pk)
    if only_if:
        rows = rows.filter(status=only_if)
    return bool(rows.update(updated_at=timezone.now(), **values))
