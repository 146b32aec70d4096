"""A throw-away Dovecot IMAP server for the tests: Debian's /usr/sbin/dovecot on free ports, its own config
and maildirs in a temporary directory, stopped and removed at the end.

Plain IMAP on one port (plaintext logins allowed: it listens on 127.0.0.1 only) and IMAP over TLS with a
self-signed certificate on another, so a test can meet a certificate nobody trusts. Users need no setup: a
static passdb lets any login in with PASSWORD (a passwd-file is re-read only seconds after it changes, which
cost every test that much), and each user's maildir is made at their first login.
"""

from __future__ import annotations

import datetime
import imaplib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

DOVECOT = "/usr/sbin/dovecot"
# Every user logs in with this password (a static passdb): a mailbox exists as soon as a test names it, and
# any other password is refused, as a wrong one would be.
PASSWORD = "imap-secret"

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = {ssl}
{ssl_files}
disable_plaintext_auth = no
# A wrong password is one test's business: no penalty on 127.0.0.1 for the tests that follow (anvil's penalty
# socket is closed below), and its own answer comes at once.
auth_failure_delay = 0
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:{root}/mail/%u
mail_fsync = never
mail_uid = dovecot
mail_gid = dovecot
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {ssl_port}
    ssl = yes
  }}
  process_min_avail = 1
}}
service anvil {{
  chroot =
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
protocol imap {{
  mail_max_userip_connections = 50
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for "localhost" signed by itself: no client trusts it."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_path.chmod(0o600)
    return cert_path, key_path


@dataclass
class Dovecot:
    """A running server. `port` speaks plain IMAP, `ssl_port` IMAP over TLS with an untrusted certificate."""

    root: Path
    port: int
    ssl_port: int
    process: subprocess.Popen
    users: dict[str, str] = field(default_factory=dict)
    host: str = "127.0.0.1"

    @classmethod
    def start(cls) -> Dovecot:
        root = Path(tempfile.mkdtemp(prefix="tact-dovecot-"))
        root.chmod(0o755)  # the mail processes run as the dovecot user and must reach the maildirs
        for folder in ("run", "state", "mail", "home"):
            (root / folder).mkdir()
        shutil.chown(root / "mail", "dovecot", "dovecot")
        shutil.chown(root / "home", "dovecot", "dovecot")
        cert, key = _self_signed_certificate(root)
        port, ssl_port = free_port(), free_port()
        config = CONFIG.format(
            root=root,
            port=port,
            ssl_port=ssl_port,
            ssl="yes",
            ssl_files=f"ssl_cert = <{cert}\nssl_key = <{key}\nssl_min_protocol = TLSv1.2",
            password=PASSWORD,
        )
        (root / "dovecot.conf").write_text(config)
        process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(root / "dovecot.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        server = cls(root=root, port=port, ssl_port=ssl_port, process=process)
        server._wait_until_listening()
        return server

    def _wait_until_listening(self, seconds: float = 15.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot stopped: {self.process.stderr.read().decode()} {self.log()}")
            try:
                with socket.create_connection((self.host, self.port), timeout=1) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"dovecot did not answer within {seconds} s: {self.log()}")

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text() if path.exists() else ""

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)

    # --- users and messages ---------------------------------------------------------------------------

    def add_user(self, login: str) -> tuple[str, str]:
        """A mailbox (its maildir is made at its first login): (login, password)."""
        self.users[login] = PASSWORD
        return login, PASSWORD

    def connect(self, login: str) -> imaplib.IMAP4:
        imap = imaplib.IMAP4(self.host, self.port, timeout=10)
        imap.login(login, PASSWORD)
        return imap

    def append(self, login: str, *messages: bytes, folder: str = "INBOX") -> None:
        """Deliver messages as a mail server would: APPEND over IMAP, one connection for them all."""
        imap = self.connect(login)
        try:
            if folder != "INBOX":
                imap.create(folder)  # answers NO when it exists, which is fine
            for message in messages:
                status, answer = imap.append(folder, None, None, message)
                assert status == "OK", answer
        finally:
            imap.logout()

    def recreate_folder(self, login: str, folder: str) -> None:
        """Delete a folder and make it again: its UIDVALIDITY changes and UIDs start over."""
        imap = self.connect(login)
        try:
            imap.delete(folder)
            status, answer = imap.create(folder)
            assert status == "OK", answer
        finally:
            imap.logout()

    def uid_validity(self, login: str, folder: str = "INBOX") -> int:
        imap = self.connect(login)
        try:
            _status, data = imap.status(folder, "(UIDVALIDITY)")
            return int(data[0].decode().rsplit("UIDVALIDITY", 1)[1].strip(" )"))
        finally:
            imap.logout()


def dovecot_available() -> bool:
    return os.path.exists(DOVECOT) and os.access(DOVECOT, os.X_OK)


def main() -> None:
    """A local server to try the mail settings by hand: `sudo .venv/bin/python -m tests.mail.dovecot`."""
    server = Dovecot.start()
    login = "demo@example.test"
    sample = (
        b"From: Camille Martin <camille@client.example>\r\nTo: demo@example.test\r\nSubject: Refonte du site\r\n"
        b"Message-ID: <sample-1@client.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + "Bonjour, pourriez-vous nous faire un devis pour la refonte de notre site avant l'été ?\r\n".encode()
    )
    server.append(login, sample)
    print(f"Dovecot on {server.host}:{server.port}, security: none (self-signed TLS on {server.ssl_port})")
    print(f"Log in as {login} (or any name) with the password {PASSWORD}; one request waits in its INBOX.")
    print("Stop with Ctrl-C.")
    try:
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
