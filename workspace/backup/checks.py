"""Every row and the profile checked as the database will see them, before anything is written.

Each row gets the model's `full_clean` (field types, lengths, choices, validators, `clean()`) with its
references left to this module, which looks them up among the file's own ids: a reference to a missing
row is named as such, and no row of another user is ever read. Reply templates are also checked as their
form checks them (variables, braces), so a template that would break the triage page is refused.
Uniqueness and check constraints are the database's while writing; a refused row is named then
(`writer._refusal`), and what was written is taken back.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from accounts.models import Profile
from triage.forms import ReplyTemplateForm

from .document import (
    MAX_PROBLEMS,
    PROFILE_FIELDS,
    BackupError,
    field_label,
    field_problem,
    is_id,
    m2m_fields,
    model_key,
    model_name,
    owned_models,
    plain_fields,
    problems_listed,
    row_label,
)

PROGRESS_EVERY = 5000
PROFILE_EXCLUDED = ["user", "intake_token", "calendar_token"]


def _reply_template_problems(row: dict) -> dict[str, list[str]]:
    form = ReplyTemplateForm(data={"subject": row.get("subject") or "", "body": row.get("body") or ""})
    return {} if form.is_valid() else {name: list(errors) for name, errors in form.errors.items()}


# Checks a row needs beyond its model's own, by model key: the rules the app's forms enforce on entry.
ROW_CHECKS: dict[str, Callable[[dict], dict[str, list[str]]]] = {"triage.replytemplate": _reply_template_problems}


def backup_check(*, owner, document: dict, progress: Callable[[int], None] | None = None) -> Profile:
    """Raise BackupError listing every problem (up to MAX_PROBLEMS); return the profile, ready to save."""
    ids = {model: {row["id"] for row in document["data"].get(model_key(model), [])} for model in owned_models()}
    problems: list[str] = []
    checked = 0
    for model in owned_models():
        for row in document["data"].get(model_key(model), []):
            problems += _row_problems(model, row, ids)
            checked += 1
            if progress and checked % PROGRESS_EVERY == 0:
                progress(checked)
            if len(problems) > MAX_PROBLEMS:
                raise BackupError(problems_listed(problems))
    profile, profile_problems = profile_prepared(owner=owner, values=document["profile"])
    problems += profile_problems
    if problems:
        raise BackupError(problems_listed(problems))
    return profile


def profile_prepared(*, owner, values: dict) -> tuple[Profile, list[str]]:
    """The owner's profile with the file's values set (not saved), and what is wrong with them."""
    profile = Profile.objects.get(user=owner)
    problems: list[str] = []
    excluded = list(PROFILE_EXCLUDED)
    label = model_name(Profile)
    for name in PROFILE_FIELDS:
        if name not in values:
            continue
        field = Profile._meta.get_field(name)
        problem = _conversion_problem(field, values[name])
        if problem:
            problems += [field_problem(label, str(field.verbose_name), text) for text in problem]
            excluded.append(name)
        else:
            setattr(profile, field.attname, values[name])
    try:
        profile.full_clean(exclude=excluded)
    except ValidationError as error:
        problems += clean_messages(Profile, label, error)
    return profile, problems


def _conversion_problem(field, value) -> list[str]:
    try:
        field.to_python(value)
    except ValidationError as error:
        return error.messages
    except (TypeError, ValueError, ArithmeticError):
        return [_("this value is not of the right kind.")]
    return []


def _row_problems(model, row: dict, ids: dict) -> list[str]:
    """Field by field, then `full_clean`; the words are only built for a row that has a problem."""
    problems: list[tuple[str, str]] = []  # (field name, problem); "" for the whole row
    values = {}
    excluded = {"owner"}
    for field in plain_fields(model):
        value = row.get(field.attname)
        if field.is_relation:
            excluded.add(field.name)
            if value is None:
                if not field.null:
                    problems.append((field.name, _("this field is required.")))
            elif not is_id(value):
                problems.append((field.name, _("this must be the id of a record of the file.")))
            elif value not in ids.get(field.related_model, ()):
                problems.append((field.name, _missing(field.related_model, value)))
        elif field.attname in row:
            conversion = _conversion_problem(field, value)
            problems += [(field.name, text) for text in conversion]
            if conversion:
                excluded.add(field.name)
            else:
                values[field.attname] = value
    for field in m2m_fields(model):
        for value in row.get(field.name, []):
            if value not in ids.get(field.related_model, ()):
                problems.append((field.name, _missing(field.related_model, value)))
    try:
        # Check constraints are the database's to enforce while writing: a query per row and constraint here
        # would double the restore's time. A refused row is named then, with the constraint's message.
        model(**values).full_clean(exclude=excluded, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        problems += [(name, text) for name, texts in error.message_dict.items() for text in texts]
    extra = ROW_CHECKS.get(model_key(model))
    if extra:
        problems += [(name, text) for name, texts in extra(row).items() for text in texts]
    if not problems:
        return []
    label = row_label(model, row["id"])
    return [_sentence(model, label, name, text) for name, text in problems]


def _missing(target, value) -> str:
    return _("it points to %(record)s, which is not in the file.") % {"record": row_label(target, value)}


def clean_messages(model, label: str, error: ValidationError) -> list[str]:
    """A model's ValidationError as sentences naming the record and the field, never Python's text."""
    return [_sentence(model, label, name, text) for name, texts in error.message_dict.items() for text in texts]


def _sentence(model, label: str, name: str, text: str) -> str:
    if name in ("", NON_FIELD_ERRORS):
        return _("%(record)s: %(problem)s") % {"record": label, "problem": text}
    return field_problem(label, field_label(model, name), text)
