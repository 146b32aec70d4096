"""Talking to a user's IMAP server: connect to an address Tact allows, log in, watch one folder, read new mail.

imap-tools does the protocol; this module chooses where the socket goes (the checked address, the certificate
checked against the host name), bounds every wait (settings.MAIL_TIMEOUT_SECONDS) and every read (a message is
read up to MAX_MESSAGE_BYTES: the rest of a 30 MB attachment stays on the server), and turns each failure
into a MailConnectionError saying which step failed, in words a user can act on.
"""

from __future__ import annotations

import contextlib
import imaplib
import re
import socket
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.utils.translation import gettext as _
from imap_tools import BaseMailBox
from imap_tools.errors import MailboxFolderSelectError, MailboxFolderStatusError, MailboxLoginError

from .hosts import HostRefused, all_internal, check_public_host
from .models import FailureKind, MailAccount, Security

MAX_MESSAGE_BYTES = 2 * 1024 * 1024  # read of one message; its attachments are listed, never kept
BATCH_BYTES = 8 * 1024 * 1024  # fetched in one command: several small messages, or one large one's start
BATCH_MESSAGES = 100
SIZES_PER_COMMAND = 1_000
UID_ITEM = re.compile(rb"UID (\d+)")
SIZE_ITEM = re.compile(rb"RFC822\.SIZE (\d+)")


class MailConnectionError(Exception):
    """One step of talking to the server failed: `kind` says which (FailureKind), `detail` the server's words."""

    def __init__(self, kind: str, detail: str = ""):
        self.kind, self.detail = kind, " ".join(str(detail).split())[:1000]
        super().__init__(f"{kind}: {self.detail}")

    @property
    def message(self) -> str:
        """The sentence shown to the user: what failed, then the detail."""
        label = FailureKind(self.kind).label
        return f"{label}: {self.detail}" if self.detail else str(label)


@dataclass(frozen=True)
class FolderState:
    uid_validity: int
    uid_next: int
    messages: int


@dataclass(frozen=True)
class RawMessage:
    uid: int
    size: int
    raw: bytes  # the whole message, or its first MAX_MESSAGE_BYTES
    internal_date: datetime | None


def _pinned(base: type[imaplib.IMAP4], address: str) -> type[imaplib.IMAP4]:
    """An imaplib client that connects to the checked address while TLS checks the certificate for the host."""

    class Pinned(base):
        def _create_socket(self, timeout):
            sock = socket.create_connection((address, self.port), timeout)
            if isinstance(self, imaplib.IMAP4_SSL):
                return self.ssl_context.wrap_socket(sock, server_hostname=self.host)
            return sock

    return Pinned


class PinnedMailBox(BaseMailBox):
    """imap-tools on a socket Tact opened: an allowed address, a verified certificate, a timeout."""

    def __init__(self, *, host: str, port: int, address: str, security: str, timeout: float):
        self._host, self._port, self._address, self._security, self._timeout = host, port, address, security, timeout
        super().__init__()

    def _get_mailbox_client(self) -> imaplib.IMAP4:
        context = ssl.create_default_context()  # imaplib's own default checks no certificate at all
        if self._security == Security.SSL:
            secure = _pinned(imaplib.IMAP4_SSL, self._address)
            return secure(self._host, self._port, ssl_context=context, timeout=self._timeout)
        client = _pinned(imaplib.IMAP4, self._address)(self._host, self._port, timeout=self._timeout)
        if self._security == Security.STARTTLS:
            client.starttls(context)
        return client


