import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NAVIGATION = [
    "dashboard",
    "projects:incoming_list",
    "clients:client_list",
    "clients:blacklist",
    "projects:calendar",
    "projects:project_list",
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


@pytest.mark.parametrize(
    "url, active",
    [
        ("/", "Dashboard"),
        ("/requests/", "Requests"),
        ("/clients/", "Clients"),
        ("/clients/blacklist/", "Blacklist"),
        ("/calendar/", "Calendar"),
        ("/projects/", "Projects"),
        ("/colleagues/", "Colleagues"),
    ],
)
def test_the_navigation_highlights_the_section_of_the_page(owner_client, url, active):
    page = owner_client.get(url).content.decode()
    assert 'active" aria-current="page" href="' in page
    current = page.split('aria-current="page"', 1)[1].split("</a>", 1)[0]
    assert current.endswith(f">{active}")


def test_choosing_a_language_in_the_settings_switches_the_interface(owner_client, owner):
    form = owner_client.get(reverse("settings")).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["language"] = "fr"
    owner_client.post(reverse("settings"), data)
    assert '<html lang="fr">' in owner_client.get(reverse("dashboard")).content.decode()


def test_the_language_switcher_works_before_logging_in(client):
    client.post(reverse("set_language"), {"language": "fr", "next": reverse("login")})
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="fr">' in page
    assert "Mot de passe" in page
