"""The backup file: what it holds, how it is written, and the checks that need no database.

Format (version 1): {"format": "tact-backup", "version": 1, "exported_at": ISO time, "profile": {...},
"data": {"<app_label>.<model>": [{"id": old id, "<field>": value, ...}, ...]}}. Foreign keys hold the
old ids of rows in the same file; many-to-many fields hold lists of old ids; dates and decimals are
strings. Rows of every owned model are listed, parents before children, in id order. A model that
moved to another app keeps its rows: RENAMED_KEYS reads its old key as the new one.
"""

from __future__ import annotations

import json
from graphlib import TopologicalSorter
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import OwnedModel, Profile

FORMAT_NAME = "tact-backup"
FORMAT_VERSION = 1
SKIPPED_FIELDS = {"id", "owner", "created_at", "updated_at"}
PROFILE_FIELDS = [
    f.name
    for f in Profile._meta.get_fields()
    if f.concrete and f.name not in {"id", "user", "intake_token", "calendar_token"}
]
# Keys of models that moved between apps, as written by backups made before the move.
RENAMED_KEYS = {
    "accounts.reminder": "workspace.reminder",
    "accounts.digestsent": "workspace.digestsent",
    "projects.replytemplate": "triage.replytemplate",
}
# 200,000 rows: a year of the demo's realistic activity holds 586, so this is centuries of history, and it
# still bounds the job: about 35 s in a worker (6,300 rows/s measured on 100,000 rows, test_restore_lock.py)
# and about 250 MB of its memory. A larger file is refused at upload, before anything is queued.
MAX_ROWS = 200_000
# Beyond this many problems a file is plainly not a backup of this Tact: the list stops there.
MAX_PROBLEMS = 50
SCALARS = (str, int, float, bool, type(None))


class BackupError(ValidationError):
    """The file cannot be restored; nothing was changed. Its messages name the record, the id and the field."""


# The mailbox settings hold passwords (encrypted at rest, but a backup file is plain JSON that leaves the
# server), and the mail log only makes sense with them: after a restore, the user fills in the mail settings
# again. The requests that came by mail are backed up like any other.
NOT_BACKED_UP_APPS = frozenset({"mail"})


def owned_models(*, with_unbacked: bool = False) -> list[type[models.Model]]:
    """Every owned model a backup holds (or every one at all), each after the owned models it points to."""
    owned = [
        m
        for m in apps.get_models()
        if issubclass(m, OwnedModel) and (with_unbacked or m._meta.app_label not in NOT_BACKED_UP_APPS)
    ]
    graph = {
        model: {
            field.related_model
            for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
            if field.is_relation and field.related_model in owned and field.related_model is not model
        }
        for model in owned
    }
    return list(TopologicalSorter(graph).static_order())


def model_key(model) -> str:
    return model._meta.label_lower


def model_name(model) -> str:
    return str(capfirst(model._meta.verbose_name))


def plain_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in SKIPPED_FIELDS]


def m2m_fields(model) -> list[models.ManyToManyField]:
    return list(model._meta.many_to_many)


def row_label(model, row_id) -> str:
    return _("%(model)s #%(id)s") % {"model": model_name(model), "id": row_id}


def field_label(model, name: str) -> str:
    """The name a user knows a field by ("client", "email"), from its key in the file ("client_id")."""
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if name in (field.name, field.attname):
            return str(field.verbose_name)
    return _short(name)


def field_problem(label: str, field_name: str, problem: str) -> str:
    return _("%(record)s, %(field)s: %(problem)s") % {"record": label, "field": field_name, "problem": problem}


def backup_export(*, owner) -> dict[str, Any]:
    data = {}
    for model in owned_models():
        plain, m2m = plain_fields(model), m2m_fields(model)
        rows = model.objects.owned_by(owner).order_by("pk").prefetch_related(*[f.name for f in m2m])
        data[model_key(model)] = [
            {
                "id": row.pk,
                **{f.attname: f.value_from_object(row) for f in plain},
                **{f.name: sorted(related.pk for related in getattr(row, f.name).all()) for f in m2m},
            }
            for row in rows
        ]
    profile = Profile.objects.get(user=owner)
    return json.loads(
        json.dumps(
            {
                "format": FORMAT_NAME,
                "version": FORMAT_VERSION,
                "exported_at": timezone.now(),
                "profile": {name: getattr(profile, name) for name in PROFILE_FIELDS},
                "data": data,
            },
            cls=DjangoJSONEncoder,
        )
    )


