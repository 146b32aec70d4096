import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NAVIGATION = [
    "dashboard",
    "projects:incoming_list",
    "clients:client_list",
    "clients:blacklist",
    "projects:calendar",
    "referrals:colleague_list",
    "settings",
]


@pytest.mark.parametrize("url_name", NAVIGATION)
def test_every_navigation_entry_asks_an_anonymous_visitor_to_log_in(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("url_name", NAVIGATION)
def test_every_navigation_entry_opens_for_a_logged_in_user(owner_client, url_name):
    response = owner_client.get(reverse(url_name))
    assert response.status_code == 200
    assert b"<h1" in response.content


def test_the_login_page_is_public(client):
    assert client.get(reverse("login")).status_code == 200
