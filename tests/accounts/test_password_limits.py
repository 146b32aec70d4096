"""A password guesser holding a session, and a mail bomber on the reset form, are stopped (issue #17, finding 9)."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_wrong_passwords_on_password_change_end_the_session_after_five(owner, owner_client, password):
    url = reverse("password_change")
    wrong = {"old_password": "not it", "new_password1": "An0ther-long-pass", "new_password2": "An0ther-long-pass"}
    statuses = [owner_client.post(url, wrong).status_code for _ in range(8)]
    assert statuses[:4] == [200] * 4 and statuses[4] == 429
    assert owner_client.get(reverse("dashboard")).status_code == 302  # logged out: back to the login page
    owner.refresh_from_db()
    assert owner.check_password(password)  # nothing changed


def test_a_right_password_change_is_not_counted_as_a_failure(owner, owner_client, password):
    data = {"old_password": password, "new_password1": "An0ther-long-pass", "new_password2": "An0ther-long-pass"}
    assert owner_client.post(reverse("password_change"), data).status_code == 302


def test_password_reset_mails_are_limited_per_email_and_per_address(owner):
    url = reverse("password_reset")
    statuses = [Client().post(url, {"email": owner.email}).status_code for _ in range(8)]
    assert len(mail.outbox) == 3
    assert statuses[:3] == [302] * 3 and set(statuses[3:]) == {429}


def test_wrong_passwords_on_account_deletion_end_the_session_and_delete_nothing(owner, owner_client):
    url = reverse("account_delete")
    statuses = [owner_client.post(url, {"password": "not it"}).status_code for _ in range(6)]
    assert statuses[:4] == [200] * 4 and statuses[4] == 429
    assert owner_client.get(reverse("dashboard")).status_code == 302
    owner.refresh_from_db()
    assert owner.is_active
