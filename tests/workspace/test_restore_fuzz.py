"""Generated hostile backups (issue #17): whatever the document, no 5xx, nothing half-written, others still served."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from accounts.models import DigestFrequency, Profile
from tests.factories import ClientFactory, IncomingRequestFactory, UserFactory
from workspace.backup import BackupError, backup_export, backup_restore, owned_models
from workspace.models import Reminder
from workspace.notifications import digests_send, reminders_email
from workspace.reminders import reminders_sweep

pytestmark = pytest.mark.django_db

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["Mars/Olympus", "<b>", "{", "=HYPERLINK(1)", "9999999999", "2026-02-30", "-1e309"]),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)


def _mutate(document: dict, data) -> dict:
    """A valid backup with a few values replaced by hostile ones: the damage the checks must find."""
    for _ in range(data.draw(st.integers(min_value=1, max_value=4), label="changes")):
        section = data.draw(st.sampled_from(["profile", "data"]), label="section")
        if section == "profile":
            key = data.draw(st.sampled_from(sorted(document["profile"])), label="profile field")
            document["profile"][key] = data.draw(JSON, label="value")
            continue
        filled = [key for key, rows in document["data"].items() if rows]
        key = data.draw(st.sampled_from(filled), label="model")
        row = data.draw(st.sampled_from(document["data"][key]), label="row")
        field = data.draw(st.sampled_from(sorted(row)), label="field")
        row[field] = data.draw(JSON, label="value")
    return document


@settings(max_examples=1, phases=[Phase.generate], deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_hostile_backups_never_answer_5xx_nor_leave_rows_and_the_sweeps_still_serve_others(client, owner, data):
    source = UserFactory(username="source")
    incoming = IncomingRequestFactory(client=ClientFactory(owner=source))
    source_document = backup_export(owner=source)
    assert incoming.pk
    client.force_login(owner)
    url = reverse("backup_restore")
    for attempt in range(12):
        if attempt % 3 == 0:
            document = data.draw(JSON, label="any json")  # not even a backup
        else:
            document = _mutate(json.loads(json.dumps(source_document)), data)
        upload = SimpleUploadedFile("backup.json", json.dumps(document, default=str).encode(), "application/json")
        response = client.post(url, {"backup": upload})
        assert response.status_code < 500, document
        try:  # the same document through the job, as the worker runs it
            backup_restore(owner=owner, document=document)
        except BackupError:
            pass
        else:  # it was a valid backup after all: empty the account for the next attempt
            for model in reversed(owned_models()):
                model.objects.owned_by(owner).delete()
        assert not any(model.objects.owned_by(owner).exists() for model in owned_models() if model is not Reminder)
        Profile.objects.get(user=owner).full_clean(exclude=["user", "intake_token", "calendar_token"])

    other = UserFactory(username="someone-else")
    Profile.objects.filter(user=other).update(digest_frequency=DigestFrequency.DAILY)
    IncomingRequestFactory(client=ClientFactory(owner=other), received_at=timezone.now() - timedelta(days=2))
    mail.outbox.clear()
    reminders_sweep()
    reminders_email()
    digests_send()
    assert Reminder.objects.filter(owner=other).exists()
    assert sum(message.to == [other.email] for message in mail.outbox) == 2
