"""A PostgreSQL database of many tenants (issue #20): each a busy year of demo history, built in minutes.

The demo command writes through the services, about two seconds a user: ten thousand users would take six hours.
So a few *template* users are built by the demo command (their history is the services' own), the reminder sweep
runs over them, and every other tenant is a copy of one of them, streamed into PostgreSQL by COPY: each row of a
template is written once per copy with new ids, its foreign keys pointing to the copy's rows and its owner to the
copy's user. Which tables are copied is read from the models (every table with a foreign key to the user, or to
such a table), so a new app's tables follow without a change here.

The database is kept between runs: its comment records how it was built (tenants, templates, the migrations on
disk, this generator's version), and a database whose comment matches is reused as it is.

    python -m benchmarks.crowd --tenants 10000 --database-url postgres://postgres@127.0.0.1:5432/tact_bench
"""

import argparse
import hashlib
import io
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.server import (  # noqa: E402
    database_comment,
    database_named,
    database_recreate,
    django_on_a_fresh_database,
)

GENERATOR_VERSION = 1
TEMPLATES = 10
TEMPLATE_SEED = 7000
PASSWORD = "bench-password-1"  # noqa: S105 (the users of a throw-away database)
NULL = "\\N"  # COPY's text format
BATCH_LINES = 20_000


@dataclass
class Table:
    """One table to copy: its columns, which of them are ids to renumber, and the templates' rows."""

    model: type
    columns: list[str]
    # column position → the Table whose ids it holds (itself for the primary key)
    renumbered: dict[int, "Table"] = field(default_factory=dict)
    unique: list[int] = field(default_factory=list)  # text columns unique across the table: prefixed per copy
    rows: dict[int, list[list[str]]] = field(default_factory=dict)  # template number → rows (text fields)
    index: dict[str, int] = field(default_factory=dict)  # a template row's id → its position in its template
    stride: int = 0  # ids reserved per copy: the largest template's row count
    base: int = 0  # the largest id before the copies

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    def new_id(self, copy: int, old_id: str) -> int:
        return self.base + 1 + copy * self.stride + self.index[old_id]


@dataclass
class BuildReport:
    tenants: int
    templates: int
    reused: bool
    seconds: dict[str, float] = field(default_factory=dict)  # step → seconds
    rows: dict[str, int] = field(default_factory=dict)  # table → rows in the database

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


def schema_signature() -> str:
    """The migrations on disk: a database built before a new migration is built again."""
    from django.db.migrations.loader import MigrationLoader

    names = sorted(f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]


def marker(tenants: int) -> str:
    return f"tact-bench tenants={tenants} templates={TEMPLATES} schema={schema_signature()} v={GENERATOR_VERSION}"


def tables_to_copy() -> list[Table]:
    """Every concrete table reached from the user by foreign keys, parents before children."""
    user_model = get_user_model()
    candidates = [m for m in apps.get_models(include_auto_created=True) if m._meta.managed and not m._meta.proxy]
    reached = {user_model}
    while added := {m for m in candidates if m not in reached and any(_target(f) in reached for f in _links(m))}:
        reached |= added
    ordered = [user_model]
    while len(ordered) < len(reached):
        ready = [
            model
            for model in candidates
            if model in reached
            and model not in ordered
            and all(_target(f) in ordered or _target(f) is model or _target(f) not in reached for f in _links(model))
        ]
        if not ready:
            raise NotImplementedError(f"foreign keys in a cycle: {sorted(str(m) for m in reached - set(ordered))}")
        ordered += ready
    tables = {model: Table(model=model, columns=[f.column for f in model._meta.concrete_fields]) for model in ordered}
    for model, table in tables.items():
        for position, model_field in enumerate(model._meta.concrete_fields):
            if model_field.primary_key:
                if not isinstance(model_field, models.AutoField | models.BigAutoField):
                    raise NotImplementedError(f"{table.name}: only integer primary keys are renumbered")
                table.renumbered[position] = table
            elif model_field.is_relation and _target(model_field) in tables:
                table.renumbered[position] = tables[_target(model_field)]
            elif model_field.unique:
                if not isinstance(model_field, models.CharField | models.TextField):
                    raise NotImplementedError(f"{table.name}.{model_field.column}: a unique column of this type")
                table.unique.append(position)
        _check_constraints(table)
    return list(tables.values())


def _links(model) -> list:
    return [f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)]


def _target(model_field):
    return model_field.remote_field.model


