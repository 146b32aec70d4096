"""Writes of the mail settings: save them, test the connection, stop reading, delete them."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.background import enqueue_after_commit

from .imap import MailConnectionError, folder_open, imap_session
from .models import MailAccount
from .selectors import mail_account_get
from .tasks import mail_account_read_task

PASSWORD_FIELDS = ("imap_password", "smtp_password")
# Changing any of these points Tact at another folder: its UIDs mean other messages, so the next read starts
# over (within the first read's window), and the Message-IDs already read keep out what was imported.
WHERE_THE_MAIL_IS = ("imap_host", "imap_port", "imap_login", "imap_folder")


@transaction.atomic
def mail_account_save(*, owner, **fields) -> MailAccount:
    """Create or update the owner's mail settings. A blank password keeps the one saved (they are write-only)."""
    account = mail_account_get(owner=owner) or MailAccount(owner=owner)
    moved = account.pk is None or any(
        name in fields and getattr(account, name) != fields[name] for name in WHERE_THE_MAIL_IS
    )
    for name, value in fields.items():
        if name in PASSWORD_FIELDS and not value:
            continue
        setattr(account, name, value)
    if moved:
        account.uid_validity, account.last_uid = None, 0
    for name in PASSWORD_FIELDS:
        if len(getattr(account, name) or "") > MailAccount._meta.get_field(name).max_length:
            raise ValidationError({name: _("This password is too long.")})
    # The password fields are left out: their clean() flags the field itself (shared by every thread) as
    # "already decrypted", which would hand another thread's read its password still encrypted.
    account.full_clean(exclude=["owner", *PASSWORD_FIELDS])
    account.save()
    return account


@transaction.atomic
def mail_account_enable(*, owner, enabled: bool) -> MailAccount | None:
    """Stop reading the mailbox (everything read stays), or read it again."""
    account = mail_account_get(owner=owner)
    if account is not None and account.enabled != enabled:
        MailAccount.objects.owned_by(owner).filter(pk=account.pk).update(enabled=enabled, updated_at=timezone.now())
        account.enabled = enabled
    return account


@transaction.atomic
def mail_account_delete(*, owner) -> bool:
    """Forget the mail settings and their passwords. The messages read stay, as the requests' originals."""
    deleted, _rows = MailAccount.objects.owned_by(owner).delete()
    return bool(deleted)


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    message: str
    kind: str = ""


def mail_account_check(*, owner) -> CheckResult | None:
    """Connect, log in and open the folder now, and say exactly which step failed; recorded on the account."""
    account = mail_account_get(owner=owner)
    if account is None:
        return None
    now = timezone.now()
    try:
        with imap_session(account) as mailbox:
            folder = folder_open(mailbox, account.imap_folder)
    except MailConnectionError as error:
        MailAccount.objects.owned_by(owner).filter(pk=account.pk).update(
            last_checked_at=now, last_error=error.detail, last_error_kind=error.kind, last_error_at=now
        )
        return CheckResult(ok=False, message=error.message, kind=error.kind)
    MailAccount.objects.owned_by(owner).filter(pk=account.pk).update(
        last_checked_at=now, last_error="", last_error_kind="", last_error_at=None
    )
    message = _("Connected: the folder “%(folder)s” holds %(count)s message(s).") % {
        "folder": account.imap_folder,
        "count": folder.messages,
    }
    return CheckResult(ok=True, message=message)


def mail_account_read_soon(*, owner) -> bool:
    """Ask a worker to read the mailbox now rather than at the next periodic read."""
    account = mail_account_get(owner=owner)
    if account is None or not account.enabled:
        return False
    enqueue_after_commit(mail_account_read_task, account.pk)
    return True
