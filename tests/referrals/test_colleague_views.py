"""The colleague and network pages of the referral network, as a user sees them."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.models import IncomingRequest, Skill
from referrals.models import Colleague, Direction, Outcome
from tests.factories import ColleagueFactory, ReferralFactory, SkillFactory

pytestmark = pytest.mark.django_db


# --- scoping -----------------------------------------------------------------------------------------

COLLEAGUE_URLS = [
    "referrals:colleague_update",
    "referrals:colleague_delete",
    "referrals:referral_receive",
    "referrals:referral_create",
]


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


def test_lists_network_and_exports_show_only_my_own_rows(other_client, referral):
    for url_name in ["referrals:colleague_list", "referrals:referral_list", "referrals:network"]:
        assert b"Ada Lovelace" not in other_client.get(reverse(url_name)).content
    for url_name in ["referrals:colleague_export", "referrals:referral_export"]:
        assert "Ada Lovelace" not in b"".join(other_client.get(reverse(url_name)).streaming_content).decode()


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


@pytest.mark.parametrize(
    "given_value, received_value, value_note",
    [
        (Decimal("200"), Decimal("800"), "As many referrals each way; the work they sent you was worth €600 more."),
        (Decimal("800"), Decimal("200"), "As many referrals each way; the work you sent them was worth €600 more."),
        (Decimal("500"), Decimal("500"), None),
    ],
    ids=["their work worth more", "mine worth more", "same value"],
)
def test_one_referral_each_way_is_even_with_the_value_difference_beside_it(
    owner_client, owner, given_value, received_value, value_note
):
    cleo = ColleagueFactory(owner=owner, name="Cléo")
    ReferralFactory(colleague=cleo, direction=Direction.GIVEN, outcome=Outcome.WON, value=given_value)
    ReferralFactory(colleague=cleo, direction=Direction.RECEIVED, outcome=Outcome.WON, value=received_value)
    response = owner_client.get(reverse("referrals:network"))
    groups = response.context["groups"]
    assert ([c.name for c in groups.even], groups.i_owe, groups.owes_me) == (["Cléo"], [], [])
    page = response.content.decode()
    assert "Nobody is even with you." not in page
    assert "0 referral" not in page
    assert "You sent nobody more than they sent you." in page
    assert "Nobody sent you more than you sent them." in page
    if value_note:
        assert value_note in page
    else:
        assert "data-value-gap" not in page
    colleague_page = owner_client.get(reverse("referrals:colleague_detail", args=[cleo.pk])).content.decode()
    assert "0 referral" not in colleague_page and ">Even<" in colleague_page
    assert (value_note in colleague_page) if value_note else ("data-value-gap" not in colleague_page)
    dashboard = owner_client.get(reverse("dashboard"))
    assert dashboard.context["i_owe"] == []


def test_colleagues_export_as_csv_with_their_balance(owner_client, colleague, referral):
    colleague.skills.set([SkillFactory(owner=colleague.owner, name="design")])
    text = b"".join(owner_client.get(reverse("referrals:colleague_export")).streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1][0] == "Ada Lovelace"
    assert rows[1][4] == "design"
    assert rows[1][8:11] == ["0", "1", "0"]


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
