"""The Requests page and logging a request, as a user sees them."""

from datetime import timedelta

import pytest
from django.test import Client as BrowserClient
from django.urls import reverse
from django.utils import timezone

from projects.models import IncomingRequest, Skill, State
from tests.factories import BlacklistEventFactory, ClientFactory, IncomingRequestFactory

pytestmark = pytest.mark.django_db


def detail_url(incoming):
    return reverse("projects:incoming_detail", args=[incoming.pk])


def decide_url(incoming):
    return reverse("projects:incoming_decide", args=[incoming.pk])


# --- Inbox ---------------------------------------------------------------------------------------


def test_the_inbox_lists_waiting_requests_oldest_first_with_a_hint_after_a_day(owner, owner_client):
    now = timezone.now()
    old = IncomingRequestFactory(client__owner=owner, title="Old one", received_at=now - timedelta(hours=30))
    fresh = IncomingRequestFactory(client__owner=owner, title="Fresh one", received_at=now - timedelta(hours=2))
    IncomingRequestFactory(client__owner=owner, title="Done one", state=State.ACCEPTED)
    page = owner_client.get(reverse("projects:incoming_list")).content.decode()
    assert page.index(old.title) < page.index(fresh.title)
    assert "Done one" not in page
    assert page.count("data-stale") == 1


def test_the_inbox_has_a_list_per_state_and_a_search(owner, owner_client):
    IncomingRequestFactory(client__owner=owner, title="Logo", state=State.DECLINED)
    IncomingRequestFactory(client__owner=owner, title="Shop", client__name="Bakery Durand")
    IncomingRequestFactory(client__owner=owner, title="Blog")
    url = reverse("projects:incoming_list")
    assert "Logo" in owner_client.get(url, {"state": "declined"}).content.decode()
    results = owner_client.get(url, {"q": "durand"}, headers={"HX-Request": "true"})
    body = results.content.decode()
    assert "Shop" in body and "Blog" not in body
    assert "<h1" not in body  # the htmx answer is the #results fragment only


def test_the_inbox_paginates(owner, owner_client):
    for _ in range(30):
        IncomingRequestFactory(client__owner=owner)
    page = owner_client.get(reverse("projects:incoming_list")).content.decode()
    assert "Page 1 of 2" in page or "Page 1 sur 2" in page


def test_inbox_queries_do_not_grow_with_the_number_of_requests(owner, owner_client, django_assert_max_num_queries):
    IncomingRequestFactory(client__owner=owner)
    url = reverse("projects:incoming_list")
    with django_assert_max_num_queries(20) as one:
        owner_client.get(url)
    for _ in range(50):
        IncomingRequestFactory(client__owner=owner, state=State.NEW)
    with django_assert_max_num_queries(len(one.captured_queries)):
        owner_client.get(url)


# --- Logging a request -----------------------------------------------------------------------------


def form_data(**changes):
    data = {
        "client": "",
        "client_name": "Camille Martin",
        "client_email": "camille@example.com",
        "client_language": "en",
        "client_address_form": "vous",
        "channel": "email",
        "title": "Online shop",
        "description": "A shop for our ceramics.",
        "skills": "WordPress, SEO , wordpress",
        "estimated_hours": "40",
        "budget_kind": "fixed",
        "budget_amount": "3000",
        "desired_start": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "deadline": (timezone.localdate() + timedelta(days=40)).isoformat(),
    }
    data.update(changes)
    return data


def test_logging_a_request_with_a_new_client_creates_both_and_opens_triage(owner, owner_client):
    response = owner_client.post(reverse("projects:incoming_create"), form_data())
    incoming = IncomingRequest.objects.get(owner=owner)
    assert response.status_code == 302 and response.url == detail_url(incoming)
    assert incoming.client.name == "Camille Martin" and incoming.client.language == "en"
    assert sorted(s.name for s in incoming.skills.all()) == ["SEO", "WordPress"]
    assert incoming.state == State.NEW


def test_logging_a_request_for_an_existing_client(owner, owner_client):
    client = ClientFactory(owner=owner)
    owner_client.post(reverse("projects:incoming_create"), form_data(client=client.pk, client_name=""))
    assert IncomingRequest.objects.get(owner=owner).client == client


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"deadline": (timezone.localdate()).isoformat()}, "deadline"),
        ({"estimated_hours": "-1"}, "estimated_hours"),
        ({"budget_amount": "-5"}, "budget_amount"),
        ({"client_name": ""}, "client_name"),
        ({"description": "x" * 5001}, "description"),
    ],
)
def test_an_invalid_request_saves_nothing_and_says_why(owner, owner_client, changes, field):
    response = owner_client.post(reverse("projects:incoming_create"), form_data(**changes))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not IncomingRequest.objects.exists()


def test_another_user_s_client_cannot_be_picked(owner, owner_client, other_user):
    theirs = ClientFactory(owner=other_user)
    response = owner_client.post(reverse("projects:incoming_create"), form_data(client=theirs.pk))
    assert response.status_code == 400 and "client" in response.context["form"].errors


def test_typing_a_blacklisted_client_s_email_warns_at_once(owner, owner_client):
    BlacklistEventFactory(client__owner=owner, client__name="Bad Payer", client__email="boss@shady.example")
    response = owner_client.get(
        reverse("projects:incoming_client_match"),
        {"client_email": "boss@shady.example"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert 'data-match="blacklisted"' in body and "Bad Payer" in body


# --- Scoping -------------------------------------------------------------------------------------------


def test_a_logged_request_answers_404_to_another_user(owner, owner_client, other_user):
    owner_client.post(reverse("projects:incoming_create"), form_data())
    incoming = IncomingRequest.objects.get(owner=owner)
    intruder = BrowserClient()
    intruder.force_login(other_user)
    assert intruder.get(detail_url(incoming)).status_code == 404
    assert incoming.title not in intruder.get(reverse("projects:incoming_list")).content.decode()


def test_skills_are_the_owner_s(owner, owner_client):
    owner_client.post(reverse("projects:incoming_create"), form_data())
    assert set(Skill.objects.values_list("owner", flat=True)) == {owner.pk}


# --- Hostile input -------------------------------------------------------------------------------------


HOSTILE = [
    "",
    "0",
    "-1",
    "1e400",
    "99999999999999999999",
    "<script>alert(1)</script>",
    "{client_name.__class__}",
    "x" * 6000,
    "\x00",
    "[|]",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_input_never_breaks_a_request_page(owner, owner_client, value):
    incoming = IncomingRequestFactory(client__owner=owner)
    fields = [
        "to",
        "reason",
        "reply",
        "note",
        "counter_offer",
        "proposed_start",
        "colleague",
        "red_flag_kind",
        "seen_state",
    ]
    data = {name: value for name in fields}
    assert owner_client.post(decide_url(incoming), data).status_code in (302, 400)
    assert owner_client.get(detail_url(incoming), {**data, "step": value}).status_code == 200
    create = {name: value for name in form_data()}
    assert owner_client.post(reverse("projects:incoming_create"), create).status_code == 400
    assert (
        owner_client.get(reverse("projects:incoming_list"), {"q": value, "state": value, "channel": value}).status_code
        == 200
    )
    assert owner_client.get(reverse("projects:incoming_client_match"), {"client_email": value}).status_code == 200
