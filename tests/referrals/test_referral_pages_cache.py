"""The network, the colleague list and a colleague's page are cached fragments (accounts/cache.py): a figure
changes at once after a write, one user never sees another's fragment, and a page served from the cache reads
neither colleagues nor referrals."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client as DjangoClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from referrals.models import Direction, Outcome, Referral
from referrals.services import referral_record, referral_thank
from tests.factories import ColleagueFactory, ReferralFactory, SkillFactory

pytestmark = pytest.mark.django_db

NETWORK = reverse("referrals:network")
COLLEAGUES = reverse("referrals:colleague_list")
HTMX = {"HX-Request": "true"}


def detail(colleague) -> str:
    return reverse("referrals:colleague_detail", args=[colleague.pk])


def page(client, url, data=None, **kwargs) -> str:
    response = client.get(url, data, **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def logged_in(user) -> DjangoClient:
    client = DjangoClient()
    client.force_login(user)
    return client


def record(colleague, direction=Direction.GIVEN, **fields):
    return referral_record(
        owner=colleague.owner,
        colleague=colleague,
        direction=direction,
        referred_on=date(2026, 1, 5),
        description="Shop photos",
        **fields,
    )


def queries(client, url, data=None, **kwargs) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, data, **kwargs).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def reads(sqls: list[str], table: str) -> int:
    return sum(f'"{table}"' in sql for sql in sqls)


# --- Fresh after a write ---------------------------------------------------------------------------------


def test_a_referral_recorded_by_a_service_shows_at_once_on_all_three_pages(owner_client, owner):
    ada = ColleagueFactory(owner=owner, name="Ada")
    ReferralFactory(colleague=ada, direction=Direction.RECEIVED)
    assert "I owe 1 referral" in page(owner_client, NETWORK)
    assert "I owe 1 referral" in page(owner_client, COLLEAGUES)
    assert "I owe 1 referral" in page(owner_client, detail(ada))
    assert "I owe 1 referral" in page(owner_client, COLLEAGUES, {"q": "ad"}, headers=HTMX)

    record(ada)  # outside any request: the save moves the version on

    for text in (page(owner_client, NETWORK), page(owner_client, COLLEAGUES), page(owner_client, detail(ada))):
        assert "I owe 1 referral" not in text
        assert ">Even<" in text
    assert ">Even<" in page(owner_client, COLLEAGUES, {"q": "ad"}, headers=HTMX)
    history = page(owner_client, detail(ada), headers=HTMX)
    assert "Shop photos" in history and "<h1" not in history


def test_a_referral_recorded_through_the_form_shows_on_the_colleague_page_and_the_network(owner_client, owner):
    ada = ColleagueFactory(owner=owner, name="Ada")
    assert "Nobody sent you more" in page(owner_client, NETWORK)
    assert "No referral exchanged yet." in page(owner_client, detail(ada))
    response = owner_client.post(
        reverse("referrals:referral_create", args=[ada.pk]),
        {
            "direction": Direction.RECEIVED,
            "referred_on": "2026-01-05",
            "description": "Bakery logo",
            "outcome": Outcome.PENDING,
        },
    )
    assert response.status_code == 302
    assert "Bakery logo" in page(owner_client, detail(ada))
    assert "I owe 1 referral" in page(owner_client, NETWORK)


def test_a_referral_deleted_without_a_save_leaves_the_pages(owner_client, owner):
    ada = ColleagueFactory(owner=owner, name="Ada")
    referral = ReferralFactory(colleague=ada, direction=Direction.RECEIVED, description="Menu board")
    assert "Menu board" in page(owner_client, detail(ada))
    assert "I owe 1 referral" in page(owner_client, NETWORK)
    assert "I owe 1 referral" in page(owner_client, COLLEAGUES)

    owner_client.post(reverse("referrals:referral_delete", args=[referral.pk]))  # delete(): no save

    assert not Referral.objects.exists()
    assert "Menu board" not in page(owner_client, detail(ada))
    assert "I owe 1 referral" not in page(owner_client, NETWORK)
    assert "No exchange yet" in page(owner_client, COLLEAGUES)


def test_a_thank_you_and_a_renamed_skill_show_at_once(owner_client, owner):
    ada = ColleagueFactory(owner=owner, name="Ada")
    skill = SkillFactory(owner=owner, name="design")
    ada.skills.set([skill])
    referral = record(ada, Direction.RECEIVED, outcome=Outcome.WON, value=Decimal("300"))
    assert "Note a thank-you" in page(owner_client, detail(ada))
    assert ">design<" in page(owner_client, COLLEAGUES)

    referral_thank(referral=referral)
    skill.name = "branding"
    skill.save()

    assert "Note a thank-you" not in page(owner_client, detail(ada))
    assert ">branding<" in page(owner_client, COLLEAGUES)
    assert ">branding<" in page(owner_client, detail(ada))


def test_filters_groups_and_pages_each_have_their_own_fragment(owner_client, owner):
    for index in range(30):
        ReferralFactory(colleague=ColleagueFactory(owner=owner, name=f"Owed {index:02}"), direction=Direction.RECEIVED)
    ReferralFactory(colleague=ColleagueFactory(owner=owner, name="Sent to"), direction=Direction.GIVEN)
    for _ in range(2):  # a miss, then a hit: the same answers
        assert "Owed 00" in page(owner_client, COLLEAGUES)
        second = page(owner_client, COLLEAGUES, {"page": 2})
        assert "Owed 00" not in second and "Sent to" in second
        found = page(owner_client, COLLEAGUES, {"q": "sent"})
        assert "Sent to" in found and "Owed 00" not in found
        assert 'value="sent"' in found
        assert "Page 2 of 2" in page(owner_client, NETWORK, {"group": "i_owe", "page": 2})
        whole = page(owner_client, NETWORK, {"group": "i_owe"})
        assert "Page 1 of 2" in whole and "Sent to" not in whole
        overview = page(owner_client, NETWORK, {"group": "nonsense"})
        assert "Sent to" in overview and "?group=i_owe" in overview and "Page 1 of" not in overview


# --- Never another's ------------------------------------------------------------------------------------


def test_two_users_never_see_each_others_cached_referral_pages(owner, other_user):
    mine = ColleagueFactory(owner=owner, name="Mine: Ada")
    theirs = ColleagueFactory(owner=other_user, name="Theirs: Bea")
    ReferralFactory(colleague=mine, direction=Direction.RECEIVED, description="Mine: bakery")
    ReferralFactory(colleague=theirs, direction=Direction.GIVEN, description="Theirs: florist")
    me, them = logged_in(owner), logged_in(other_user)
    for url in (NETWORK, COLLEAGUES):
        for _ in range(2):
            mine_page, their_page = page(me, url), page(them, url)
            assert "Mine: Ada" in mine_page and "Theirs" not in mine_page
            assert "Theirs: Bea" in their_page and "Mine" not in their_page
    assert "Mine: bakery" in page(me, detail(mine))
    assert them.get(detail(mine)).status_code == 404
    assert them.get(detail(mine), headers=HTMX).status_code == 404
    assert "Theirs: florist" in page(them, detail(theirs))
    assert me.get(detail(theirs)).status_code == 404


# --- A page from the cache reads less, and a constant amount ------------------------------------------


def _network_of(owner, size: int):
    colleagues = ColleagueFactory.create_batch(min(size, 12), owner=owner)
    skill = SkillFactory(owner=owner)
    for colleague in colleagues:
        colleague.skills.set([skill])
    for index in range(size):
        ReferralFactory(
            colleague=colleagues[index % len(colleagues)],
            direction=Direction.RECEIVED if index % 3 else Direction.GIVEN,
        )
    return colleagues[0]


@pytest.mark.parametrize(
    "url_for, headers",
    [
        (lambda c: NETWORK, {}),
        (lambda c: f"{NETWORK}?group=i_owe", {}),
        (lambda c: COLLEAGUES, {}),
        (lambda c: f"{COLLEAGUES}?q=a", HTMX),
        (lambda c: detail(c), {}),
        (lambda c: detail(c), HTMX),
    ],
    ids=["network", "network group", "colleague list", "colleague results", "colleague page", "colleague history"],
)
def test_a_page_from_the_cache_reads_no_referral_and_costs_the_same_whatever_the_history(
    owner_client, owner, url_for, headers
):
    counts = []
    for size in (1, 40):
        Referral.objects.all().delete()
        colleague = _network_of(owner, size)
        miss = queries(owner_client, url_for(colleague), headers=headers)
        hit = queries(owner_client, url_for(colleague), headers=headers)
        assert len(hit) < len(miss)
        assert reads(hit, "referrals_referral") == 0
        assert reads(hit, "projects_skill") == 0
        counts.append((len(miss), len(hit)))
    assert counts[0] == counts[1]
