"""The periodic task through a real Celery worker: one job per mailbox, a broken one beside a working one."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app
from mail.models import MailAccount
from mail.tasks import mail_poll_task
from projects.models import IncomingRequest
from tests.factories import UserFactory
from tests.mail.support import connect, message

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_the_poll_fans_out_one_read_per_mailbox_and_a_broken_one_stays_its_own(owner, dovecot, mailbox):
    broken = UserFactory(username="broken")
    connect(broken, dovecot, *dovecot.add_user("broken@example.test"))
    MailAccount.objects.owned_by(broken).update(imap_password="wrong")
    connect(owner, dovecot, *mailbox)
    dovecot.append(mailbox[0], message(subject="Through the worker"))

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        mail_poll_task.delay()
        imported = wait_for(lambda: IncomingRequest.objects.filter(title="Through the worker").exists())
        failed = wait_for(lambda: MailAccount.objects.owned_by(broken).get().last_error_kind == "login")

    assert imported and failed
    assert MailAccount.objects.owned_by(owner).get().last_error_kind == ""
