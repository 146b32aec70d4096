"""Logging in, out, and recovering a password through the browser's forms."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def log_in(client, username, password, ip="203.0.113.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_a_user_logs_in_and_lands_on_the_dashboard(client, owner, password):
    response = log_in(client, "owner", password)
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_wrong_password_is_refused_with_a_message(client, owner):
    response = log_in(client, "owner", "not the password")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_logging_in_gives_a_new_session(client, owner, password):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    log_in(client, "owner", password)
    assert client.session.session_key != before


def test_repeated_failures_lock_out_that_username_from_that_address_only(client, owner, password):
    for _attempt in range(5):
        log_in(client, "owner", "guess")
    locked = log_in(client, "owner", password)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # The real user, from another address, is not locked out by the attacker.
    assert log_in(client, "owner", password, ip="198.51.100.20").status_code == 302


def test_logging_out_needs_a_post(owner_client):
    assert owner_client.get(reverse("logout")).status_code == 405
    assert owner_client.post(reverse("logout")).status_code == 302
    assert owner_client.get(reverse("dashboard")).status_code == 302


def test_a_password_reset_mail_carries_a_link_that_works_once(client):
    UserFactory(username="camille", email="camille@example.org")
    client.post(reverse("password_reset"), {"email": "camille@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    new_password = "a brand new long passphrase"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    camille = UserFactory._meta.model.objects.get(username="camille")
    assert camille.check_password(new_password)
    reused = client.get(link, follow=True)
    assert reused.context["validlink"] is False


def test_changing_the_password_asks_for_the_current_one(owner_client):
    response = owner_client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "another long passphrase",
            "new_password2": "another long passphrase",
        },
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
