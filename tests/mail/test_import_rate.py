"""How fast a mailbox is read: 1,000 messages in one folder, imported by one job. Prints the figures; asserts
only that everything arrived once (timings depend on the machine). Run it with:

    TACT_MAIL_RATE=1 .venv/bin/pytest -p no:cacheprovider -s tests/mail/test_import_rate.py
"""

import os
import time

import pytest
from django.conf import settings

from mail.reading import DONE, mail_account_read
from projects.models import IncomingRequest
from tests.mail.support import connect, message

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("TACT_MAIL_RATE"), reason="a measurement: TACT_MAIL_RATE=1 runs it"),
]

COUNT = 1_000
TEXTS = [
    "Bonjour, nous cherchons quelqu'un pour refondre notre site vitrine avant la rentrée. Budget autour de 3 000 €.",
    "Hello, we need a logo and a small brand guide for our new bakery. Could you send a quote and your dates?",
]


def test_import_rate_of_a_1000_message_folder(owner, dovecot, mailbox):
    account = connect(owner, dovecot, *mailbox)
    dovecot.append(
        mailbox[0],
        *[
            message(
                sender=f"Client {n} <client{n % 300}@company{n % 300}.example>",
                subject=f"Request {n}",
                text=TEXTS[n % 2],
            )
            for n in range(COUNT)
        ],
    )

    started = time.perf_counter()
    result = mail_account_read(account_id=account.pk)
    elapsed = time.perf_counter() - started

    assert result.outcome == DONE and IncomingRequest.objects.owned_by(owner).count() == COUNT
    dovecot.append(mailbox[0], message(subject="One more"))
    started = time.perf_counter()
    mail_account_read(account_id=account.pk)
    one = time.perf_counter() - started
    poll = settings.MAIL_POLL_SECONDS
    print(
        f"\nimported {COUNT} messages in {elapsed:.1f} s: {COUNT / elapsed:.0f} messages/s "
        f"({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})"
        f"\none new message read in {one * 1000:.0f} ms; with MAIL_POLL_SECONDS={poll}, a message waits "
        f"{poll / 2:.0f} s on average and {poll + one:.0f} s at most before it is a request"
    )