def _selection_link(model, by_model: dict):
    """Which foreign key says whose a row is: the owner when there is one, else a link that is never empty."""
    links = [f for f in _links(model) if _target(f) in by_model and _target(f) is not model]
    owner = [f for f in links if _target(f) is get_user_model()]
    return (owner or [f for f in links if not f.null] or links)[0]


def _check_constraints(table: Table) -> None:
    """A copy keeps every multi-column unique constraint when one of its columns is renumbered."""
    renumbered = {table.columns[position] for position in table.renumbered}
    meta = table.model._meta
    groups = [list(group) for group in meta.unique_together]
    groups += [list(c.fields) for c in meta.constraints if isinstance(c, models.UniqueConstraint)]
    for group in groups:
        columns = {meta.get_field(name).column for name in group}
        if not columns or not columns & renumbered:
            raise NotImplementedError(f"{table.name}: a unique constraint the copies would break: {group}")


def load_templates(tables: list[Table], template_ids: list[int]) -> None:
    """Read the templates' rows as COPY text, and number each row within its template."""
    by_model = {table.model: table for table in tables}
    owner_of: dict[tuple[type, str], int] = {}  # (model, id) → template number
    connection.ensure_connection()
    raw = connection.connection
    for table in tables:
        model = table.model
        queryset = model._base_manager.all()
        if model is get_user_model():
            queryset = queryset.filter(pk__in=template_ids)
            parent, link = None, model._meta.pk
        else:
            link = _selection_link(model, by_model)
            parent = by_model[_target(link)]
            ids = [int(i) for i in parent.index]
            queryset = queryset.filter(**{f"{link.attname}__in": ids})
        if not queryset.exists():  # nothing to copy (and a table whose migration is pending is not read)
            continue
        query, params = (
            queryset.order_by("pk")
            .values_list(*[f.attname for f in model._meta.concrete_fields])
            .query.sql_with_params()
        )
        buffer = io.BytesIO()
        with raw.cursor() as cursor, cursor.copy(sql.SQL("COPY ({}) TO STDOUT").format(sql.SQL(query)), params) as out:
            for chunk in out:
                buffer.write(chunk)
        link_position = [f.column for f in model._meta.concrete_fields].index(link.column)
        pk_position = next(p for p, t in table.renumbered.items() if t is table)
        for line in buffer.getvalue().decode().split("\n")[:-1]:
            values = line.split("\t")
            template = (
                template_ids.index(int(values[pk_position]))
                if parent is None
                else owner_of[(parent.model, values[link_position])]
            )
            owner_of[(model, values[pk_position])] = template
            rows = table.rows.setdefault(template, [])
            table.index[values[pk_position]] = len(rows)
            rows.append(values)
        table.stride = max((len(rows) for rows in table.rows.values()), default=0)
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("SELECT COALESCE(MAX({}), 0) FROM {}")
                .format(sql.Identifier(model._meta.pk.column), sql.Identifier(table.name))
                .as_string(raw)
            )
            table.base = cursor.fetchone()[0]


def copy_lines(table: Table, copies: int, templates: int):
    """The COPY text of every copy's rows of this table, in batches."""
    user_table = table.model is get_user_model()
    username_position = table.columns.index(table.model.USERNAME_FIELD) if user_table else -1
    batch = []
    for copy in range(copies):
        rows = table.rows.get(copy % templates, [])
        for values in rows:
            new = list(values)
            for position, target in table.renumbered.items():
                if new[position] != NULL:
                    new[position] = str(target.new_id(copy, values[position]))
            for position in table.unique:
                if new[position] != NULL:
                    new[position] = f"c{copy}-{values[position]}"
            if user_table:
                new[username_position] = f"tenant{copy:05d}"
            batch.append("\t".join(new))
        if len(batch) >= BATCH_LINES:
            yield "\n".join(batch) + "\n"
            batch = []
    if batch:
        yield "\n".join(batch) + "\n"


def copy_tenants(tables: list[Table], copies: int, templates: int) -> dict[str, float]:
    """Stream every table's copies into PostgreSQL; foreign keys are not re-checked when the role allows it."""
    connection.ensure_connection()
    raw = connection.connection
    seconds = {}
    with raw.cursor() as cursor:
        try:  # superuser only: skips the foreign-key triggers, whose targets are written by this same load
            cursor.execute("SET session_replication_role = replica")
        except psycopg.errors.InsufficientPrivilege:  # without the right, the load only runs slower
            raw.rollback()
        cursor.execute("SET synchronous_commit = off")
    for table in [table for table in tables if table.rows]:
        started = time.monotonic()
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(column) for column in table.columns)
        )
        with raw.cursor() as cursor, cursor.copy(statement) as stream:
            for chunk in copy_lines(table, copies, templates):
                stream.write(chunk)
        raw.commit()
        seconds[table.name] = time.monotonic() - started
    with raw.cursor() as cursor:
        cursor.execute("SET session_replication_role = DEFAULT")
    raw.commit()
    return seconds


