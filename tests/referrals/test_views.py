"""The pages of the referral network, as a user sees them."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.models import Client
from projects.models import Channel, IncomingRequest, Skill, State
from referrals.models import Colleague, Direction, Outcome, Referral
from tests.factories import ClientFactory, ColleagueFactory, IncomingRequestFactory, ReferralFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(owner):
    return ColleagueFactory(owner=owner, name="Ada Lovelace", email="ada@example.net")


@pytest.fixture
def referral(colleague):
    return ReferralFactory(colleague=colleague, direction=Direction.RECEIVED, outcome=Outcome.WON)


# --- scoping -----------------------------------------------------------------------------------------

COLLEAGUE_URLS = [
    "referrals:colleague_update",
    "referrals:colleague_delete",
    "referrals:referral_receive",
    "referrals:referral_create",
]
REFERRAL_URLS = ["referrals:referral_update", "referrals:referral_thank", "referrals:referral_delete"]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url_name", COLLEAGUE_URLS)
def test_another_users_colleague_answers_404(other_client, colleague, url_name, method):
    response = getattr(other_client, method)(reverse(url_name, args=[colleague.pk]), {"name": "Stolen"})
    assert response.status_code == 404
    colleague.refresh_from_db()
    assert colleague.name == "Ada Lovelace"
    assert not IncomingRequest.objects.exists()


def test_another_users_colleague_page_answers_404_and_refuses_posts(other_client, colleague):
    url = reverse("referrals:colleague_detail", args=[colleague.pk])
    assert other_client.get(url).status_code == 404
    assert other_client.post(url).status_code == 405  # a read-only page: nothing to post, for anyone


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url_name", REFERRAL_URLS)
def test_another_users_referral_answers_404(other_client, referral, url_name, method):
    data = {"referred_on": "2026-01-01", "outcome": Outcome.LOST, "description": "Stolen"}
    response = getattr(other_client, method)(reverse(url_name, args=[referral.pk]), data)
    assert response.status_code == 404
    referral.refresh_from_db()  # still there, unchanged
    assert (referral.outcome, referral.thanked_on) == (Outcome.WON, None)


def test_lists_network_and_exports_show_only_my_own_rows(other_client, referral):
    for url_name in ["referrals:colleague_list", "referrals:referral_list", "referrals:network"]:
        assert b"Ada Lovelace" not in other_client.get(reverse(url_name)).content
    for url_name in ["referrals:colleague_export", "referrals:referral_export"]:
        assert "Ada Lovelace" not in b"".join(other_client.get(reverse(url_name)).streaming_content).decode()


def test_a_referral_cannot_point_to_another_users_client(owner_client, colleague, other_user):
    theirs = ClientFactory(owner=other_user)
    response = owner_client.post(
        reverse("referrals:referral_create", args=[colleague.pk]),
        {"direction": Direction.GIVEN, "referred_on": "2026-01-05", "outcome": Outcome.PENDING, "client": theirs.pk},
    )
    assert response.status_code == 200
    assert "client" in response.context["form"].errors
    assert not Referral.objects.exists()


# --- colleagues --------------------------------------------------------------------------------------


def test_adding_a_colleague_with_chosen_and_typed_skills(owner_client, owner):
    design = SkillFactory(owner=owner, name="design")
    response = owner_client.post(
        reverse("referrals:colleague_create"),
        {
            "name": "Bea",
            "email": "bea@example.net",
            "skills": [design.pk],
            "new_skills": "illustration, Design, motion design",
            "speaks_french": "on",
            "trusted": "on",
        },
    )
    bea = Colleague.objects.get(name="Bea")
    assert response.status_code == 302
    assert response.url == reverse("referrals:colleague_detail", args=[bea.pk])
    assert sorted(s.name for s in bea.skills.all()) == ["design", "illustration", "motion design"]
    assert bea.owner == owner


def test_a_colleague_needs_a_name_and_a_language(owner_client):
    response = owner_client.post(reverse("referrals:colleague_create"), {"name": "", "new_skills": "seo"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name", "speaks_english"}
    assert not Colleague.objects.exists()
    assert not Skill.objects.exists()


def test_editing_a_colleague(owner_client, colleague):
    response = owner_client.post(
        reverse("referrals:colleague_update", args=[colleague.pk]),
        {"name": "Ada L.", "speaks_english": "on", "busy_until": "2026-09-30"},
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert (colleague.name, colleague.trusted, colleague.busy_until) == ("Ada L.", False, date(2026, 9, 30))


def test_removing_a_colleague_asks_first_and_keeps_one_with_history(owner_client, colleague, referral):
    url = reverse("referrals:colleague_delete", args=[colleague.pk])
    assert owner_client.get(url).status_code == 200
    response = owner_client.post(url, follow=True)
    assert Colleague.objects.filter(pk=colleague.pk).exists()
    assert "has referrals in your history" in response.content.decode()


def test_removing_a_colleague_without_history(owner_client, owner):
    colleague = ColleagueFactory(owner=owner)
    response = owner_client.post(reverse("referrals:colleague_delete", args=[colleague.pk]))
    assert response.url == reverse("referrals:colleague_list")
    assert not Colleague.objects.exists()


def test_search_and_skill_filter(owner_client, owner):
    design, seo = SkillFactory(owner=owner, name="design"), SkillFactory(owner=owner, name="seo")
    ColleagueFactory(owner=owner, name="Ada").skills.set([design])
    ColleagueFactory(owner=owner, name="Bea", notes="Great with bakeries").skills.set([seo])
    ColleagueFactory(owner=owner, name="Cy")

    def names(**params):
        response = owner_client.get(reverse("referrals:colleague_list"), params)
        return [c.name for c in response.context["page"]]

    assert names() == ["Ada", "Bea", "Cy"]
    assert names(skill=design.pk) == ["Ada"]
    assert names(q="bakeries") == ["Bea"]
    assert names(q="seo") == ["Bea"]
    assert names(q="ada", skill=seo.pk) == []


def test_the_list_answers_htmx_with_the_results_only(owner_client, colleague):
    response = owner_client.get(reverse("referrals:colleague_list"), {"q": "ada"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert 'id="results"' in content
    assert "Ada Lovelace" in content
    assert "<h1" not in content


def test_the_colleague_page_shows_the_history_both_ways_and_the_balance(owner_client, colleague):
    ReferralFactory(colleague=colleague, direction=Direction.GIVEN, description="Shop photos")
    ReferralFactory(colleague=colleague, direction=Direction.RECEIVED, description="Bakery logo")
    ReferralFactory(colleague=colleague, direction=Direction.RECEIVED, description="Menu board")
    response = owner_client.get(reverse("referrals:colleague_detail", args=[colleague.pk]))
    content = response.content.decode()
    for text in ["Shop photos", "Bakery logo", "Menu board"]:
        assert text in content
    assert response.context["reciprocity"].owed_count == 1
    assert reverse("referrals:referral_receive", args=[colleague.pk]) in content


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


# --- network and exports ----------------------------------------------------------------------------


def test_the_network_page_sorts_who_i_owe_and_draws_a_chart_without_inline_style(owner_client, owner):
    ada = ColleagueFactory(owner=owner, name="Ada")
    ReferralFactory.create_batch(2, colleague=ada, direction=Direction.RECEIVED)
    bea = ColleagueFactory(owner=owner, name="Bea")
    ReferralFactory(colleague=bea, direction=Direction.GIVEN)
    response = owner_client.get(reverse("referrals:network"))
    content = response.content.decode()
    groups = response.context["groups"]
    assert ([c.name for c in groups.i_owe], [c.name for c in groups.owes_me]) == (["Ada"], ["Bea"])
    assert "<svg" in content and "<rect" in content
    assert "style=" not in content
    assert "<script>" not in content


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


def test_colleagues_export_as_csv_with_their_balance(owner_client, colleague, referral):
    colleague.skills.set([SkillFactory(owner=colleague.owner, name="design")])
    text = b"".join(owner_client.get(reverse("referrals:colleague_export")).streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1][0] == "Ada Lovelace"
    assert rows[1][4] == "design"
    assert rows[1][8:11] == ["0", "1", "0"]


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


def test_the_network_page_lists_the_first_ten_of_a_group_and_links_to_the_whole_group(owner_client, owner):
    for index in range(12):
        ReferralFactory(colleague=ColleagueFactory(owner=owner, name=f"Owed {index:02}"), direction=Direction.RECEIVED)
    ReferralFactory(colleague=ColleagueFactory(owner=owner, name="Sent to"), direction=Direction.GIVEN)

    overview = owner_client.get(reverse("referrals:network"))
    text = overview.content.decode()
    assert len(overview.context["groups"].i_owe) == 12
    assert text.count('class="badge balance-i-owe"') == 10
    assert "Sent to" in text
    assert "?group=i_owe" in text

    whole = owner_client.get(reverse("referrals:network"), {"group": "i_owe"})
    text = whole.content.decode()
    assert text.count('class="badge balance-i-owe"') == 12
    assert "Sent to" not in text
    assert text.count("<rect") == 24  # the chart draws the colleagues listed: two bars each
