"""A refused backup says what is wrong in the file, record by record, never in Python's words (issue #17).

Each damage below is refused with nothing written, and its message names the kind of record, its id in
the file and the field. Deeply nested JSON, a reply template that would break the triage page, the
profile's own rules and the row limit are refused the same way, and the restore page never answers 500.
"""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import ClientFactory, ProjectFactory, ReplyTemplateFactory, TagFactory, UserFactory
from workspace.backup import MAX_ROWS, BackupError, backup_export, backup_restore, owned_models

pytestmark = pytest.mark.django_db

PYTHON_WORDS = ("instances of", "NoneType", "Traceback", "KeyError", "TypeError", "object has no", "not supported")


@pytest.fixture
def document(owner):
    client = ClientFactory(owner=owner, name="Boulangerie Lefèvre")
    ProjectFactory(client=client)
    TagFactory(owner=owner, name="bakery")
    return backup_export(owner=owner)


def refusal(document) -> list[str]:
    newcomer = UserFactory(username="newcomer")
    with pytest.raises(BackupError) as refused:
        backup_restore(owner=newcomer, document=json.loads(json.dumps(document)))
    assert all(not model.objects.filter(owner=newcomer).exists() for model in owned_models())
    for message in refused.value.messages:
        assert not any(word in message for word in PYTHON_WORDS), message
    return refused.value.messages


def first(document, key):
    return document["data"][key][0]


@pytest.mark.parametrize(
    "damage, expected",
    [
        (lambda d: first(d, "clients.client").update(id=None), "Client, entry 1: it has no whole-number id."),
        (lambda d: first(d, "clients.client").update(email="not an email"), "Client #{c}, email: Enter a valid"),
        (
            lambda d: first(d, "projects.project").update(client_id=987654),
            "Project #{p}, client: it points to Client #987654, which is not in the file.",
        ),
        (
            lambda d: first(d, "projects.project").update(client_id=None),
            "Project #{p}, client: this field is required.",
        ),
        (
            lambda d: first(d, "projects.project").update(start=20260101),
            "Project #{p}, start: this value is not of the",
        ),
        (lambda d: first(d, "projects.project").update(hours="lots"), "Project #{p}, hours: “lots” value must be a"),
        (lambda d: first(d, "clients.client").update(notes={"a": [1]}), "Client #{c}, notes: this value must be text"),
        (lambda d: first(d, "clients.client").update(language="xx"), "Client #{c}, language: Value 'xx' is not a"),
        (lambda d: first(d, "clients.client").update(tags=[5555]), "Client #{c}, tags: it points to Tag #5555"),
        (lambda d: d["data"]["clients.client"].append(dict(first(d, "clients.client"))), "Client #{c} appears more"),
        (lambda d: d["data"]["clients.client"].append("text"), "Client, entry 2: it is not a record."),
        (
            lambda d: first(d, "projects.project").update(end="2000-01-01"),
            "Project #{p}: Constraint “project_end_after_start” is violated.",
        ),
        (
            lambda d: d["data"]["clients.tag"].append({**first(d, "clients.tag"), "id": 99}),
            # Either of the two rows may be the one the database refuses (SQLite and PostgreSQL differ).
            ("Tag #", ": Tag with this Owner and Name already exists."),
        ),
        (lambda d: d["profile"].update(minimum_hourly_rate="-5"), "Profile, minimum hourly rate: Ensure this value"),
        (lambda d: d["profile"].update(target_hourly_rate="1"), "Profile: Constraint “profile_target_rate_not_below"),
        (lambda d: d["profile"].update(signature=["x"]), "Profile, signature: this value must be text"),
        (lambda d: d["profile"].update(time_zone="Mars/Olympus"), "Profile, time zone: "),
        (lambda d: d["profile"].update(untriaged_reminder_hours=9_999_999_999), "Profile, remind me of an untriaged"),
    ],
    ids=[
        "no id (was Python's '<' not supported…)",
        "bad email",
        "dangling reference",
        "missing required reference",
        "date of the wrong kind",
        "not a number",
        "nested value",
        "unknown choice",
        "many-to-many to a missing row",
        "same id twice",
        "row that is not a record",
        "check constraint, refused while writing",
        "unique constraint, refused while writing",
        "profile validator",
        "profile constraint",
        "profile nested value",
        "profile time zone not in zoneinfo",
        "profile bound a sweep would choke on",
    ],
)
def test_each_problem_is_named_by_record_id_and_field(document, damage, expected):
    ids = {"c": first(document, "clients.client")["id"], "p": first(document, "projects.project")["id"]}
    damage(document)
    messages = refusal(document)
    prefix, suffix = expected if isinstance(expected, tuple) else (expected.format(**ids), "")
    assert any(message.startswith(prefix) and message.endswith(suffix) for message in messages), messages


def test_every_problem_of_the_file_is_listed_not_only_the_first(document):
    first(document, "clients.client").update(email="nope", website="nope either")
    first(document, "projects.project").update(client_id=1234)
    assert len(refusal(document)) == 3


def test_a_reply_template_with_a_lone_brace_is_refused_on_restore(owner):
    """It would make the templates page and the triage page answer 500 (issue #17, finding 8)."""
    template = ReplyTemplateFactory(owner=owner, body="Bonjour {client_name, à bientôt")
    ReplyTemplateFactory(owner=owner, language="fr", subject="Merci {unknown}", body="Bonjour")
    messages = refusal(backup_export(owner=owner))
    assert f"Reply template #{template.pk}, body: A brace is not closed" in messages[0]
    assert "subject: Unknown variable: unknown." in messages[1]


def post_backup(client, raw: bytes):
    upload = SimpleUploadedFile("backup.json", raw, content_type="application/json")
    return client.post(reverse("backup_restore"), {"backup": upload})


def test_deeply_nested_json_gets_a_clear_message_and_no_500(owner_client):
    response = post_backup(owner_client, b"[" * 100_000 + b"]" * 100_000)
    assert response.status_code == 200
    assert "nested far too deeply" in response.content.decode()


def test_nesting_inside_a_row_is_refused_before_anything_is_queued(owner_client, document):
    first(document, "clients.client")["notes"] = json.loads("[" * 500 + "]" * 500)
    response = post_backup(owner_client, json.dumps(document).encode())
    assert response.status_code == 200
    assert "notes: this value must be text, a number, true, false or null." in response.content.decode()


def test_a_file_with_more_rows_than_the_limit_is_refused_at_once(owner_client):
    """200,000 rows: about 35 s of a worker and 250 MB of its memory (measured; see document.MAX_ROWS)."""
    rows = [{"id": n} for n in range(MAX_ROWS + 1)]
    raw = json.dumps({"format": "tact-backup", "version": 1, "profile": {}, "data": {"clients.tag": rows}})
    response = post_backup(owner_client, raw.encode())
    assert response.status_code == 200
    assert "This backup holds 200,001 records; Tact restores at most 200,000 at a time." in response.content.decode()
