"""PostgreSQL's plan of every query a page runs (issue #20): no sequential scan over an owned table.

Each page is requested in-process while the queries it sends are recorded (SQL and parameters, as Django hands
them to the driver); each read is then explained (`EXPLAIN (FORMAT JSON)`, the plan only, nothing run again),
and every plan node is walked. A `Seq Scan` over a table of an `OwnedModel` reads every tenant's rows to find
one user's: at 10,000 tenants that is the failure the benchmark reports. At a few users PostgreSQL rightly
prefers a sequential scan over a table of a few pages, so smaller runs report the scans without failing.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection

from accounts.models import OwnedModel


@dataclass
class Scan:
    page: str
    table: str
    sql: str
    node: dict

    def describe(self) -> str:
        node = {k: v for k, v in self.node.items() if k != "Plans"}
        short = self.sql if len(self.sql) < 600 else self.sql[:600] + " …"
        return f"{self.page}: Seq Scan on {self.table}\n  query: {short}\n  plan node: {node}"


@dataclass
class ExplainResult:
    pages: int = 0
    queries: int = 0
    scans: list[Scan] = field(default_factory=list)  # over owned tables
    other_scans: dict[str, int] = field(default_factory=dict)  # table → scans, over tables no user owns
    rows: dict[str, int] = field(default_factory=dict)  # owned table → rows (the planner's statistics)


def owned_tables() -> set[str]:
    return {
        model._meta.db_table
        for model in apps.get_models()
        if issubclass(model, OwnedModel) and not model._meta.proxy and model._meta.managed
    }


def reads_of(browser, url: str) -> list[tuple[str, object]]:
    """The SELECTs a request sends, with their parameters."""
    recorded = []

    def record(execute, sql, params, many, context):
        if not many and sql.lstrip().upper().startswith(("SELECT", "WITH")):
            recorded.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = browser.get(url)
    return recorded if response.status_code == 200 else []


def plan_of(sql: str, params) -> dict:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        document = cursor.fetchone()[0]
    return document[0]["Plan"]


def nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def explain_pages(browser, urls: dict[str, str]) -> ExplainResult:
    """Explain every read of every page (PostgreSQL only)."""
    owned = owned_tables()
    result = ExplainResult()
    for page, url in sorted(urls.items()):
        reads = reads_of(browser, url)
        result.pages += bool(reads)
        for sql, params in reads:
            result.queries += 1
            for node in nodes(plan_of(sql, params)):
                if node.get("Node Type") != "Seq Scan":
                    continue
                table = node.get("Relation Name", "")
                if table in owned:
                    result.scans.append(Scan(page=page, table=table, sql=_readable(sql, params), node=node))
                else:
                    result.other_scans[table] = result.other_scans.get(table, 0) + 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, GREATEST(reltuples, 0)::bigint FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s)",
            [sorted(owned)],
        )
        result.rows = dict(cursor.fetchall())
    return result


def _readable(sql: str, params) -> str:
    """The query with its parameters in place, for the report only (the EXPLAIN itself is parameterised)."""
    try:
        return sql % tuple(repr(v) if isinstance(v, str) else v for v in params or ())
    except (TypeError, ValueError):
        return f"{sql} -- parameters: {params!r}"


def explain_render(result: ExplainResult, *, enforce_from_rows: int | None, label: str) -> tuple[list[str], list[str]]:
    """(lines of the report, problems). A scan is a problem when `enforce_from_rows` is given and its table holds at
    least that many rows: over an empty or tiny table (one the demo does not fill) it costs nothing and says
    nothing about the plan the table will get once full, so it is listed apart."""
    judged = [
        scan
        for scan in result.scans
        if enforce_from_rows is not None and result.rows.get(scan.table, 0) >= enforce_from_rows
    ]
    unjudged = [s for s in result.scans if s not in judged]
    lines = [
        "",
        f"## Query plans ({label})",
        "",
        f"`EXPLAIN (FORMAT JSON)` of the {result.queries} reads of {result.pages} pages: "
        f"**{len(judged) if enforce_from_rows is not None else len(result.scans)} sequential scans over owned "
        "tables**"
        + (
            f" holding at least {enforce_from_rows:,} rows; the benchmark fails on any."
            if enforce_from_rows is not None
            else "; not enforced at this size, where PostgreSQL rightly reads a table of a few pages whole."
        ),
    ]
    if unjudged:
        tables = sorted({scan.table for scan in unjudged})
        sizes = ", ".join(f"{table} ({result.rows.get(table, 0):,} rows)" for table in tables)
        pages = ", ".join(sorted({scan.page for scan in unjudged}))
        lines.append(
            ("Not judged, the tables being too small for their plans to mean anything: " if enforce_from_rows else "")
            + f"{len(unjudged)} sequential scans over {sizes}, on the pages {pages}."
        )
    if result.other_scans:
        others = ", ".join(f"{table} ({count})" for table, count in sorted(result.other_scans.items()))
        lines.append(f"Sequential scans over tables no user owns (not counted): {others}.")
    return lines, [scan.describe() for scan in judged]