def _explain(error: BaseException, account: MailAccount) -> MailConnectionError:
    host = f"{account.imap_host}:{account.imap_port}"
    if isinstance(error, MailConnectionError):
        return error
    if isinstance(error, HostRefused):
        return MailConnectionError(FailureKind.PRIVATE, str(error))
    if isinstance(error, socket.gaierror):
        return MailConnectionError(FailureKind.DNS, _("no address found for %(host)s") % {"host": account.imap_host})
    if isinstance(error, ssl.SSLCertVerificationError):
        return MailConnectionError(FailureKind.TLS, error.verify_message or error.reason or str(error))
    if isinstance(error, ssl.SSLError):
        return MailConnectionError(FailureKind.TLS, error.reason or str(error))
    if isinstance(error, TimeoutError):
        return MailConnectionError(
            FailureKind.TIMEOUT,
            _("no answer from %(host)s within %(seconds)s seconds")
            % {"host": host, "seconds": settings.MAIL_TIMEOUT_SECONDS},
        )
    if isinstance(error, ConnectionRefusedError):
        return MailConnectionError(FailureKind.REFUSED, _("nothing answers on %(host)s") % {"host": host})
    if isinstance(error, MailboxLoginError):
        return MailConnectionError(FailureKind.LOGIN, _server_words(error))
    if isinstance(error, MailboxFolderSelectError | MailboxFolderStatusError):
        return MailConnectionError(
            FailureKind.FOLDER,
            _("“%(folder)s”: %(answer)s") % {"folder": account.imap_folder, "answer": _server_words(error)},
        )
    if isinstance(error, imaplib.IMAP4.abort) and "timed out" in str(error):
        return MailConnectionError(
            FailureKind.TIMEOUT,
            _("no answer from %(host)s within %(seconds)s seconds")
            % {"host": host, "seconds": settings.MAIL_TIMEOUT_SECONDS},
        )
    if isinstance(error, imaplib.IMAP4.abort | EOFError | ConnectionError):
        return MailConnectionError(FailureKind.NETWORK, str(error))
    if isinstance(error, imaplib.IMAP4.error):
        text = str(error)
        if "STARTTLS" in text.upper():
            return MailConnectionError(FailureKind.TLS, text)
        return MailConnectionError(FailureKind.PROTOCOL, text)
    if isinstance(error, OSError):
        return MailConnectionError(FailureKind.NETWORK, error.strerror or str(error))
    raise error


def _server_words(error: Exception) -> str:
    """What the server said (imap-tools keeps it as bytes in a repr); the words only."""
    text = str(getattr(error, "command_result", "") or error)
    found = re.findall(r"b['\"](.*?)['\"]", text)
    return " ".join(found) or text


def _addresses(account: MailAccount) -> list[str]:
    addresses = check_public_host(account.imap_host, account.imap_port)
    if account.imap_security == Security.NONE and not all_internal(addresses):
        raise HostRefused(
            _("%(host)s is not on this machine’s network: choose SSL/TLS or STARTTLS so the password is encrypted.")
            % {"host": account.imap_host}
        )
    return addresses


@contextmanager
def imap_session(account: MailAccount) -> Iterator[BaseMailBox]:
    """A logged-in connection to the account's server, logged out at the end; MailConnectionError otherwise."""
    timeout = settings.MAIL_TIMEOUT_SECONDS
    mailbox = None
    try:
        addresses = _addresses(account)
        last_error: BaseException | None = None
        for address in addresses:
            try:
                mailbox = PinnedMailBox(
                    host=account.imap_host,
                    port=account.imap_port,
                    address=address,
                    security=account.imap_security,
                    timeout=timeout,
                )
                break
            except (ConnectionRefusedError, TimeoutError, OSError) as error:
                if isinstance(error, ssl.SSLError):
                    raise
                last_error = error
        if mailbox is None:
            raise last_error or ConnectionRefusedError()
        mailbox.login(account.imap_login, account.imap_password or "", initial_folder=None)
    except Exception as error:
        _close(mailbox)
        raise _explain(error, account) from error
    try:
        yield mailbox
    except MailConnectionError:
        raise
    except Exception as error:
        explained = _explain(error, account)  # re-raises what is not about the connection (a bug of ours)
        raise explained from error
    finally:
        _close(mailbox)


def _close(mailbox: BaseMailBox | None) -> None:
    if mailbox is None:
        return
    try:
        mailbox.logout()
    except Exception:  # noqa: BLE001 (a connection already gone has nothing left to close)
        with contextlib.suppress(Exception):
            mailbox.client.shutdown()


