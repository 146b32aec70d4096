"""The referral pages of the referral network: recording, editing and exporting referrals, as a user sees them."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.models import Client
from projects.models import Channel, IncomingRequest, State
from referrals.models import Colleague, Direction, Outcome, Referral
from tests.factories import ClientFactory, ColleagueFactory, IncomingRequestFactory, ReferralFactory, SkillFactory

pytestmark = pytest.mark.django_db


# --- scoping -----------------------------------------------------------------------------------------

REFERRAL_URLS = ["referrals:referral_update", "referrals:referral_thank", "referrals:referral_delete"]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url_name", REFERRAL_URLS)
def test_another_users_referral_answers_404(other_client, referral, url_name, method):
    data = {"referred_on": "2026-01-01", "outcome": Outcome.LOST, "description": "Stolen"}
    response = getattr(other_client, method)(reverse(url_name, args=[referral.pk]), data)
    assert response.status_code == 404
    referral.refresh_from_db()  # still there, unchanged
    assert (referral.outcome, referral.thanked_on) == (Outcome.WON, None)


def test_a_referral_cannot_point_to_another_users_client(owner_client, colleague, other_user):
    theirs = ClientFactory(owner=other_user)
    response = owner_client.post(
        reverse("referrals:referral_create", args=[colleague.pk]),
        {"direction": Direction.GIVEN, "referred_on": "2026-01-05", "outcome": Outcome.PENDING, "client": theirs.pk},
    )
    assert response.status_code == 200
    assert "client" in response.context["form"].errors
    assert not Referral.objects.exists()


# --- referral received: two clicks from the colleague page ---------------------------------------


def test_recording_a_referral_received_opens_the_new_request(owner_client, owner, colleague):
    form_url = reverse("referrals:referral_receive", args=[colleague.pk])
    assert owner_client.get(form_url).status_code == 200
    response = owner_client.post(
        form_url,
        {
            "client_name": "Chloé Martin",
            "client_email": "chloe@boulangerie.fr",
            "client_company": "Boulangerie Martin",
            "need": "A logo for the new shop",
        },
    )
    incoming = IncomingRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("projects:incoming_detail", args=[incoming.pk])
    assert (incoming.owner, incoming.channel, incoming.state, incoming.source_colleague) == (
        owner,
        Channel.REFERRAL,
        State.NEW,
        colleague,
    )
    assert incoming.client.company == "Boulangerie Martin"
    referral = Referral.objects.get()
    assert (referral.direction, referral.incoming, referral.client) == (Direction.RECEIVED, incoming, incoming.client)


@pytest.mark.parametrize(
    "data, field",
    [
        ({"client_name": "", "need": "A logo"}, "client_name"),
        ({"client_name": "Chloé", "client_email": "not an email", "need": "A logo"}, "client_email"),
        ({"client_name": "Chloé", "need": ""}, "need"),
    ],
    ids=["no name", "bad email", "no need"],
)
def test_a_referral_received_with_an_error_saves_nothing(owner_client, colleague, data, field):
    response = owner_client.post(reverse("referrals:referral_receive", args=[colleague.pk]), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Client.objects.exists()
    assert not IncomingRequest.objects.exists()
    assert not Referral.objects.exists()


# --- recording and editing referrals ------------------------------------------------------------


def test_recording_a_referral_given_after_the_fact(owner_client, owner, colleague):
    incoming = IncomingRequestFactory(client=ClientFactory(owner=owner))
    response = owner_client.post(
        reverse("referrals:referral_create", args=[colleague.pk]),
        {
            "direction": Direction.GIVEN,
            "referred_on": "2026-01-05",
            "incoming": incoming.pk,
            "outcome": Outcome.WON,
            "value": "1500",
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert (referral.direction, referral.client, referral.value) == (Direction.GIVEN, incoming.client, Decimal(1500))


def test_a_referral_cannot_be_dated_in_the_future_nor_have_a_negative_value(owner_client, colleague):
    response = owner_client.post(
        reverse("referrals:referral_create", args=[colleague.pk]),
        {"direction": Direction.GIVEN, "referred_on": "2999-01-01", "outcome": Outcome.PENDING, "value": "-5"},
    )
    assert set(response.context["form"].errors) == {"referred_on", "value"}
    assert not Referral.objects.exists()


def test_marking_a_referral_received_won_offers_a_thank_you(owner_client, colleague):
    referral = ReferralFactory(colleague=colleague, direction=Direction.RECEIVED)
    response = owner_client.post(
        reverse("referrals:referral_update", args=[referral.pk]),
        {"referred_on": "2026-01-05", "outcome": Outcome.WON, "value": "2400", "description": "Logo"},
    )
    thank_url = reverse("referrals:referral_thank", args=[referral.pk])
    assert response.url == thank_url
    referral.refresh_from_db()
    assert (referral.outcome, referral.value, referral.thanked_on) == (Outcome.WON, Decimal(2400), None)

    assert owner_client.get(thank_url).status_code == 200
    referral.refresh_from_db()
    assert referral.thanked_on is None  # looking at the offer changes nothing

    owner_client.post(thank_url)
    referral.refresh_from_db()
    assert referral.thanked_on is not None


def test_marking_a_referral_given_won_goes_back_to_the_colleague(owner_client, colleague):
    referral = ReferralFactory(colleague=colleague, direction=Direction.GIVEN)
    response = owner_client.post(
        reverse("referrals:referral_update", args=[referral.pk]),
        {"referred_on": "2026-01-05", "outcome": Outcome.WON},
    )
    assert response.url == reverse("referrals:colleague_detail", args=[colleague.pk])


def test_deleting_a_referral_recorded_by_mistake_keeps_its_request(owner_client, owner, colleague):
    incoming = IncomingRequestFactory(client=ClientFactory(owner=owner))
    referral = ReferralFactory(colleague=colleague, incoming=incoming, client=incoming.client)
    url = reverse("referrals:referral_delete", args=[referral.pk])
    assert owner_client.get(url).status_code == 200
    assert Referral.objects.filter(pk=referral.pk).exists()  # GET only asks
    response = owner_client.post(url)
    assert response.url == reverse("referrals:colleague_detail", args=[colleague.pk])
    assert not Referral.objects.exists()
    assert IncomingRequest.objects.filter(pk=incoming.pk).exists()


# --- exports ----------------------------------------------------------------------------------------


def test_referrals_export_as_csv(owner_client, colleague, owner):
    client = ClientFactory(owner=owner, name="Chloé Martin", company="")
    ReferralFactory(
        colleague=colleague,
        direction=Direction.GIVEN,
        referred_on=date(2026, 2, 3),
        client=client,
        description="Logo, then a menu",
        outcome=Outcome.WON,
        value=Decimal("1200.50"),
    )
    ReferralFactory(colleague=colleague, direction=Direction.RECEIVED, referred_on=date(2026, 2, 1))
    response = owner_client.get(reverse("referrals:referral_export"), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 3
    assert rows[1][:9] == [
        "2026-02-03",
        str(Direction.GIVEN.label),
        "Ada Lovelace",
        "Chloé Martin",
        "",
        "Logo, then a menu",
        str(Outcome.WON.label),
        "1200.50",
        "EUR",
    ]

    filtered = owner_client.get(reverse("referrals:referral_export"), {"direction": Direction.RECEIVED})
    assert len(list(csv.reader(io.StringIO(b"".join(filtered.streaming_content).decode())))) == 2


# --- a constant number of queries ---------------------------------------------------------------


def _history(owner, size: int) -> Colleague:
    skills = [SkillFactory(owner=owner, name=f"skill {n}") for n in range(3)]
    colleagues = ColleagueFactory.create_batch(min(size, 30), owner=owner)
    for index in range(size):
        colleague = colleagues[index % len(colleagues)]
        colleague.skills.set(skills)
        incoming = IncomingRequestFactory(client=ClientFactory(owner=owner))
        ReferralFactory(
            colleague=colleague,
            direction=Direction.RECEIVED if index % 2 else Direction.GIVEN,
            outcome=[Outcome.PENDING, Outcome.WON, Outcome.LOST][index % 3],
            value=Decimal(index),
            client=incoming.client,
            incoming=incoming,
        )
    return colleagues[0]


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url_for",
    [
        lambda c: reverse("referrals:colleague_list"),
        lambda c: reverse("referrals:colleague_detail", args=[c.pk]),
        lambda c: reverse("referrals:network"),
        lambda c: reverse("referrals:referral_list"),
        lambda c: reverse("referrals:referral_update", args=[c.referrals.first().pk]),
    ],
    ids=["colleague list", "colleague page", "network page", "referral list", "referral edit"],
)
def test_pages_answer_in_the_same_number_of_queries_with_1_or_50_referrals(owner_client, owner, other_user, url_for):
    one = _history(owner, 1)
    small = _count_queries(owner_client, url_for(one))
    Referral.objects.all().delete()
    Colleague.objects.all().delete()
    many = _history(owner, 50)
    assert _count_queries(owner_client, url_for(many)) == small
