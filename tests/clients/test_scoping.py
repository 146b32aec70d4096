"""Another user's client, red flag or import answers 404 on every URL, and nothing changes."""

import pytest
from django.urls import reverse

from clients.models import RedFlagStatus
from tests.factories import ClientFactory, RedFlagFactory

pytestmark = pytest.mark.django_db

# Every method each URL accepts (the others answer 405 whoever asks, which tells nothing).
CLIENT_URLS = [
    ("clients:client_detail", "get"),
    ("clients:client_edit", "get"),
    ("clients:client_edit", "post"),
    ("clients:client_archive", "post"),
    ("clients:client_unarchive", "post"),
    ("clients:client_blacklist", "get"),
    ("clients:client_blacklist", "post"),
    ("clients:client_blacklist_lift", "get"),
    ("clients:client_blacklist_lift", "post"),
    ("clients:red_flag_add", "get"),
    ("clients:red_flag_add", "post"),
]
FLAG_URLS = [
    ("clients:red_flag_edit", "get"),
    ("clients:red_flag_edit", "post"),
    ("clients:red_flag_withdraw", "get"),
    ("clients:red_flag_withdraw", "post"),
    ("clients:red_flag_confirm", "post"),
]


@pytest.fixture
def owners_client(owner):
    return ClientFactory(owner=owner, name="Secret", is_blacklisted=False)


@pytest.mark.parametrize("url_name, method", CLIENT_URLS)
def test_another_users_client_is_not_found(other_client, owners_client, url_name, method):
    url = reverse(url_name, args=[owners_client.pk])
    response = getattr(other_client, method)(url, {"reason": "x", "name": "Hacked", "kind": "spam", "severity": 1})
    assert response.status_code == 404
    owners_client.refresh_from_db()
    assert (owners_client.name, owners_client.is_blacklisted, owners_client.archived_at) == ("Secret", False, None)
    assert not owners_client.red_flags.exists()


@pytest.mark.parametrize("url_name, method", FLAG_URLS)
def test_another_users_red_flag_is_not_found(other_client, owners_client, url_name, method):
    flag = RedFlagFactory(client=owners_client, status=RedFlagStatus.PROPOSED)
    response = getattr(other_client, method)(reverse(url_name, args=[flag.pk]), {"reason": "x", "action": "confirm"})
    assert response.status_code == 404
    flag.refresh_from_db()
    assert flag.status == RedFlagStatus.PROPOSED


def test_lists_and_exports_show_only_ones_own_clients(other_client, owners_client):
    for url_name in ["clients:client_list", "clients:blacklist"]:
        assert b"Secret" not in other_client.get(reverse(url_name)).content
    for url_name in ["clients:client_export", "clients:blacklist_export"]:
        assert b"Secret" not in b"".join(other_client.get(reverse(url_name)).streaming_content)


def test_a_user_cannot_filter_by_another_users_tag(other_client, owners_client):
    from tests.factories import TagFactory

    tag = TagFactory(owner=owners_client.owner)
    owners_client.tags.add(tag)
    response = other_client.get(reverse("clients:client_list"), {"tag": tag.pk})
    assert response.context["filters"].errors["tag"]
    assert b"Secret" not in response.content


@pytest.mark.parametrize(
    "url_name",
    [
        "clients:client_list",
        "clients:client_create",
        "clients:client_import",
        "clients:blacklist",
        "clients:client_export",
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
