"""With the broker unreachable, the web app keeps working: pages answer, and enqueueing fails fast and quietly."""

import logging
import time

import pytest
from django.db import transaction
from django.urls import reverse

from accounts.background import enqueue_after_commit
from config.celery import app
from config.settings.base import redis_cache
from tests.urlcrawl import OBJECT_MAKERS, TOKEN_KWARGS, url_patterns
from workspace.tasks import sweep_reminders_task

pytestmark = pytest.mark.django_db(transaction=True)
DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def drop_pooled_connections():
    """The next publish then connects to the broker now configured (Celery does the same after a fork)."""
    app._after_fork()


@pytest.fixture
def dead_broker():
    previous = app.conf.broker_url
    app.conf.broker_url = DEAD_BROKER
    drop_pooled_connections()
    yield
    app.conf.broker_url = previous
    drop_pooled_connections()


def test_enqueueing_on_a_dead_broker_neither_raises_nor_hangs(dead_broker, caplog):
    # On the module's own logger: a Celery worker started in this process earlier leaves the root logger at
    # ERROR with its own handlers (pytest's capture removed).
    caplog.set_level(logging.WARNING, logger="accounts.background")
    background = logging.getLogger("accounts.background")
    background.addHandler(caplog.handler)
    started = time.monotonic()
    with transaction.atomic():
        enqueue_after_commit(sweep_reminders_task)
    assert time.monotonic() - started < 5
    background.removeHandler(caplog.handler)
    assert "the periodic sweep will catch up" in caplog.text


def test_every_page_answers_while_redis_is_down(dead_broker, settings, client, owner):
    settings.CACHES = {"default": redis_cache(DEAD_BROKER)}
    client.force_login(owner)
    failures = []
    for name, kwargs in url_patterns():
        if any(k in TOKEN_KWARGS for k in kwargs) or not all(k in OBJECT_MAKERS for k in kwargs):
            continue
        url = reverse(name, kwargs={k: OBJECT_MAKERS[k](owner).pk for k in kwargs})
        status = client.get(url).status_code
        if status >= 500:
            failures.append((url, status))
    assert failures == []
