"""The benchmark's plan check (benchmarks/explain.py) names the page, the query and the plan node of a sequential
scan over an owned table, and fails only at the size where it is judged. PostgreSQL only: SQLite has no such plans."""

import pytest
from django.db import connection
from django.urls import reverse

from benchmarks.explain import explain_pages, explain_render
from tests import factories

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN (FORMAT JSON) is PostgreSQL's")


@pytest.fixture
def client_list(owner_client, owner):
    factories.ClientFactory.create_batch(3, owner=owner)
    factories.ClientFactory.create_batch(3)  # someone else's
    return {"clients:client_list": reverse("clients:client_list")}


def _read_whole_tables():
    """Make PostgreSQL read every table whole, as it would over a table missing its owner's index."""
    with connection.cursor() as cursor:  # for this test's transaction only
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")


@pytest.mark.django_db
def test_a_sequential_scan_over_an_owned_table_fails_with_its_page_query_and_plan_node(owner_client, client_list):
    _read_whole_tables()
    result = explain_pages(owner_client, client_list)

    lines, problems = explain_render(result, enforce_from_rows=0, label="every table judged")

    scans = [problem for problem in problems if problem.startswith("clients:client_list: Seq Scan on clients_client")]
    assert scans, problems
    assert '"clients_client"."owner_id" = ' in scans[0]  # the query, its parameters in place
    assert "'Node Type': 'Seq Scan'" in scans[0] and "'Filter'" in scans[0]  # the plan node
    assert "the benchmark fails on any" in "\n".join(lines)


@pytest.mark.django_db
def test_scans_over_small_tables_are_listed_without_failing(owner_client, client_list):
    _read_whole_tables()
    result = explain_pages(owner_client, client_list)

    judged_lines, judged = explain_render(result, enforce_from_rows=1_000_000, label="ten thousand tenants")
    quick_lines, quick = explain_render(result, enforce_from_rows=None, label="two users")

    assert judged == [] and quick == []
    assert "clients_client (" in "\n".join(judged_lines)  # named with its size, as not judged
    assert "not enforced at this size" in "\n".join(quick_lines)
