"""Issue #17, finding 6: a prospect who typed an existing client's email on the public form had the request filed
under that client, history and all.

The request is now filed under a new, unverified contact; the triage page shows the look-alike client and the
owner files the request under them with one button, which removes the temporary contact.
"""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import NotYours
from accounts.selectors import profile_get
from clients.models import Client
from clients.services import client_blacklist
from projects.models import Channel, IncomingRequest, State
from projects.services.incoming import incoming_request_client_link
from tests.factories import ClientFactory, IncomingRequestFactory, RedFlagFactory
from tests.projects.test_intake import prospect

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def known(owner):
    """A client with a history the prospect must not reach by typing their address."""
    client = ClientFactory(owner=owner, name="Camille Martin", email="camille@example.com")
    IncomingRequestFactory(owner=owner, client=client, title="Earlier work", state=State.ACCEPTED)
    return client


def send_from_the_form(client, owner, **changes) -> IncomingRequest:
    url = reverse("projects:intake", args=[profile_get(owner=owner).intake_token])
    assert client.post(url, prospect(**changes)).status_code == 200
    return IncomingRequest.objects.filter(owner=owner, channel=Channel.WEBSITE).latest("pk")


def link(client, incoming, target):
    return client.post(reverse("projects:incoming_client_link", args=[incoming.pk]), {"client": target.pk})


def test_an_existing_client_s_email_in_any_case_files_the_request_under_a_new_contact(client, owner, known):
    incoming = send_from_the_form(client, owner, email="CAMILLE@Example.COM", name="Someone Else")
    assert incoming.client != known
    assert (incoming.client.name, incoming.client.email) == ("Someone Else", "CAMILLE@Example.COM")
    assert incoming.client_unverified
    assert list(known.requests.values_list("title", flat=True)) == ["Earlier work"]


def test_the_triage_page_offers_to_file_it_under_the_look_alike(client, owner, known):
    incoming = send_from_the_form(client, owner, email="camille@example.com")
    client.force_login(owner)
    page = client.get(reverse("projects:incoming_detail", args=[incoming.pk])).content.decode()
    assert f'data-match="{known.pk}"' in page
    assert f'data-link-client="{known.pk}"' in page
    assert "data-unverified" in page
    assert reverse("projects:incoming_client_link", args=[incoming.pk]) in page


def test_no_button_for_a_blacklisted_look_alike(client, owner, known):
    client_blacklist(owner=owner, client=known, reason="Never paid")
    incoming = send_from_the_form(client, owner, email="camille@example.com")
    client.force_login(owner)
    page = client.get(reverse("projects:incoming_detail", args=[incoming.pk])).content.decode()
    assert f'data-match="{known.pk}"' in page and f'data-link-client="{known.pk}"' not in page


def test_linking_files_the_request_under_the_client_and_removes_the_temporary_contact(client, owner, known):
    incoming = send_from_the_form(client, owner, email="camille@example.com")
    temporary = incoming.client
    client.force_login(owner)
    response = link(client, incoming, known)
    assert response.status_code == 302
    assert response.url == reverse("projects:incoming_detail", args=[incoming.pk])
    incoming.refresh_from_db()
    assert incoming.client == known and not incoming.client_unverified
    assert not Client.objects.filter(pk=temporary.pk).exists()
    page = client.get(response.url).content.decode()
    assert "data-unverified" not in page and f'data-link-client="{known.pk}"' not in page
    assert set(known.requests.values_list("title", flat=True)) == {"Earlier work", "Boutique en ligne"}


def test_filing_it_again_elsewhere_never_removes_a_client_the_owner_chose(client, owner, known):
    incoming = send_from_the_form(client, owner, email="camille@example.com")
    imported = ClientFactory(owner=owner, name="Camille Martin", email="c.martin@example.org")  # no request yet
    incoming_request_client_link(owner=owner, incoming=incoming, client=imported)
    assert not IncomingRequest.objects.get(pk=incoming.pk).client_unverified
    incoming_request_client_link(owner=owner, incoming=incoming, client=known)  # the owner corrects their choice
    assert IncomingRequest.objects.get(pk=incoming.pk).client == known
    assert Client.objects.filter(pk=imported.pk).exists()


def test_a_contact_something_else_refers_to_is_kept(client, owner, known):
    incoming = send_from_the_form(client, owner, email="camille@example.com")
    temporary = incoming.client
    RedFlagFactory(owner=owner, client=temporary)
    incoming_request_client_link(owner=owner, incoming=incoming, client=known)
    assert IncomingRequest.objects.get(pk=incoming.pk).client == known
    assert Client.objects.filter(pk=temporary.pk).exists()


def test_a_decided_request_stays_where_it_is(client, owner, known):
    incoming = send_from_the_form(client, owner, email="camille@example.com")
    IncomingRequest.objects.filter(pk=incoming.pk).update(state=State.DECLINED)
    client.force_login(owner)
    assert link(client, incoming, known).status_code == 302
    assert IncomingRequest.objects.get(pk=incoming.pk).client == incoming.client
    assert Client.objects.filter(pk=incoming.client.pk).exists()


def test_a_request_a_red_flag_names_is_not_moved(owner, known):
    incoming = IncomingRequestFactory(owner=owner, client=ClientFactory(owner=owner), state=State.NEGOTIATING)
    RedFlagFactory(owner=owner, client=incoming.client, incoming=incoming)
    with pytest.raises(ValidationError, match="red flag"):
        incoming_request_client_link(owner=owner, incoming=incoming, client=known)
    assert IncomingRequest.objects.get(pk=incoming.pk).client == incoming.client


def test_another_user_cannot_link_my_request_nor_reach_my_client(client, owner, other_user, known):
    mine = send_from_the_form(client, owner, email="camille@example.com")
    theirs = IncomingRequestFactory(owner=other_user, client=ClientFactory(owner=other_user))
    client.force_login(other_user)
    assert link(client, mine, ClientFactory(owner=other_user)).status_code == 404
    assert link(client, theirs, known).status_code == 404
    assert IncomingRequest.objects.get(pk=mine.pk).client == mine.client
    assert IncomingRequest.objects.get(pk=theirs.pk).client == theirs.client
    with pytest.raises(NotYours):
        incoming_request_client_link(owner=other_user, incoming=theirs, client=known)


@pytest.mark.parametrize("posted", ["", "abc", "-1", "0", "9" * 30, "١٢"])
def test_a_malformed_client_answers_404(owner_client, owner, known, posted):
    incoming = IncomingRequestFactory(owner=owner, client=ClientFactory(owner=owner))
    response = owner_client.post(reverse("projects:incoming_client_link", args=[incoming.pk]), {"client": posted})
    assert response.status_code == 404


def test_linking_needs_a_post(owner_client, owner, known):
    incoming = IncomingRequestFactory(owner=owner, client=ClientFactory(owner=owner))
    assert owner_client.get(reverse("projects:incoming_client_link", args=[incoming.pk])).status_code == 405