def backup_dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1, cls=DjangoJSONEncoder)


def backup_loads(raw: bytes | str) -> dict:
    try:
        document = json.loads(raw)
    except RecursionError as error:  # [[[[…]]]] thousands deep: Python's parser gives up
        raise BackupError(_("This file is not a Tact backup: its JSON is nested far too deeply.")) from error
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(_("This file is not a Tact backup: it is not valid JSON.")) from error
    return backup_validate(document)


def backup_validate(document) -> dict:
    """The checks that need no database: format, version, sections, kinds, row count, flat rows with ids.

    Returns the document reduced to what a restore reads, with the old keys of moved models renamed.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise BackupError(_("This file is not a Tact backup."))
    if document.get("version") != FORMAT_VERSION:
        raise BackupError(
            _("This backup has format version %(found)s; this Tact restores version %(expected)s.")
            % {"found": _short(document.get("version")), "expected": FORMAT_VERSION}
        )
    if not isinstance(document.get("data"), dict) or not isinstance(document.get("profile"), dict):
        raise BackupError(_("This backup is incomplete: its data or profile section is missing."))
    data = {}
    for key, rows in document["data"].items():
        new_key = RENAMED_KEYS.get(key, key)
        if new_key in data:
            raise BackupError(_("This backup lists the same kind of data twice (%(kind)s).") % {"kind": new_key})
        data[new_key] = rows
    known = {model_key(m): m for m in owned_models()}
    unknown = set(data) - set(known)
    if unknown:
        raise BackupError(
            _("This backup holds unknown kinds of data: %(kinds)s.")
            % {"kinds": ", ".join(_short(kind) for kind in sorted(unknown))}
        )
    not_lists = [model_name(known[key]) for key, rows in data.items() if not isinstance(rows, list)]
    if not_lists:
        kinds = ", ".join(not_lists)
        raise BackupError(_("This backup is damaged: these sections are not lists: %(kinds)s.") % {"kinds": kinds})
    total = sum(len(rows) for rows in data.values())
    if total > MAX_ROWS:
        raise BackupError(
            _("This backup holds %(count)s records; Tact restores at most %(limit)s at a time.")
            % {
                "count": number_format(total, force_grouping=True),
                "limit": number_format(MAX_ROWS, force_grouping=True),
            }
        )
    problems = _profile_shape(document["profile"])
    for key, rows in data.items():
        problems += _rows_shape(known[key], rows)
        if len(problems) >= MAX_PROBLEMS:
            break
    if problems:
        raise BackupError(problems_listed(problems))
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "profile": document["profile"], "data": data}


def problems_listed(problems: list[str]) -> list[str]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS
    return [
        *problems[:MAX_PROBLEMS],
        ngettext("… and %(count)d more problem.", "… and %(count)d more problems.", more) % {"count": more},
    ]


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:60] + "…"


def is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _entry(model, number: int) -> dict:
    return {"model": model_name(model), "number": number}


def _profile_shape(profile: dict) -> list[str]:
    label = model_name(Profile)
    return [
        field_problem(label, field_label(Profile, name), _("this value must be text, a number, true, false or null."))
        for name, value in profile.items()
        if name in PROFILE_FIELDS and not isinstance(value, SCALARS)
    ]


def _rows_shape(model, rows: list) -> list[str]:
    """Each row a flat record with a whole-number id, each id once; a many-to-many value a list of ids."""
    problems: list[str] = []
    seen: set[int] = set()
    m2m = {f.name for f in m2m_fields(model)}
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            problems.append(_("%(model)s, entry %(number)d: it is not a record.") % _entry(model, number))
            continue
        row_id = row.get("id")
        if not is_id(row_id):
            problems.append(_("%(model)s, entry %(number)d: it has no whole-number id.") % _entry(model, number))
            continue
        label = row_label(model, row_id)
        if row_id in seen:
            problems.append(_("%(record)s appears more than once.") % {"record": label})
        seen.add(row_id)
        for name, value in row.items():
            if name in m2m:
                if not isinstance(value, list) or not all(is_id(v) for v in value):
                    problems.append(field_problem(label, field_label(model, name), _("this must be a list of ids.")))
            elif not isinstance(value, SCALARS):
                problem = _("this value must be text, a number, true, false or null.")
                problems.append(field_problem(label, field_label(model, name), problem))
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems
