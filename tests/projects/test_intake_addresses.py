"""Issue #17, finding 4: behind the HTTPS proxy every visitor arrived with the proxy's address, so one person could
use up the public form's single rate-limit counter for every owner, and lock anyone out of logging in.

The visitor's address is now read from X-Forwarded-For only through the proxies in settings.TRUSTED_PROXIES, by
the one function that axes uses too, and the form counts per form and per address.
"""

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.urls import reverse

from accounts.network import client_address
from accounts.selectors import profile_get
from projects.models import IncomingRequest
from projects.views.intake import RATE_LIMIT
from tests.factories import UserFactory
from tests.projects.test_intake import prospect

PROXY = "127.0.0.1"  # a local nginx in front of gunicorn
behind_the_proxy = override_settings(TRUSTED_PROXIES=[PROXY])


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def address(remote: str, forwarded: str | None = None) -> str:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


def through_proxy(visitor: str) -> dict:
    """What the test client's request looks like once the proxy has forwarded a visitor's."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": visitor}


def intake_url(user) -> str:
    return reverse("projects:intake", args=[profile_get(owner=user).intake_token])


# --- Which address is the visitor's ---------------------------------------------------------------


def test_without_trusted_proxies_the_connection_is_the_visitor_and_headers_are_ignored():
    assert address("198.51.100.9") == "198.51.100.9"
    assert address("198.51.100.9", "203.0.113.7") == "198.51.100.9"


@behind_the_proxy
def test_through_the_proxy_the_address_it_saw_is_the_visitor_s():
    assert address(PROXY, "203.0.113.7") == "203.0.113.7"


@behind_the_proxy
def test_a_visitor_writing_their_own_forwarded_header_is_known_by_their_real_address():
    # nginx appends the address it sees to what the visitor sent: only that last hop is believed.
    assert address(PROXY, "192.0.2.1, 203.0.113.7") == "203.0.113.7"


@behind_the_proxy
def test_a_visitor_reaching_the_server_directly_cannot_pretend_to_be_anyone():
    assert address("198.51.100.9", "203.0.113.7") == "198.51.100.9"
    assert address("198.51.100.9", f"203.0.113.7, {PROXY}") == "198.51.100.9"


@override_settings(TRUSTED_PROXIES=["192.0.2.0/24", PROXY])
def test_two_proxies_are_trusted_in_their_order_outermost_first():
    assert address(PROXY, "203.0.113.7, 192.0.2.10") == "203.0.113.7"
    # A load balancer's address written by the visitor, not added by the load balancer, proves nothing.
    assert address(PROXY, "203.0.113.7") == PROXY


# --- The public form's limit: per form and per address --------------------------------------------


@behind_the_proxy
def test_one_visitor_behind_the_proxy_no_longer_blocks_every_form(client, owner, other_user):
    attacker, neighbour = "203.0.113.66", "198.51.100.20"
    for n in range(RATE_LIMIT):
        assert client.post(intake_url(owner), prospect(title=f"Spam {n}"), **through_proxy(attacker)).status_code == 200
    assert client.post(intake_url(owner), prospect(title="Spam"), **through_proxy(attacker)).status_code == 429
    # Another visitor of the same form, through the same proxy, is not affected...
    assert client.post(intake_url(owner), prospect(title="Real"), **through_proxy(neighbour)).status_code == 200
    # ...nor is another freelancer's form, even for the same visitor.
    assert client.post(intake_url(other_user), prospect(title="Other"), **through_proxy(attacker)).status_code == 200
    assert IncomingRequest.objects.filter(owner=owner).count() == RATE_LIMIT + 1
    assert IncomingRequest.objects.filter(owner=other_user).count() == 1


def test_a_forged_forwarded_header_does_not_escape_the_limit(client, owner):
    for n in range(RATE_LIMIT):
        client.post(intake_url(owner), prospect(title=f"Spam {n}"), HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    response = client.post(intake_url(owner), prospect(title="Spam"), HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert response.status_code == 429
    assert IncomingRequest.objects.count() == RATE_LIMIT


def test_an_ipv6_visitor_is_counted_by_their_64_block(client, owner):
    for n in range(RATE_LIMIT):
        client.post(intake_url(owner), prospect(title=f"Spam {n}"), REMOTE_ADDR=f"2001:db8:1:2::{n + 1}")
    assert client.post(intake_url(owner), prospect(), REMOTE_ADDR="2001:db8:1:2::ffff").status_code == 429
    assert client.post(intake_url(owner), prospect(), REMOTE_ADDR="2001:db8:1:3::1").status_code == 200


# --- The login lockout reads the same address -----------------------------------------------------


def log_in(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


@behind_the_proxy
def test_an_attacker_behind_the_proxy_cannot_lock_the_real_user_out(client, owner, password):
    for _attempt in range(5):
        log_in(client, "owner", "guess", **through_proxy("203.0.113.66"))
    assert log_in(client, "owner", password, **through_proxy("203.0.113.66")).status_code == 429
    assert log_in(client, "owner", password, **through_proxy("198.51.100.20")).status_code == 302


@behind_the_proxy
def test_a_locked_out_attacker_cannot_get_out_by_forging_the_header(client, owner, password):
    for _attempt in range(5):
        log_in(client, "owner", "guess", **through_proxy("203.0.113.66"))
    forged = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.20, 203.0.113.66"}
    assert log_in(client, "owner", password, **forged).status_code == 429


def test_without_a_proxy_the_lockout_ignores_forwarded_headers(client, db, password):
    UserFactory(username="camille")
    for n in range(5):
        log_in(client, "camille", "guess", REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert log_in(client, "camille", password, REMOTE_ADDR="203.0.113.66").status_code == 429
