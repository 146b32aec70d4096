"""The public intake form: prospects without an account, and the abuse it must withstand."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from accounts.selectors import profile_get
from clients.models import Client
from projects.models import Channel, IncomingRequest, State
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def intake_url(owner):
    return reverse("projects:intake", args=[profile_get(owner=owner).intake_token])


def prospect(**changes):
    data = {
        "name": "Camille Martin",
        "email": "camille@example.com",
        "company": "Céramiques Martin",
        "phone": "",
        "language": "fr",
        "title": "Boutique en ligne",
        "description": "Nous vendons des céramiques et voulons une boutique.",
        "skills": "WordPress",
        "budget_kind": "fixed",
        "budget_amount": "2500",
        "desired_start": "",
        "deadline": "",
        "website": "",
    }
    data.update(changes)
    return data


def test_a_prospect_sends_a_request_without_logging_in(client, owner, intake_url):
    assert client.get(intake_url).status_code == 200
    response = client.post(intake_url, prospect())
    assert response.status_code == 200
    incoming = IncomingRequest.objects.get(owner=owner)
    assert (incoming.state, incoming.channel, incoming.title) == (State.NEW, Channel.WEBSITE, "Boutique en ligne")
    assert incoming.client.email == "camille@example.com" and incoming.client.owner == owner


def test_a_known_email_is_not_proof_the_request_comes_from_that_client(client, owner, intake_url):
    known = ClientFactory(owner=owner, email="camille@example.com")
    client.post(intake_url, prospect(email="Camille@Example.com"))
    incoming = IncomingRequest.objects.get(owner=owner)
    assert incoming.client != known and incoming.client.email == "Camille@Example.com"
    assert Client.objects.filter(owner=owner).count() == 2  # the owner links them at triage (test_intake_link.py)


def test_the_honeypot_thanks_the_robot_and_keeps_nothing(client, intake_url):
    response = client.post(intake_url, prospect(website="http://spam.example"))
    assert response.status_code == 200
    assert not IncomingRequest.objects.exists() and not Client.objects.exists()


def test_the_form_is_rate_limited_per_address(client, intake_url):  # behind a proxy: test_intake_addresses.py
    for n in range(5):
        assert client.post(intake_url, prospect(title=f"Request {n}")).status_code == 200
    response = client.post(intake_url, prospect(title="One too many"))
    assert response.status_code == 429
    assert IncomingRequest.objects.count() == 5
    # another address is not affected
    assert client.post(intake_url, prospect(title="Other"), REMOTE_ADDR="10.0.0.9").status_code == 200


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"description": "x" * 5001}, "description"),
        ({"title": "x" * 201}, "title"),
        ({"name": "x" * 201}, "name"),
        ({"skills": "x" * 501}, "skills"),
        ({"email": "not an email"}, "email"),
        ({"budget_amount": "-1"}, "budget_amount"),
        ({"desired_start": "2027-03-10", "deadline": "2027-03-01"}, "deadline"),
    ],
)
def test_oversized_or_invalid_input_is_refused_with_a_message(client, intake_url, changes, field):
    response = client.post(intake_url, prospect(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not IncomingRequest.objects.exists()


def test_an_unknown_token_answers_404(client, db):
    assert client.get(reverse("projects:intake", args=["not-a-real-token"])).status_code == 404


def test_a_disabled_form_answers_404(client, owner, intake_url):
    profile = profile_get(owner=owner)
    profile.intake_enabled = False
    profile.save()
    assert client.get(intake_url).status_code == 404
    assert client.post(intake_url, prospect()).status_code == 404


def test_regenerating_the_link_revokes_the_old_one(owner, owner_client, intake_url):
    assert owner_client.get(reverse("projects:intake_settings")).status_code == 200
    response = owner_client.post(reverse("projects:intake_regenerate"))
    assert response.status_code == 302
    new_url = reverse("projects:intake", args=[profile_get(owner=owner).intake_token])
    assert new_url != intake_url
    owner_client.logout()
    assert owner_client.get(intake_url).status_code == 404
    assert owner_client.get(new_url).status_code == 200


def test_regenerating_needs_a_post_and_a_login(client, owner, intake_url):
    assert client.post(reverse("projects:intake_regenerate")).status_code == 302  # to the login page
    assert reverse("projects:intake", args=[profile_get(owner=owner).intake_token]) == intake_url


def test_another_user_regenerates_only_their_own_link(owner, other_client, intake_url):
    other_client.post(reverse("projects:intake_regenerate"))
    other_client.logout()
    assert other_client.get(intake_url).status_code == 200


@pytest.mark.parametrize(
    "headers, cookie, expected",
    [
        ({"Accept-Language": "en-GB,en;q=0.9"}, None, "en"),
        ({"Accept-Language": "fr-FR,fr;q=0.9"}, None, "fr"),
        ({}, "en", "en"),
        ({"Accept-Language": "en"}, "fr", "fr"),  # the language the prospect picked on the site wins
    ],
    ids=["english-browser", "french-browser", "english-cookie", "french-cookie"],
)
def test_the_answer_language_defaults_to_the_language_of_the_page(client, intake_url, headers, cookie, expected):
    if cookie:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = cookie
    response = client.get(intake_url, headers=headers)
    assert response.status_code == 200
    assert response.context["form"]["language"].value() == expected
    assert f'<option value="{expected}" selected>' in response.content.decode()


def test_the_prospect_s_choice_of_language_is_kept(client, owner, intake_url):
    response = client.post(intake_url, prospect(language="fr"), headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert IncomingRequest.objects.get(owner=owner).client.language == "fr"


# --- Issue #17, finding 10: the name shown to prospects, and deactivated users --------------------


def _form_for(user):
    return reverse("projects:intake", args=[profile_get(owner=user).intake_token])


def test_the_form_never_shows_the_login_username(client, db):
    user = UserFactory(username="jdupont_login", first_name="", last_name="")
    page = client.get(_form_for(user)).content.decode()
    assert "jdupont_login" not in page
    assert "<h1>Send a request</h1>" in page
    done = client.post(_form_for(user), prospect()).content.decode()
    assert "jdupont_login" not in done
    assert "It will be read, and you will get an answer by email." in done


def test_the_form_shows_the_full_name_else_the_signature_s_first_line(client, db):
    named = UserFactory(username="camille_login", first_name="Camille", last_name="Martin")
    assert "Send a request to Camille Martin" in client.get(_form_for(named)).content.decode()
    signed = UserFactory(username="alex_login", first_name="", last_name="")
    profile = profile_get(owner=signed)
    profile.signature = "\n--\nAlex Morel, web developer\n+33 6 12 34 56 78"
    profile.save()
    page = client.get(_form_for(signed)).content.decode()
    assert "Send a request to Alex Morel, web developer" in page and "alex_login" not in page


def test_a_deactivated_user_s_form_answers_404(client, owner, intake_url):
    owner.is_active = False
    owner.save()
    assert client.get(intake_url).status_code == 404
    assert client.post(intake_url, prospect()).status_code == 404
    assert not IncomingRequest.objects.exists()


def test_the_neutral_wording_in_french(client, db):
    user = UserFactory(username="jdupont_login", first_name="", last_name="")
    page = client.get(_form_for(user), headers={"Accept-Language": "fr"}).content.decode()
    assert "<h1>Envoyer une demande</h1>" in page and "jdupont_login" not in page
