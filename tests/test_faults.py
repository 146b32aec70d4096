"""Faults: a worker dying half-way through a sweep, the database away at start-up. Nothing lost, nothing doubled."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.factories import ClientFactory, IncomingRequestFactory, InvoiceFactory, ProjectFactory, ReferralFactory
from workspace import reminders
from workspace.models import Reminder

ROOT = Path(__file__).resolve().parents[1]


class WorkerKilled(Exception):
    pass


def _dies(*, now=None):
    raise WorkerKilled


@pytest.mark.django_db
def test_a_sweep_killed_half_way_and_run_again_records_every_reminder_once(owner, monkeypatch):
    now = timezone.now()
    client = ClientFactory(owner=owner)
    IncomingRequestFactory(client=client, received_at=now - timedelta(days=2))
    InvoiceFactory(
        project=ProjectFactory(client=client),
        issued_on=now.date() - timedelta(days=60),
        due_on=now.date() - timedelta(days=20),
    )
    ReferralFactory(colleague__owner=owner, direction="received", outcome="won")
    # The worker dies after the first sweeps: what they recorded is committed, the rest is not done.
    killed = list(reminders.SWEEPS)
    killed.insert(2, _dies)
    monkeypatch.setattr(reminders, "SWEEPS", tuple(killed))
    with pytest.raises(WorkerKilled):
        reminders.reminders_sweep(now=now)
    half = Reminder.objects.filter(owner=owner).count()
    monkeypatch.undo()
    # Celery redelivers the unacknowledged task (acks_late): it runs again from the start.
    reminders.reminders_sweep(now=now)
    reminders.reminders_sweep(now=now)
    assert half == 1
    assert sorted(Reminder.objects.filter(owner=owner).values_list("kind", flat=True)) == [
        "invoice_overdue",
        "thank_you",
        "untriaged",
    ]


def test_the_app_starts_while_its_database_is_unreachable(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": "postgres://tact@127.0.0.1:1/tact",  # nothing listens on port 1
        "TACT_VAR_DIR": str(tmp_path),
    }
    env.pop("REDIS_URL", None)
    started = subprocess.run(
        [sys.executable, "-c", "from config.wsgi import application; print('ready')"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode == 0, started.stderr
    assert "ready" in started.stdout


@pytest.mark.django_db(transaction=True)
def test_pages_come_back_by_themselves_when_the_database_returns(client, owner):
    client.force_login(owner)
    assert client.get(reverse("dashboard")).status_code == 200
    real_name = connection.settings_dict["NAME"]
    connection.close()
    # The database goes away: a file that cannot be opened, or a database that does not exist.
    connection.settings_dict["NAME"] = "/nonexistent/tact.sqlite3" if connection.vendor == "sqlite" else "tact_gone"
    client.raise_request_exception = False
    try:
        assert client.get(reverse("dashboard")).status_code == 500
    finally:
        connection.close()
        connection.settings_dict["NAME"] = real_name
    assert client.get(reverse("dashboard")).status_code == 200
