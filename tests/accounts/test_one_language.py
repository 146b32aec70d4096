"""One language setting: the profile's language and the footer's switch are the same thing.

Logged in, the pages speak the profile's language whatever the browser asks for; the footer's switch writes the
profile; a choice made on the login page becomes the profile's at login; the login page after logging out
speaks the language the user left in.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.backends import ProfileBackend
from accounts.models import Profile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SETTINGS_IN_FRENCH = "<h1>Paramètres</h1>"
SETTINGS_IN_ENGLISH = "<h1>Settings</h1>"


def language_of(owner) -> str:
    return Profile.objects.get(user=owner).language


def set_language(owner, language):
    Profile.objects.filter(user=owner).update(language=language)


def switch(client, language, next_url="/"):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def settings_page(client):
    response = client.get(reverse("settings"))
    assert response.status_code == 200
    return response


def test_logged_in_the_pages_speak_the_profile_s_language_whatever_the_browser_asks_for(owner_client, owner):
    set_language(owner, "fr")
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = owner_client.get(reverse("settings"), headers={"Accept-Language": "en"})
    assert SETTINGS_IN_FRENCH in response.content.decode()
    assert response.headers["Content-Language"] == "fr"
    # The browser's cookie follows, so the login page after logging out speaks French too.
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


def test_the_footer_switch_changes_the_profile_s_language_and_the_pages_follow(owner_client, owner):
    set_language(owner, "fr")
    response = switch(owner_client, "en", next_url=reverse("settings"))
    assert response.status_code == 302 and response.url == reverse("settings")
    assert language_of(owner) == "en"
    page = settings_page(owner_client)
    assert SETTINGS_IN_ENGLISH in page.content.decode()
    assert page.context["form"]["language"].value() == "en"  # the settings page shows the same choice


def test_the_settings_page_changes_the_language_of_the_footer_and_of_every_page(owner_client, owner):
    data = {k: v for k, v in settings_page(owner_client).context["form"].initial.items() if v is not None}
    response = owner_client.post(reverse("settings"), {**data, "language": "fr"})
    assert response.status_code == 302
    assert language_of(owner) == "fr"
    html = settings_page(owner_client).content.decode()
    assert SETTINGS_IN_FRENCH in html
    assert '<option value="fr" selected>' in html  # the footer's switch says French as well


def test_a_language_picked_on_the_login_page_becomes_the_profile_s_at_login(client, owner, password):
    set_language(owner, "fr")
    switch(client, "en", next_url=reverse("login"))
    assert language_of(owner) == "fr"  # nobody is logged in yet: no profile changes
    client.post(reverse("login"), {"username": "owner", "password": password})
    assert language_of(owner) == "en"
    assert SETTINGS_IN_ENGLISH in settings_page(client).content.decode()


def test_without_a_choice_on_the_login_page_the_profile_s_language_wins_at_login(client, owner, password):
    set_language(owner, "fr")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # left by someone else on this browser
    client.post(reverse("login"), {"username": "owner", "password": password}, headers={"Accept-Language": "en"})
    assert language_of(owner) == "fr"
    assert SETTINGS_IN_FRENCH in settings_page(client).content.decode()


def test_after_logging_out_the_login_page_speaks_the_language_the_user_left_in(owner_client, owner):
    set_language(owner, "fr")
    owner_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings_page(owner_client)
    response = owner_client.post(reverse("logout"), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Se connecter à Tact" in html and "Vous êtes déconnecté." in html


def test_an_unknown_language_changes_nothing(owner_client, owner):
    set_language(owner, "fr")
    switch(owner_client, "de")
    switch(owner_client, "x" * 500)
    assert language_of(owner) == "fr"


def test_one_user_s_switch_changes_no_one_else_s_language(owner_client, owner, other_user):
    set_language(owner, "fr")
    set_language(other_user, "fr")
    switch(owner_client, "en")
    assert (language_of(owner), language_of(other_user)) == ("en", "fr")


def test_the_switch_needs_a_post(owner_client, owner):
    set_language(owner, "fr")
    assert owner_client.get(reverse("set_language") + "?language=en").status_code == 405
    assert language_of(owner) == "fr"


def test_the_profile_s_language_costs_no_query_of_its_own(owner, django_assert_num_queries):
    with django_assert_num_queries(1):  # the user and the profile, together
        user = ProfileBackend().get_user(owner.pk)
        assert user.profile.language in {"en", "fr"}


def test_a_new_profile_speaks_the_site_s_language():
    assert UserFactory().profile.language == settings.LANGUAGE_CODE.split("-")[0]