def folder_open(mailbox: BaseMailBox, folder: str) -> FolderState:
    """Select the watched folder, read-only (nothing is marked seen), and say where its UIDs stand."""
    status = mailbox.folder.status(folder, ["UIDVALIDITY", "UIDNEXT", "MESSAGES"])
    mailbox.folder.set(folder, readonly=True)
    return FolderState(
        uid_validity=int(status["UIDVALIDITY"]), uid_next=int(status["UIDNEXT"]), messages=int(status["MESSAGES"])
    )


def new_uids(mailbox: BaseMailBox, *, after: int, since: datetime | None = None) -> list[int]:
    """UIDs above `after`, oldest first ("n:*" also answers the last message when none is newer: dropped)."""
    criteria = f"UID {after + 1}:*"
    if since is not None:
        criteria += " SINCE " + since.astimezone(UTC).strftime("%d-%b-%Y")
    uids = [int(uid) for uid in mailbox.uids(criteria)]
    return sorted(uid for uid in uids if uid > after)


def _check(result: tuple) -> list:
    status, data = result
    if status != "OK":
        raise imaplib.IMAP4.error(f"FETCH: {data!r}")
    return data


def message_sizes(mailbox: BaseMailBox, uids: list[int]) -> dict[int, tuple[int, datetime | None]]:
    """Each message's size and arrival time, fetched before any of them is read."""
    found = {}
    for start in range(0, len(uids), SIZES_PER_COMMAND):
        chunk = ",".join(str(uid) for uid in uids[start : start + SIZES_PER_COMMAND])
        for item in _check(mailbox.client.uid("FETCH", chunk, "(UID RFC822.SIZE INTERNALDATE)")):
            line = item[0] if isinstance(item, tuple) else item
            if not isinstance(line, bytes):
                continue
            uid, size = UID_ITEM.search(line), SIZE_ITEM.search(line)
            if uid and size:
                arrived = imaplib.Internaldate2tuple(line)  # in this machine's local time
                when = datetime.fromtimestamp(time.mktime(arrived), tz=UTC) if arrived else None
                found[int(uid.group(1))] = (int(size.group(1)), when)
    return found


def _batches(uids: list[int], sizes: dict[int, tuple[int, datetime | None]]) -> Iterator[list[int]]:
    batch, weight = [], 0
    for uid in uids:
        size = min(sizes[uid][0], MAX_MESSAGE_BYTES)
        if batch and (weight + size > BATCH_BYTES or len(batch) >= BATCH_MESSAGES):
            yield batch
            batch, weight = [], 0
        batch.append(uid)
        weight += size
    if batch:
        yield batch


def fetch_messages(mailbox: BaseMailBox, uids: list[int]) -> Iterator[RawMessage]:
    """The messages of these UIDs, oldest first, each read whole or up to MAX_MESSAGE_BYTES."""
    sizes = message_sizes(mailbox, uids)
    present = [uid for uid in uids if uid in sizes]  # a message deleted meanwhile is simply not there
    for batch in _batches(present, sizes):
        small = [uid for uid in batch if sizes[uid][0] <= MAX_MESSAGE_BYTES]
        large = [uid for uid in batch if sizes[uid][0] > MAX_MESSAGE_BYTES]
        bodies: dict[int, bytes] = {}
        if small:
            bodies.update(_fetch_bodies(mailbox, small, "BODY.PEEK[]"))
        for uid in large:
            bodies.update(_fetch_bodies(mailbox, [uid], f"BODY.PEEK[]<0.{MAX_MESSAGE_BYTES}>"))
        for uid in batch:
            if uid in bodies:
                size, arrived = sizes[uid]
                yield RawMessage(uid=uid, size=size, raw=bodies[uid], internal_date=arrived)


def _fetch_bodies(mailbox: BaseMailBox, uids: list[int], part: str) -> dict[int, bytes]:
    data = _check(mailbox.client.uid("FETCH", ",".join(str(uid) for uid in uids), f"(UID {part})"))
    bodies = {}
    for index, item in enumerate(data):
        if not (isinstance(item, tuple) and len(item) >= 2):
            continue
        uid = UID_ITEM.search(item[0])
        if uid is None and index + 1 < len(data) and isinstance(data[index + 1], bytes):
            uid = UID_ITEM.search(data[index + 1])  # some servers answer the UID after the literal
        if uid:
            bodies[int(uid.group(1))] = item[1]
    return bodies
