"""A user's whole data as one JSON document (export), and back into an empty account (restore).

Format (version 1): {"format": "tact-backup", "version": 1, "exported_at": ISO time, "profile": {...},
"data": {"<app_label>.<model>": [{"id": old id, "<field>": value, ...}, ...]}}. Foreign keys hold the
old ids of rows in the same file; many-to-many fields hold lists of old ids; dates and decimals are
strings. Rows of every owned model are listed, parents before children, in id order.
Restore checks the whole file before writing anything and writes it in one transaction. A model that
moved to another app keeps its rows: RENAMED_KEYS reads its old key as the new one.
"""

from __future__ import annotations

import json
from graphlib import TopologicalSorter
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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


class BackupError(ValidationError):
    """The file cannot be restored; nothing was changed."""


def owned_models() -> list[type[models.Model]]:
    """Every owned model, each after the owned models it points to."""
    owned = [m for m in apps.get_models() if issubclass(m, OwnedModel)]
    graph = {
        model: {
            field.related_model
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model in owned and field.related_model is not model
        }
        for model in owned
    }
    return list(TopologicalSorter(graph).static_order())


def model_key(model) -> str:
    return model._meta.label_lower


def _plain_fields(model):
    return [f for f in model._meta.concrete_fields if f.name not in SKIPPED_FIELDS]


def _m2m_fields(model):
    return list(model._meta.many_to_many)


def backup_export(*, owner) -> dict[str, Any]:
    data = {}
    for model in owned_models():
        plain, m2m = _plain_fields(model), _m2m_fields(model)
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
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(_("This file is not a Tact backup: it is not valid JSON.")) from error
    return backup_validate(document)


def backup_validate(document) -> dict:
    """The checks that need no database: format name, version, sections."""
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise BackupError(_("This file is not a Tact backup."))
    if document.get("version") != FORMAT_VERSION:
        raise BackupError(
            _("This backup has format version %(found)s; this Tact restores version %(expected)s.")
            % {"found": document.get("version"), "expected": FORMAT_VERSION}
        )
    if not isinstance(document.get("data"), dict) or not isinstance(document.get("profile"), dict):
        raise BackupError(_("This backup is incomplete: its data or profile section is missing."))
    document["data"] = {RENAMED_KEYS.get(key, key): rows for key, rows in document["data"].items()}
    return document


def _account_is_empty(owner) -> bool:
    return not any(model.objects.owned_by(owner).exists() for model in owned_models())


@transaction.atomic
def backup_restore(*, owner, document: dict) -> dict[str, int]:
    """Restore into an empty account; any problem raises BackupError and rolls everything back."""
    backup_validate(document)
    if not _account_is_empty(owner):
        raise BackupError(_("Restore only works into an empty account: this one already has data."))
    id_maps: dict[type[models.Model], dict[int, int]] = {}
    counts = {}
    known = {model_key(m): m for m in owned_models()}
    unknown = set(document["data"]) - set(known)
    if unknown:
        raise BackupError(
            _("This backup holds unknown kinds of data: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))}
        )
    try:
        for model in owned_models():
            rows = document["data"].get(model_key(model), [])
            id_maps[model] = {}
            pending_m2m = []
            for row in sorted(rows, key=lambda r: r["id"]):
                instance = _build(model, row, owner, id_maps)
                instance.full_clean(validate_unique=False, validate_constraints=False)
                instance.save()
                id_maps[model][row["id"]] = instance.pk
                pending_m2m.append((instance, row))
            for instance, row in pending_m2m:
                for field in _m2m_fields(model):
                    target_map = id_maps.get(field.related_model, {})
                    getattr(instance, field.name).set([target_map[old] for old in row.get(field.name, [])])
            counts[model_key(model)] = len(rows)
        profile = Profile.objects.get(user=owner)
        for name in PROFILE_FIELDS:
            if name in document["profile"]:
                setattr(profile, name, document["profile"][name])
        profile.full_clean(exclude=["user", "intake_token", "calendar_token"])
        profile.save()
    except BackupError:
        raise
    except (KeyError, TypeError, ValueError, ValidationError) as error:
        raise BackupError(_("This backup is damaged and was not restored (%(detail)s).") % {"detail": error}) from error
    except Exception as error:  # a constraint refused a row: the file contradicts itself
        raise BackupError(
            _("This backup is inconsistent and was not restored (%(detail)s).") % {"detail": error}
        ) from error
    return counts


def _build(model, row: dict, owner, id_maps) -> models.Model:
    values = {"owner": owner}
    for field in _plain_fields(model):
        if field.attname not in row:
            continue
        value = row[field.attname]
        if field.is_relation and value is not None:
            target_map = id_maps.get(field.related_model)
            if target_map is None or value not in target_map:
                raise BackupError(
                    _("This backup points to a missing %(kind)s (id %(id)s).")
                    % {"kind": field.related_model._meta.verbose_name, "id": value}
                )
            value = target_map[value]
        elif value is not None and not field.is_relation:
            value = field.to_python(value)
        values[field.attname] = value
    return model(**values)


@transaction.atomic
def account_delete(*, owner) -> None:
    """Remove the user and every row they own, children first (history rows protect their parents)."""
    for model in reversed(owned_models()):
        for field in _m2m_fields(model):
            field.remote_field.through.objects.filter(**{f"{model._meta.model_name}__owner": owner}).delete()
        model.objects.owned_by(owner).delete()
    owner.delete()
