"""A real Celery worker, on the configured broker (the filesystem queue by default, Redis in CI), runs our tasks."""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.utils import timezone

from clients.models import RedFlagKind, RiskLevel, Severity
from clients.tasks import refresh_risk_levels_task
from config.celery import app
from projects.models import IncomingRequest
from projects.tasks import intake_notify_task
from tests.factories import ClientFactory, IncomingRequestFactory, RedFlagFactory
from workspace.models import Reminder, ReminderKind
from workspace.tasks import sweep_reminders_task

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_the_broker_is_the_one_the_environment_asks_for():
    if settings.REDIS_URL:
        assert app.conf.broker_url == settings.REDIS_URL
    else:
        assert app.conf.broker_url == "atomicfs://"


def test_a_task_sent_to_the_broker_is_executed_by_a_worker():
    client = ClientFactory()
    for _ in range(3):
        RedFlagFactory(client=client, kind=RedFlagKind.DISRESPECT, severity=Severity.SEVERE)
    client.refresh_from_db()
    client.risk_level = RiskLevel.LOW  # stale, as it would be before the periodic refresh
    client.save(update_fields=["risk_level"])

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        refresh_risk_levels_task.delay()
        refreshed = wait_for(lambda: type(client).objects.get(pk=client.pk).risk_level == RiskLevel.HIGH)

    assert refreshed, "the worker did not run the task within 30 seconds"


def test_the_reminder_tasks_run_through_a_real_worker(owner):
    waiting = IncomingRequestFactory(client=ClientFactory(owner=owner), received_at=timezone.now() - timedelta(days=2))
    from_form = IncomingRequestFactory(client=ClientFactory(owner=owner), channel="website")

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        sweep_reminders_task.delay()
        intake_notify_task.delay(from_form.pk)
        reminded = wait_for(lambda: Reminder.objects.filter(incoming=waiting, kind=ReminderKind.UNTRIAGED).exists())
        notified = wait_for(lambda: IncomingRequest.objects.get(pk=from_form.pk).owner_notified_at is not None)

    assert reminded and notified
    assert any(from_form.title in message.subject for message in mail.outbox)
