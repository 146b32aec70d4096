"""The first run: a Celery worker that starts sweeps the reminders at once, not 15 minutes later with the beat.

The worker is a real `celery worker` process, as `make run` starts it, on the test database and the
configured broker (the filesystem queue by default, Redis in CI).
"""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery import SWEEP_ON_START, app
from tests.factories import ClientFactory, IncomingRequestFactory
from workspace.models import Reminder, ReminderKind
from workspace.tasks import sweep_reminders_task

ROOT = Path(__file__).resolve().parents[1]


def test_the_task_a_starting_worker_asks_for_is_the_reminder_sweep():
    assert sweep_reminders_task.name == SWEEP_ON_START
    assert SWEEP_ON_START in app.tasks


def current_database_url():
    """The database this test runs on, as a URL a new process reads (DATABASE_URL)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_that_starts_records_the_reminders_already_due(owner):
    waiting = IncomingRequestFactory(client=ClientFactory(owner=owner), received_at=timezone.now() - timedelta(days=2))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "TACT_VAR_DIR": str(settings.VAR_DIR),
        "DATABASE_URL": current_database_url(),
    }
    worker = subprocess.Popen(  # the worker of Procfile.dev, without the beat: only the start can sweep
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        reminded = wait_for(
            lambda: Reminder.objects.filter(incoming=waiting, kind=ReminderKind.UNTRIAGED).exists(), seconds=60
        )
    finally:
        worker.terminate()
        _out, errors = worker.communicate(timeout=30)
    assert reminded, f"no reminder a minute after the worker started; its log:\n{errors[-3000:]}"
    assert Reminder.objects.filter(incoming=waiting, kind=ReminderKind.UNTRIAGED).count() == 1
