import os
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests.factories import TEST_PASSWORD, UserFactory


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2):
            return True
    except OSError:
        return False


def pytest_sessionstart(session):
    """Under CI a configured service must answer: a missing one fails the run, it is never skipped."""
    checks = [("DATABASE_URL", 5432), ("REDIS_URL", 6379)]
    for variable, port in checks:
        url = os.environ.get(variable, "")
        if url and not url.startswith("sqlite") and not _reachable(url, port):
            pytest.exit(f"{variable}={url} is configured but does not answer", returncode=3)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Counters kept in the cache (rate limits, password checks) start at zero in every test."""
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends in the default language: a request served in French leaves French active in
    the thread, which would change what a later test reads."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def owner(db):
    return UserFactory(username="owner")


@pytest.fixture
def other_user(db):
    return UserFactory(username="intruder")


@pytest.fixture
def owner_client(client, owner):
    """Django's test client, logged in as `owner`."""
    client.force_login(owner)
    return client


@pytest.fixture
def other_client(client, other_user):
    client.force_login(other_user)
    return client


@pytest.fixture
def password():
    return TEST_PASSWORD
