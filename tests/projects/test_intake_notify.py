"""Issue #17, finding 5: a line break in a prospect's name or title marked the request "owner notified", then the
mail failed on its header, so the owner never heard of it.

Header fields are now made one line, and a send that fails gives the request back to the catch-up sweep; a
request is still mailed exactly once.
"""

from datetime import timedelta
from smtplib import SMTPException

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import profile_get
from projects import notifications
from projects.models import Channel, IncomingRequest
from projects.notifications import intake_notifications_sweep, intake_notify
from tests.factories import ClientFactory, IncomingRequestFactory
from tests.projects.test_intake import prospect

pytestmark = pytest.mark.django_db

LATER = timedelta(minutes=10)  # past the sweep's grace period


@pytest.fixture
def from_the_form(owner):
    """A request whose fields break a mail header, as any path that skips the form's cleaning could store them."""
    return IncomingRequestFactory(
        owner=owner,
        client=ClientFactory(owner=owner, name="Eve\r\nBcc: victim@example.com"),
        title="Logo\nSubject: free money",
        channel=Channel.WEBSITE,
    )


def test_a_line_break_in_the_name_or_title_is_mailed_once_on_one_line(from_the_form):
    assert intake_notify(incoming_id=from_the_form.pk) is True
    assert len(mail.outbox) == 1
    subject = mail.outbox[0].subject
    assert "\n" not in subject and "\r" not in subject
    assert "Eve Bcc: victim@example.com" in subject and subject.endswith(": Logo Subject: free money")
    assert mail.outbox[0].to == [from_the_form.owner.email] and not mail.outbox[0].bcc
    from_the_form.refresh_from_db()
    assert from_the_form.owner_notified_at is not None
    # The task arriving again, or the sweep, sends nothing more.
    assert intake_notify(incoming_id=from_the_form.pk) is False
    assert intake_notifications_sweep(now=timezone.now() + LATER) == 0
    assert len(mail.outbox) == 1


def test_a_failed_send_leaves_the_request_to_the_sweep_which_mails_it_once(from_the_form, monkeypatch):
    def broken(*args, **kwargs):
        raise SMTPException("mail server down")

    with monkeypatch.context() as patched:
        patched.setattr(notifications, "mail_profile", broken)
        with pytest.raises(SMTPException):
            intake_notify(incoming_id=from_the_form.pk)
    from_the_form.refresh_from_db()
    assert from_the_form.owner_notified_at is None  # not marked: the owner has not been told
    assert mail.outbox == []
    assert intake_notifications_sweep(now=timezone.now() + LATER) == 1
    assert intake_notifications_sweep(now=timezone.now() + LATER) == 0
    assert intake_notify(incoming_id=from_the_form.pk) is False
    assert len(mail.outbox) == 1


def test_the_public_form_stores_one_line_names_and_titles(client, owner):
    cache.clear()
    url = reverse("projects:intake", args=[profile_get(owner=owner).intake_token])
    response = client.post(
        url, prospect(name="Eve\r\nBcc: victim@example.com", title="Logo\nX-Spam: yes", company="A\nB", phone="01\r02")
    )
    assert response.status_code == 200
    incoming = IncomingRequest.objects.get(owner=owner)
    assert (incoming.client.name, incoming.title) == ("Eve Bcc: victim@example.com", "Logo X-Spam: yes")
    assert (incoming.client.company, incoming.client.phone) == ("A B", "01 02")
    assert intake_notify(incoming_id=incoming.pk) is True
    assert "Eve Bcc: victim@example.com" in mail.outbox[0].subject
    assert mail.outbox[0].subject.endswith(": Logo X-Spam: yes")


def test_a_mail_that_keeps_failing_is_given_up_after_three_days(from_the_form, monkeypatch):
    def refused(*args, **kwargs):
        raise SMTPException("recipient refused")

    monkeypatch.setattr(notifications, "mail_profile", refused)
    with pytest.raises(SMTPException):
        intake_notify(incoming_id=from_the_form.pk, now=from_the_form.received_at + timedelta(days=2))
    assert IncomingRequest.objects.get(pk=from_the_form.pk).owner_notified_at is None  # still retried
    with pytest.raises(SMTPException):
        intake_notify(incoming_id=from_the_form.pk, now=from_the_form.received_at + timedelta(days=4))
    assert IncomingRequest.objects.get(pk=from_the_form.pk).owner_notified_at is not None  # given up
    assert intake_notifications_sweep(now=from_the_form.received_at + timedelta(days=5)) == 0
