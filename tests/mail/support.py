"""Messages as mail servers deliver them, and a user's mail account pointing at the test Dovecot."""

from __future__ import annotations

import itertools
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone

from mail.models import Security
from mail.services import mail_account_save

_numbers = itertools.count(1)


def connect(owner, dovecot, login: str, password: str, *, folder: str = "INBOX", **overrides):
    """The owner's mail settings, filled in as on the settings page, for their Dovecot mailbox."""
    fields = {
        "address": owner.email or login,
        "imap_host": dovecot.host,
        "imap_port": dovecot.port,
        "imap_security": Security.NONE,
        "imap_login": login,
        "imap_password": password,
        "imap_folder": folder,
    }
    return mail_account_save(owner=owner, **{**fields, **overrides})


def message(
    *,
    sender: str = "Camille Martin <camille@client.example>",
    subject: str = "Refonte du site",
    text: str | None = "Bonjour, nous voudrions refondre notre site avant l'été. Pouvez-vous nous faire un devis ?",
    html: str | None = None,
    message_id: str | None = None,
    in_reply_to: str = "",
    headers: dict | None = None,
) -> bytes:
    """A well-formed message (EmailMessage, UTF-8); the hostile ones are written by hand in the tests."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = "freelancer@example.test"
    if subject is not None:
        mail["Subject"] = subject
    mail["Date"] = format_datetime(timezone.now())
    mail["Message-ID"] = message_id or make_msgid(idstring=str(next(_numbers)), domain="client.example")
    if in_reply_to:
        mail["In-Reply-To"] = in_reply_to
        mail["References"] = in_reply_to
    for name, value in (headers or {}).items():
        mail[name] = value
    if text is not None:
        mail.set_content(text)
    if html is not None:
        if text is None:
            mail.set_content(html, subtype="html")
        else:
            mail.add_alternative(html, subtype="html")
    return mail.as_bytes()
