"""Backup and restore: a user's whole data out as JSON, back into an empty account, nothing half-done.

The restore's job, its batches and its messages: test_restore_jobs.py and test_restore_messages.py; the
site staying responsive during a 100,000-row restore: test_restore_lock.py.
"""

import json

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client as DjangoClient
from django.urls import reverse

from clients.models import Client
from config.celery import app as celery_app
from mail.models import MailAccount
from projects.models import State
from tests.factories import (
    BlacklistEventFactory,
    BookingFactory,
    ClientFactory,
    ColleagueFactory,
    DecisionFactory,
    IncomingRequestFactory,
    InvoiceFactory,
    MailAccountFactory,
    ProjectFactory,
    RedFlagFactory,
    ReferralFactory,
    ReminderFactory,
    ReplyTemplateFactory,
    SkillFactory,
    TagFactory,
    TimeOffFactory,
    UserFactory,
)
from triage.models import ReplyTemplate
from workspace.backup import BackupError, account_delete, backup_export, backup_restore, owned_models
from workspace.backup.document import backup_dumps
from workspace.models import Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery(monkeypatch):
    """The worker's part runs in the test, at once (Celery's eager mode)."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


def populate(owner):
    tag = TagFactory(owner=owner, name="bakery")
    client = ClientFactory(owner=owner, name="Boulangerie Lefèvre", notes="Très sympathique,\n« fidèle »")
    client.tags.add(tag)
    skill = SkillFactory(owner=owner, name="logo")
    incoming = IncomingRequestFactory(client=client, state=State.ACCEPTED)
    incoming.skills.add(skill)
    DecisionFactory(incoming=incoming)
    project = ProjectFactory(client=client, incoming=incoming)
    BookingFactory(project=project)
    invoice = InvoiceFactory(project=project)
    RedFlagFactory(client=client, invoice=invoice, project=project)
    BlacklistEventFactory(client=ClientFactory(owner=owner, is_blacklisted=True))
    colleague = ColleagueFactory(owner=owner)
    colleague.skills.add(skill)
    ReferralFactory(colleague=colleague, client=client, incoming=incoming)
    TimeOffFactory(owner=owner)


def normalised(document):
    """The content of a backup with every id replaced by its rank in its own table."""
    ranks = {key: {row["id"]: rank for rank, row in enumerate(rows)} for key, rows in document["data"].items()}
    by_model = {m._meta.label_lower: m for m in owned_models()}
    result = {}
    for key, rows in document["data"].items():
        model = by_model[key]
        relations = {
            f.attname: f.related_model._meta.label_lower
            for f in model._meta.concrete_fields
            if f.is_relation and f.name != "owner"
        }
        relations.update({f.name: f.related_model._meta.label_lower for f in model._meta.many_to_many})
        result[key] = []
        for row in rows:
            clean = {}
            for name, value in row.items():
                if name == "id":
                    continue
                target = relations.get(name)
                if target and isinstance(value, list):
                    value = sorted(ranks[target][v] for v in value)
                elif target and value is not None:
                    value = ranks[target][value]
                clean[name] = value
            result[key].append(clean)
    return {"profile": document["profile"], "data": result}


def test_a_round_trip_gives_the_same_content_apart_from_ids_and_owner(owner):
    populate(owner)
    first = backup_export(owner=owner)
    newcomer = UserFactory(username="newcomer")
    backup_restore(owner=newcomer, document=first)
    second = backup_export(owner=newcomer)
    assert normalised(second) == normalised(first)
    filled = {key for key, rows in first["data"].items() if rows}
    assert filled >= {
        "clients.client",
        "clients.tag",
        "clients.redflag",
        "clients.blacklistevent",
        "projects.skill",
        "projects.incomingrequest",
        "projects.decision",
        "projects.project",
        "projects.booking",
        "projects.invoice",
        "projects.timeoff",
        "referrals.colleague",
        "referrals.referral",
    }


def test_restoring_needs_an_empty_account_and_changes_nothing_otherwise(owner):
    populate(owner)
    document = backup_export(owner=owner)
    before = Client.objects.filter(owner=owner).count()
    with pytest.raises(BackupError):
        backup_restore(owner=owner, document=document)
    assert Client.objects.filter(owner=owner).count() == before


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.update(version=99),
        lambda d: d.update(format="something-else"),
        lambda d: d.pop("data"),
        lambda d: d["data"]["projects.project"][0].update(client_id=987654),
        lambda d: d["data"]["clients.client"][0].update(email="not an email"),
        lambda d: d["data"]["projects.invoice"][0].update(amount="-12"),
        lambda d: d["data"].update({"unknown.thing": []}),
    ],
    ids=[
        "wrong version",
        "not a backup",
        "no data",
        "dangling reference",
        "bad email",
        "negative amount",
        "unknown kind",
    ],
)
def test_a_corrupt_or_wrong_version_file_is_refused_with_nothing_changed(owner, damage):
    populate(owner)
    document = backup_export(owner=owner)
    damage(document)
    newcomer = UserFactory(username="newcomer")
    with pytest.raises(BackupError):
        backup_restore(owner=newcomer, document=document)
    assert all(not model.objects.filter(owner=newcomer).exists() for model in owned_models())


def test_the_commands_export_and_import_a_user(owner, tmp_path):
    populate(owner)
    path = tmp_path / "backup.json"
    call_command("export_user", "owner", output=str(path))
    call_command("import_user", "copy", str(path))
    copy = UserFactory._meta.model.objects.get(username="copy")
    assert Client.objects.filter(owner=copy).count() == Client.objects.filter(owner=owner).count()


def test_a_user_downloads_a_backup_and_restores_it_in_another_account(
    client, owner, eager_celery, django_capture_on_commit_callbacks
):
    populate(owner)
    client.force_login(owner)
    response = client.get(reverse("backup_download"))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    client.force_login(UserFactory(username="newcomer"))
    upload = SimpleUploadedFile("backup.json", response.content, content_type="application/json")
    with django_capture_on_commit_callbacks(
        execute=True
    ):  # the upload queues the job; the (eager) worker runs it once the upload commits
        assert client.post(reverse("backup_restore"), {"backup": upload}).status_code == 302
    assert Client.objects.filter(owner__username="newcomer", name="Boulangerie Lefèvre").exists()
    assert "Backup restored" in client.get(reverse("backup_restore")).content.decode()


def test_a_file_that_is_not_a_backup_gets_a_clear_message(owner_client):
    upload = SimpleUploadedFile("photo.json", b"\x89PNG not json", content_type="application/json")
    response = owner_client.post(reverse("backup_restore"), {"backup": upload})
    assert response.status_code == 200
    assert "not a Tact backup" in response.content.decode()


def test_deleting_the_account_leaves_no_row_of_that_user(client, owner, other_user, password):
    populate(owner)
    populate(other_user)
    client.force_login(owner)
    refused = client.post(reverse("account_delete"), {"password": "wrong"})
    assert refused.status_code == 200
    assert UserFactory._meta.model.objects.filter(pk=owner.pk).exists()
    assert client.post(reverse("account_delete"), {"password": password}).status_code == 302
    assert not UserFactory._meta.model.objects.filter(pk=owner.pk).exists()
    assert all(not model.objects.filter(owner_id=owner.pk).exists() for model in owned_models(with_unbacked=True))
    assert Client.objects.filter(owner=other_user).count() == 2


def test_a_backup_never_holds_the_mailbox_passwords_and_deleting_the_account_removes_the_mailbox(owner):
    populate(owner)
    MailAccountFactory(owner=owner, imap_password="imap-secret-9f3", smtp_password="smtp-secret-9f3")
    raw = backup_dumps(backup_export(owner=owner))
    assert "imap-secret-9f3" not in raw and "smtp-secret-9f3" not in raw
    assert "mail." not in "".join(json.loads(raw)["data"])
    account_delete(owner=owner)
    assert not MailAccount.objects.filter(owner_id=owner.pk).exists()


def login_records(username):
    """What django-axes keeps of a username: an attempt, a login, a failure (as the login page writes them)."""
    fields = {
        "username": username,
        "ip_address": "203.0.113.7",
        "user_agent": "Firefox",
        "path_info": "/accounts/login/",
    }
    AccessAttempt.objects.create(**fields, http_accept="*/*", get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**fields, http_accept="*/*")
    AccessFailureLog.objects.create(**fields, http_accept="*/*")


def test_deleting_the_account_removes_its_sessions_and_login_records(owner, other_user, password):
    login_records("owner")
    login_records("intruder")
    laptop, phone, intruder = DjangoClient(), DjangoClient(), DjangoClient()
    laptop.force_login(owner)
    phone.force_login(owner)
    intruder.force_login(other_user)
    assert Session.objects.count() == 3

    assert laptop.post(reverse("account_delete"), {"password": password}).status_code == 302

    for log in (AccessAttempt, AccessLog, AccessFailureLog):
        assert not log.objects.filter(username="owner").exists()
        assert log.objects.filter(username="intruder").exists()
    assert [s.get_decoded().get("_auth_user_id") for s in Session.objects.all()] == [str(other_user.pk)]
    assert phone.get(reverse("dashboard")).status_code == 302  # the other browser is logged out too
    assert intruder.get(reverse("dashboard")).status_code == 200


def test_account_delete_service_removes_many_to_many_links(owner):
    populate(owner)
    account_delete(owner=owner)
    assert not Client.tags.through.objects.exists()


def test_a_backup_is_plain_json(owner):
    populate(owner)
    assert json.loads(json.dumps(backup_export(owner=owner)))["version"] == 1


def test_a_round_trip_of_the_demo_dataset_at_scale_one_gives_the_same_content():
    call_command("demo", user="demo-backup", password="demo-password-1", scale=1, verbosity=0)
    demo = UserFactory._meta.model.objects.get(username="demo-backup")
    first = backup_export(owner=demo)
    newcomer = UserFactory(username="newcomer")
    counts = backup_restore(owner=newcomer, document=json.loads(json.dumps(first)))
    assert counts["clients.client"] == 40
    assert counts["projects.incomingrequest"] == 120
    assert normalised(backup_export(owner=newcomer)) == normalised(first)


def test_a_backup_made_before_models_moved_app_restores_them_under_their_new_app(owner):
    """Reminders moved from accounts to workspace, reply templates from projects to triage: old files still restore."""
    incoming = IncomingRequestFactory(client=ClientFactory(owner=owner))
    ReminderFactory(owner=owner, incoming=incoming, subject_key=f"incoming:{incoming.pk}")
    ReplyTemplateFactory(owner=owner, subject="Mon merci")
    document = backup_export(owner=owner)
    for old, new in (("accounts.reminder", "workspace.reminder"), ("projects.replytemplate", "triage.replytemplate")):
        document["data"][old] = document["data"].pop(new)
    newcomer = UserFactory(username="newcomer")
    counts = backup_restore(owner=newcomer, document=json.loads(json.dumps(document)))
    assert counts["workspace.reminder"] == 1 and counts["triage.replytemplate"] == 1
    assert ReplyTemplate.objects.owned_by(newcomer).get().subject == "Mon merci"
    assert Reminder.objects.owned_by(newcomer).get().incoming.title == incoming.title
