"""How the web server holds its PostgreSQL connections (measured by benchmarks/connections.py): persistent and
health-checked by default, Django's psycopg pool when DATABASE_POOL is set; SQLite keeps its own settings."""

from config.settings.base import database_from_url

URL = "postgres://tact@db.example.org:5432/tact"


def test_postgresql_connections_persist_and_are_checked_by_default(monkeypatch):
    monkeypatch.delenv("DATABASE_POOL", raising=False)
    monkeypatch.delenv("CONN_MAX_AGE", raising=False)

    database = database_from_url(URL)

    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True
    assert "pool" not in database.get("OPTIONS", {})


def test_the_pool_replaces_persistent_connections_when_asked(monkeypatch):
    monkeypatch.setenv("DATABASE_POOL", "true")
    monkeypatch.setenv("DATABASE_POOL_SIZE", "6")

    database = database_from_url(URL)

    assert database["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections
    assert database["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 6, "timeout": 10}


def test_sqlite_is_left_as_it_was_whatever_the_pool_setting(monkeypatch):
    monkeypatch.setenv("DATABASE_POOL", "true")

    database = database_from_url("sqlite:////tmp/tact.sqlite3")

    assert "pool" not in database["OPTIONS"]
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
