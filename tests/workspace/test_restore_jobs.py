"""The restore as a background job: short transactions, all or nothing, one at a time, followed on its page.

SQLite has one write lock for the whole site; the restore takes it one batch at a time (issue #17,
finding 3). The timing under load is test_restore_lock.py; here, what each batch leaves behind.
"""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from config.celery import app as celery_app
from tests.factories import ClientFactory, ProjectFactory, TagFactory, UserFactory
from workspace.backup import (
    BUSY,
    STALE_AFTER,
    BackupError,
    backup_export,
    backup_restore,
    owned_models,
    restore_job_run,
    restore_job_start,
    writer,
)
from workspace.models import RestoreJob, RestoreStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery(monkeypatch):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)


@pytest.fixture
def document(owner):
    tag = TagFactory(owner=owner, name="bakery")
    for n in range(7):
        ClientFactory(owner=owner, name=f"Client {n}").tags.add(tag)
    ProjectFactory(client=ClientFactory(owner=owner, name="With a project"))
    return json.loads(json.dumps(backup_export(owner=owner)))


@pytest.fixture
def newcomer(db):
    return UserFactory(username="newcomer")


def rows_of(user) -> int:
    return sum(model.objects.filter(owner=user).count() for model in owned_models())


def test_rows_are_written_in_batches_each_recorded_with_its_id_range(document, newcomer, monkeypatch):
    monkeypatch.setattr(writer, "BATCH_ROWS", 3)
    counts = backup_restore(owner=newcomer, document=document)
    job = RestoreJob.objects.get(owner=newcomer)
    assert counts["clients.client"] == 8
    clients = [entry for entry in job.written if entry[0] == "clients.client"]
    assert len(clients) == 3  # 3 + 3 + 2 clients
    assert job.status == RestoreStatus.DONE and job.written_rows == rows_of(newcomer) == job.total_rows
    assert 0 < job.longest_lock_ms < 1000
    assert job.document == b""  # the file is not kept once restored


def test_a_failure_while_writing_takes_back_every_batch_already_committed(document, newcomer, monkeypatch):
    """The project comes last and breaks a check constraint: the tags and clients written before go too."""
    monkeypatch.setattr(writer, "BATCH_ROWS", 3)
    document["data"]["projects.project"][0]["end"] = "2000-01-01"
    with pytest.raises(BackupError, match="project_end_after_start"):
        backup_restore(owner=newcomer, document=document)
    job = RestoreJob.objects.get(owner=newcomer)
    assert job.status == RestoreStatus.FAILED and job.written == []
    assert rows_of(newcomer) == 0


class WorkerKilled(BaseException):
    """Stands for the worker's process killed half-way: nothing in the restore catches it."""


def test_a_restore_whose_worker_died_is_taken_back_when_delivered_again(document, newcomer, monkeypatch):
    monkeypatch.setattr(writer, "BATCH_ROWS", 3)
    job = restore_job_start(owner=newcomer, document=document)
    real_links_write = writer._links_write

    def dies_on_the_third_batch(model, chunk, *args):
        if RestoreJob.objects.get(pk=job.pk).written_rows >= 4:
            raise WorkerKilled
        real_links_write(model, chunk, *args)

    monkeypatch.setattr(writer, "_links_write", dies_on_the_third_batch)
    with pytest.raises(WorkerKilled):
        restore_job_run(job.pk)
    monkeypatch.setattr(writer, "_links_write", real_links_write)
    assert rows_of(newcomer) == 4  # two batches committed, the third rolled back with the process
    assert restore_job_run(job.pk) == BUSY  # it may still be running somewhere: the task retries later

    RestoreJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - STALE_AFTER - timedelta(seconds=1))
    assert restore_job_run(job.pk) == RestoreStatus.FAILED
    job.refresh_from_db()
    assert rows_of(newcomer) == 0
    assert job.errors == ["The restore was interrupted; nothing of it was kept. Restore the file again."]


def test_a_second_restore_cannot_start_while_one_runs(document, newcomer):
    restore_job_start(owner=newcomer, document=document)
    with pytest.raises(BackupError, match="already running"):
        restore_job_start(owner=newcomer, document=document)
    # The database says so too, for two uploads at the same instant.
    with pytest.raises(IntegrityError), transaction.atomic():
        RestoreJob.objects.create(owner=newcomer)


def test_while_it_runs_the_account_says_so_and_refuses_downloads_and_deletion(client, document, newcomer, password):
    restore_job_start(owner=newcomer, document=document)
    client.force_login(newcomer)
    page = client.get(reverse("backup_restore")).content.decode()
    assert "This account is being restored from a backup." in page
    assert 'hx-trigger="every 2s"' in page and 'type="file"' not in page
    fragment = client.get(reverse("backup_restore"), headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="restore"') and "<html" not in fragment
    assert client.get(reverse("backup_download")).url == reverse("backup_restore")
    refused = client.post(reverse("account_delete"), {"password": password})
    assert "wait until it ends" in refused.content.decode()
    assert UserFactory._meta.model.objects.filter(pk=newcomer.pk).exists()


def test_the_page_lists_what_is_wrong_after_a_failed_restore(
    client, document, newcomer, eager_celery, django_capture_on_commit_callbacks
):
    document["data"]["clients.client"][0]["email"] = "not an email"
    client.force_login(newcomer)
    upload = json.dumps(document).encode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("backup_restore"), {"backup": _file(upload)})
    assert response.status_code == 302
    page = client.get(reverse("backup_restore")).content.decode()
    assert "The backup was not restored; your account is as it was." in page
    assert "email: Enter a valid email address." in page
    assert 'type="file"' in page  # the user can try again with a corrected file


def test_a_restore_into_an_account_with_data_is_refused_at_upload(owner_client, document):
    response = owner_client.post(reverse("backup_restore"), {"backup": _file(json.dumps(document).encode())})
    assert "Restore only works into an empty account" in response.content.decode()
    assert not RestoreJob.objects.exists()


def test_every_model_that_overrides_save_has_its_before_insert_step():
    """The writer inserts without save(): what a save() does must be in writer.BEFORE_INSERT."""
    overriding = {model for model in owned_models() if "save" in vars(model)}
    assert overriding == set(writer.BEFORE_INSERT)


def test_restored_clients_have_their_matching_keys(document, newcomer):
    backup_restore(owner=newcomer, document=document)
    restored = Client.objects.get(owner=newcomer, name="With a project")
    assert restored.name_key == "with a project"


def _file(raw: bytes):
    return SimpleUploadedFile("backup.json", raw, content_type="application/json")


def test_a_stalled_restore_is_sent_again_from_the_page_and_undoes_itself(
    client, document, newcomer, eager_celery, django_capture_on_commit_callbacks
):
    job = restore_job_start(owner=newcomer, document=document)
    tag = TagFactory(owner=newcomer, name="written before the worker died")
    long_ago = timezone.now() - STALE_AFTER - timedelta(minutes=1)
    RestoreJob.objects.filter(pk=job.pk).update(
        status=RestoreStatus.WRITING, written=[["clients.tag", tag.pk, tag.pk]], updated_at=long_ago
    )
    client.force_login(newcomer)
    assert "its background worker stopped" in client.get(reverse("backup_restore")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("backup_restore"), {"backup": _file(json.dumps(document).encode())})
    assert "it has been sent again" in response.content.decode()
    job.refresh_from_db()
    assert job.status == RestoreStatus.FAILED and rows_of(newcomer) == 0
