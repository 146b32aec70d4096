"""The mail tests' servers: one Dovecot for the session (tests/mail/dovecot.py), a fresh mailbox per test.

Dovecot missing: the tests that need it fail under CI (CI=true), and are skipped elsewhere with the command
that installs it. The SMTP server of the sending tests lives in tests/mail/smtp_server.py.
"""

import itertools
import os

import pytest

from tests.mail.dovecot import Dovecot, dovecot_available

_logins = itertools.count(1)


@pytest.fixture(scope="session")
def dovecot():
    if not dovecot_available():
        if os.environ.get("CI") == "true":
            pytest.fail("Dovecot is not installed: apt-get install dovecot-imapd")
        pytest.skip("Dovecot is not installed (apt-get install dovecot-imapd) — the IMAP tests need it")
    server = Dovecot.start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(dovecot):
    """A new, empty mailbox on the session's Dovecot: (login, password)."""
    return dovecot.add_user(f"freelancer{next(_logins)}@example.test")


@pytest.fixture
def fast_timeouts(settings):
    """A dead or silent server fails the test in two seconds, not ten."""
    settings.MAIL_TIMEOUT_SECONDS = 2
