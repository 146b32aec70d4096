"""Concurrent writers queue on the database instead of failing."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from clients.models import Tag
from tests.factories import UserFactory

WRITERS, WRITES_EACH = 4, 25


@pytest.mark.django_db(transaction=True)
def test_concurrent_read_then_write_transactions_never_fail_with_database_is_locked():
    owner = UserFactory()

    def writer(number: int) -> int:
        try:
            for write in range(WRITES_EACH):
                with transaction.atomic():
                    existing = Tag.objects.filter(owner=owner).count()  # a read first, then a write
                    Tag.objects.create(owner=owner, name=f"w{number}-{write}-{existing}")
            return WRITES_EACH
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        written = sum(pool.map(writer, range(WRITERS)))

    assert written == WRITERS * WRITES_EACH
    assert Tag.objects.filter(owner=owner).count() == WRITERS * WRITES_EACH


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_foreign_keys():
    if connection.vendor != "sqlite":
        assert connection.vendor == "postgresql"
        return
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
