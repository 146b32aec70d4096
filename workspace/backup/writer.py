"""Writing a checked backup in short transactions, and taking it back out if anything goes wrong.

SQLite has one write lock for the whole site (IMMEDIATE transactions take it at BEGIN). The restore
writes BATCH_ROWS rows per transaction and builds them before the transaction starts, so another user's
page (which writes its session) waits for one batch at most, not for the whole restore. Each batch
records, in its own transaction, the id range it inserted (`on_batch`): a failure, even a worker killed
half-way, removes exactly those rows (`rows_remove`), again one range per transaction.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, router, transaction
from django.db.models import AutoField, sql
from django.utils.translation import gettext as _

from accounts.models import Profile
from clients.models import Client

from .checks import clean_messages
from .document import PROFILE_FIELDS, BackupError, m2m_fields, model_key, owned_models, plain_fields, row_label

BATCH_ROWS = 1000

# bulk_create does not call save(): what a model's save() does before an insert is done here instead.
# tests/workspace/test_restore_jobs.py fails when an owned model overrides save() without an entry.
BEFORE_INSERT: dict[type, Callable] = {Client: Client.refresh_match_keys}


@dataclass
class LockClock:
    """How long the restore held the write lock: each transaction from BEGIN to COMMIT."""

    longest: float = 0.0
    total: float = 0.0
    transactions: int = 0

    @contextmanager
    def held(self) -> Iterator[None]:
        started = None
        try:
            with transaction.atomic():
                started = time.perf_counter()  # BEGIN IMMEDIATE has taken the lock
                yield
        finally:
            if started is not None:
                elapsed = time.perf_counter() - started
                self.longest = max(self.longest, elapsed)
                self.total += elapsed
                self.transactions += 1


class _Refused(Exception):
    """Carries the words for a row the database refused out of the transaction, which rolls back."""


def rows_write(*, owner, document: dict, clock: LockClock, on_batch: Callable[[str, int, int, int], None]) -> dict:
    """Insert every row, parents first; `on_batch(key, first_id, last_id, count)` runs inside each batch."""
    id_maps: dict[type, dict[int, int]] = {}
    counts = {}
    for model in owned_models():
        key = model_key(model)
        rows = sorted(document["data"].get(key, []), key=lambda row: row["id"])
        id_maps[model] = {}
        for start in range(0, len(rows), BATCH_ROWS):
            chunk = rows[start : start + BATCH_ROWS]
            instances = [_build(model, row, owner, id_maps) for row in chunk]
            inserts = _Inserts(model, instances)  # Django compiles the SQL before the lock is taken
            try:
                with clock.held():
                    inserts.run()
                    _links_write(model, chunk, instances, id_maps)
                    pks = [instance.pk for instance in instances]
                    on_batch(key, min(pks), max(pks), len(pks))
            except IntegrityError as error:
                raise BackupError(_refused_row(model, chunk, owner, id_maps, clock)) from error
            id_maps[model].update((row["id"], instance.pk) for row, instance in zip(chunk, instances, strict=True))
        counts[key] = len(rows)
    return counts


class _Inserts:
    """What bulk_create does, in two steps: compile the INSERT … RETURNING statements, then run them.

    Compiling (every value through its field) is nine tenths of bulk_create's time; done before the
    transaction, it no longer holds the write lock. The statements are Django's own (`InsertQuery`).
    """

    def __init__(self, model, instances: list):
        self.model, self.instances = model, instances
        self.connection = connections[router.db_for_write(model)]
        self.statements = []
        if not self.connection.features.can_return_rows_from_bulk_insert:
            return  # run() falls back to bulk_create (SQLite ≥ 3.35 and PostgreSQL never do)
        opts = model._meta
        fields = [f for f in opts.concrete_fields if not f.generated and not isinstance(f, AutoField)]
        size = max(self.connection.ops.bulk_batch_size(fields, instances), 1)
        for start in range(0, len(instances), size):
            query = sql.InsertQuery(model)
            query.insert_values(fields, instances[start : start + size])
            compiler = query.get_compiler(connection=self.connection)
            compiler.returning_fields = [opts.pk]
            self.statements += compiler.as_sql()

    def run(self) -> None:
        if not self.statements:
            self.model.objects.bulk_create(self.instances)
            return
        pks = []
        with self.connection.cursor() as cursor:
            for statement, params in self.statements:
                cursor.execute(statement, params)
                pks += [row[0] for row in cursor.fetchall()]
        for instance, pk in zip(self.instances, pks, strict=True):
            instance.pk = pk
            instance._state.adding = False
            instance._state.db = self.connection.alias


def profile_write(profile: Profile, *, clock: LockClock, on_done: Callable[[], None]) -> None:
    with clock.held():
        profile.save(update_fields=[Profile._meta.get_field(name).attname for name in PROFILE_FIELDS])
        on_done()


def rows_remove(*, owner, written: list, clock: LockClock, on_removed: Callable[[list], None]) -> None:
    """Delete the rows a restore wrote, children first, one recorded range per transaction."""
    models = {model_key(m): m for m in owned_models()}
    rank = {key: position for position, key in enumerate(models)}
    for entry in sorted(written, key=lambda entry: -rank[entry[0]]):
        key, first, last = entry
        with clock.held():
            models[key].objects.owned_by(owner).filter(pk__gte=first, pk__lte=last).delete()
            on_removed(entry)


def _build(model, row: dict, owner, id_maps):
    values = {"owner": owner}
    for field in plain_fields(model):
        if field.attname not in row:
            continue
        value = row[field.attname]
        if value is not None:
            value = id_maps[field.related_model][value] if field.is_relation else field.to_python(value)
        values[field.attname] = value
    instance = model(**values)
    before_insert = BEFORE_INSERT.get(model)
    if before_insert:
        before_insert(instance)
    return instance


def _links_write(model, chunk: list[dict], instances: list, id_maps) -> None:
    for field in m2m_fields(model):
        through = field.remote_field.through
        source, target = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
        targets = id_maps[field.related_model]
        links = [
            through(**{source: instance.pk, target: targets[old]})
            for row, instance in zip(chunk, instances, strict=True)
            for old in sorted(set(row.get(field.name, [])))
        ]
        through.objects.bulk_create(links)


def _refused_row(model, chunk: list[dict], owner, id_maps, clock: LockClock) -> list[str]:
    """Which row of a refused batch the database refuses, and why, in words; nothing stays written."""
    try:
        with clock.held():
            for row in chunk:
                instance = _build(model, row, owner, id_maps)
                try:
                    with transaction.atomic():
                        model.objects.bulk_create([instance])
                except IntegrityError:
                    raise _Refused(_refusal(model, row, instance)) from None
            raise _Refused([_("%(record)s and the records after it were refused by the database.")
                            % {"record": row_label(model, chunk[0]["id"])}])  # fmt: skip
    except _Refused as refused:
        return refused.args[0]


def _refusal(model, row: dict, instance) -> list[str]:
    """The rule a refused row breaks, as Django words it; the rows before it are in the transaction."""
    label = row_label(model, row["id"])
    try:
        instance.validate_unique()
        instance.validate_constraints()
    except ValidationError as error:
        return clean_messages(model, label, error)
    return [_("%(record)s contradicts another record of the file: the database refuses it.") % {"record": label}]
