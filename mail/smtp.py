"""One reply on the wire: the message with its threading headers, the SMTP connection, the server's answer.

The user's own server (SSL or STARTTLS, their login, a host that must be public unless the site allows
private ones) or the site's server (Django's EMAIL_* settings), From the site and Reply-To the user.
Every failure becomes a SendError saying what the server answered, and whether trying later may help.
"""

from __future__ import annotations

import logging
import smtplib
import socket
import ssl
from email.utils import formataddr, formatdate, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend
from django.utils.translation import gettext as _
from imap_tools import MailMessageFlags

from .hosts import all_internal, check_public_host
from .imap import imap_session
from .models import MailAccount, OutboundMessage, Security, SendingMode

logger = logging.getLogger(__name__)


class SendError(Exception):
    """The reply did not leave; `reason` is shown to the user as is."""

    def __init__(self, reason: str, *, temporary: bool):
        super().__init__(reason)
        self.reason = reason
        self.temporary = temporary


def sending_configured(account: MailAccount | None) -> bool:
    """The site's server needs only the user's address; their own server needs its host too."""
    if account is None or not account.address:
        return False
    return account.sending_mode == SendingMode.SITE or bool(account.smtp_host)


def build_message(*, outbound: OutboundMessage, account: MailAccount, sender_name: str) -> EmailMessage:
    """The reply with its Message-ID, and In-Reply-To/References naming the client's message, in UTF-8."""
    headers = {"Message-ID": outbound.message_id, "Date": formatdate(usegmt=True)}
    if outbound.in_reply_to:
        headers["In-Reply-To"] = outbound.in_reply_to
    if outbound.references:
        headers["References"] = outbound.references
    reply_to = []
    if account.sending_mode == SendingMode.SITE:
        address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        sender = formataddr((sender_name, address)) if sender_name else settings.DEFAULT_FROM_EMAIL
        reply_to = [formataddr((sender_name, account.address)) if sender_name else account.address]
    else:
        sender = formataddr((sender_name, account.address)) if sender_name else account.address
    message = EmailMessage(
        subject=outbound.subject,
        body=outbound.body,
        from_email=sender,
        to=[outbound.to_address],
        reply_to=reply_to,
        headers=headers,
    )
    message.encoding = "utf-8"
    return message


class _PinnedBackend(EmailBackend):
    """Django's SMTP backend, connecting to the address that was checked (a name that resolves elsewhere a
    second later gains nothing) while TLS still verifies the certificate against the server's name."""

    def __init__(self, *, address: str, **kwargs):
        super().__init__(**kwargs)
        self.address = address

    @property
    def connection_class(self):
        base = smtplib.SMTP_SSL if self.use_ssl else smtplib.SMTP
        address = self.address

        def _get_socket(connection, host, port, timeout):
            return base._get_socket(connection, address, port, timeout)

        return type("PinnedSMTP", (base,), {"_get_socket": _get_socket})


def _connection(account: MailAccount):
    if account.sending_mode == SendingMode.SITE:
        return get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT or settings.MAIL_TIMEOUT_SECONDS)
    addresses = check_public_host(account.smtp_host, account.smtp_port)
    if account.smtp_security == Security.NONE and not all_internal(addresses):
        raise SendError(
            _("Without SSL or STARTTLS, Tact only connects to a server on its own network."), temporary=False
        )
    # Every credential is the user's: never fall back on the site's EMAIL_HOST_USER or client certificate.
    return _PinnedBackend(
        address=addresses[0],
        fail_silently=False,
        host=account.smtp_host,
        port=account.smtp_port,
        username=account.smtp_login,
        password=account.smtp_password if account.smtp_login else "",
        use_ssl=account.smtp_security == Security.SSL,
        use_tls=account.smtp_security == Security.STARTTLS,
        timeout=settings.MAIL_TIMEOUT_SECONDS,
        ssl_keyfile="",
        ssl_certfile="",
    )


def _answer(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"{code} {' '.join(text.split())}".strip()


def _explain(error: Exception, host: str, port: int) -> SendError:
    """The server's own words when it answered; otherwise what went wrong on the way, in the user's language."""
    if isinstance(error, SendError):
        return error
    if isinstance(error, smtplib.SMTPAuthenticationError):
        reason = _("The server refused the login: %(answer)s") % {"answer": _answer(error.smtp_code, error.smtp_error)}
        return SendError(reason, temporary=False)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        (address, (code, text)), *_others = error.recipients.items()
        answer = _answer(code, text)
        reason = _("The server refused the address %(address)s: %(answer)s") % {"address": address, "answer": answer}
        return SendError(reason, temporary=400 <= code < 500)
    if isinstance(error, smtplib.SMTPResponseException):
        reason = _("The server refused the message: %(answer)s") % {
            "answer": _answer(error.smtp_code, error.smtp_error)
        }
        return SendError(reason, temporary=400 <= error.smtp_code < 500)
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return SendError(_("The server closed the connection: %(error)s") % {"error": error}, temporary=True)
    if isinstance(error, smtplib.SMTPException):  # STARTTLS or AUTH not offered, and the like
        return SendError(_("The server cannot be used: %(error)s") % {"error": error}, temporary=False)
    if isinstance(error, ssl.SSLError):
        detail = getattr(error, "verify_message", "") or error.reason or str(error)
        reason = _("The secure connection to %(host)s failed: %(error)s") % {"host": host, "error": detail}
        return SendError(reason, temporary=False)
    if isinstance(error, TimeoutError):
        reason = _("%(host)s did not answer within %(seconds)s seconds.") % {
            "host": host,
            "seconds": settings.MAIL_TIMEOUT_SECONDS,
        }
        return SendError(reason, temporary=True)
    if isinstance(error, socket.gaierror):
        return SendError(_("The server name %(host)s could not be found.") % {"host": host}, temporary=True)
    if isinstance(error, OSError):
        reason = _("Could not connect to %(host)s:%(port)s: %(error)s") % {
            "host": host,
            "port": port,
            "error": error.strerror or error,
        }
        return SendError(reason, temporary=True)
    if isinstance(error, ValueError):  # a refused host, a header the message cannot carry
        return SendError(str(error), temporary=False)
    raise error


def deliver(*, message: EmailMessage, account: MailAccount) -> None:
    """Hand the message to the server; raise SendError with the server's reason when it is not accepted."""
    own = account.sending_mode == SendingMode.OWN
    host = account.smtp_host if own else settings.EMAIL_HOST
    port = account.smtp_port if own else settings.EMAIL_PORT
    try:
        connection = _connection(account)
        with connection:
            sent = connection.send_messages([message])
    except Exception as error:  # noqa: BLE001 (every failure is explained, or re-raised by _explain)
        raise _explain(error, host, port) from error
    if not sent:
        raise SendError(_("The server did not accept the message."), temporary=True)


def append_to_sent(*, raw: bytes, account: MailAccount) -> None:
    """A copy in the user's Sent folder, so their mail program shows the whole thread; best effort only."""
    if not account.sent_folder or not account.imap_host:
        return
    try:
        with imap_session(account) as mailbox:
            mailbox.append(raw, account.sent_folder, flag_set=[MailMessageFlags.SEEN])
    except Exception:  # noqa: BLE001 (the reply is sent; a missing copy must not turn it into a failure)
        logger.warning("Could not copy a sent reply to the Sent folder of user %s", account.owner_id, exc_info=True)