def tenants_copy(template_ids: list[int], copies: int) -> dict[str, float]:
    """Copy the template users `copies` times (users tenant00000, tenant00001…, each a copy of template
    number n % len(template_ids)); returns the seconds each table's COPY took."""
    tables = tables_to_copy()
    load_templates(tables, template_ids)
    seconds = copy_tenants(tables, copies, len(template_ids))
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [table.model for table in tables]):
            cursor.execute(statement)
    return seconds


def templates_build(count: int) -> list[int]:
    """The template users: the demo command's busy year (different seeds), then the reminder sweep and a reply
    template of their own, so that the tables the sweeps and settings fill have rows too."""
    from triage.services import reply_template_save
    from workspace.reminders import reminders_sweep

    for number in range(count):
        call_command(
            "demo", user=f"template{number:02d}", password=PASSWORD, scale=1, seed=TEMPLATE_SEED + number, verbosity=0
        )
    users = list(get_user_model().objects.filter(username__startswith="template").order_by("pk"))
    reminders_sweep()
    for user in users:
        reply_template_save(
            owner=user, decision="declined", reason="no_time", language="en", subject="Not now", body="Thank you."
        )
    return [user.pk for user in users]


def crowd_database(tenants: int) -> tuple[str, BuildReport]:
    """The name of a database of `tenants` users (less the one the benchmark adds), built unless kept from a run
    before. Django's connection is left on the database it was on."""
    name = f"{connection.settings_dict['NAME']}_tenants{tenants}"
    wanted = marker(tenants)
    report = BuildReport(tenants=tenants, templates=TEMPLATES, reused=database_comment(name) == wanted)
    if report.reused:
        with database_named(name):
            report.rows = table_rows()
        return name, report
    database_recreate(name)
    with database_named(name):
        step = _stepper(report)
        with step("migrate"):
            call_command("migrate", verbosity=0)
        with step(f"{TEMPLATES} template users (demo command, reminder sweep)"):
            template_ids = templates_build(TEMPLATES)
        copies = tenants - TEMPLATES - 1
        started = time.monotonic()
        per_table = tenants_copy(template_ids, copies)
        report.seconds[f"COPY {copies} copies (and read the templates, reset the sequences)"] = (
            time.monotonic() - started
        )
        for table_name, seconds in sorted(per_table.items(), key=lambda item: -item[1])[:5]:
            report.seconds[f"  of which {table_name}"] = seconds
        with step("VACUUM ANALYZE"), connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        report.rows = table_rows()
        with connection.cursor() as cursor:
            cursor.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}")
                .format(sql.Identifier(name), sql.Literal(wanted))
                .as_string(connection.connection)
            )
    return name, report


def _stepper(report: BuildReport):
    @contextmanager
    def step(label: str):
        started = time.monotonic()
        yield
        report.seconds[label] = time.monotonic() - started
        print(f"  {label}: {report.seconds[label]:.1f} s", flush=True)

    return step


def table_rows() -> dict[str, int]:
    """Rows per table of the connected database, from the planner's statistics (exact after VACUUM)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint FROM pg_class JOIN pg_namespace n ON n.oid = relnamespace "
            "WHERE relkind = 'r' AND nspname = 'public' AND reltuples > 0 ORDER BY relname"
        )
        return dict(cursor.fetchall())


def build_render(report: BuildReport) -> list[str]:
    lines = [
        f"{report.tenants} tenants: {report.total_rows:,} rows in {len(report.rows)} tables"
        + (", reused from an earlier run (its comment matches)." if report.reused else ", built:"),
    ]
    if not report.reused:
        total = sum(seconds for label, seconds in report.seconds.items() if not label.startswith(" "))
        lines += [f"- {label}: {seconds:.1f} s" for label, seconds in report.seconds.items()]
        lines.append(f"- total: {total:.0f} s ({report.total_rows / max(total, 1):,.0f} rows/s)")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tenants", type=int, default=10_000)
    parser.add_argument("--database-url", required=True, help="a PostgreSQL database of the server to build on")
    args = parser.parse_args()
    django_on_a_fresh_database(prefix="tact-crowd-", database_url=args.database_url)
    name, report = crowd_database(args.tenants)
    print(f"{name}:\n" + "\n".join(build_render(report)))


if __name__ == "__main__":
    main()
