"""The search box finds my clients, requests and colleagues, best matches first, and never anyone else's."""

import pytest
from django.db import connection
from django.test import Client as DjangoClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.services import client_create
from tests.factories import ClientFactory, ColleagueFactory, IncomingRequestFactory
from workspace.search import global_search

pytestmark = pytest.mark.django_db


def test_names_starting_with_the_query_come_first(owner):
    ClientFactory(owner=owner, name="Zoé Martin", company="Studio Martin")
    ClientFactory(owner=owner, name="Martine Dupont", company="Dupont SARL")
    ClientFactory(owner=owner, name="Albert Lemartin", company="Lemartin")
    results = global_search(owner=owner, query="martin")
    assert [c.name for c in results.clients] == ["Martine Dupont", "Albert Lemartin", "Zoé Martin"]


def test_requests_are_found_by_title_and_by_client(owner):
    bakery = ClientFactory(owner=owner, name="Boulangerie Lefèvre", email="contact@lefevre.fr")
    IncomingRequestFactory(client=bakery, title="Nouveau logo")
    IncomingRequestFactory(client=ClientFactory(owner=owner), title="Logo animé")
    assert len(global_search(owner=owner, query="logo").requests) == 2
    assert [r.title for r in global_search(owner=owner, query="lefevre.fr").requests] == ["Nouveau logo"]


def test_colleagues_are_found_by_name_or_email(owner):
    ColleagueFactory(owner=owner, name="Inès Roy", email="ines@roy.studio")
    assert [c.name for c in global_search(owner=owner, query="roy.studio").colleagues] == ["Inès Roy"]


def test_another_users_rows_are_never_found(owner, other_user):
    ClientFactory(owner=other_user, name="Secret Martin")
    ColleagueFactory(owner=other_user, name="Secret Colleague")
    IncomingRequestFactory(client=ClientFactory(owner=other_user), title="Secret request")
    assert global_search(owner=owner, query="secret").total == 0


def test_a_one_letter_query_finds_nothing(owner):
    ClientFactory(owner=owner, name="Anna")
    assert global_search(owner=owner, query=" a ").total == 0


def test_the_search_page_and_its_live_results(owner_client, owner):
    ClientFactory(owner=owner, name="Atelier Nova")
    page = owner_client.get(reverse("search"), {"q": "nova"})
    assert "Atelier Nova" in page.content.decode()
    assert "<h1" in page.content.decode()
    live = owner_client.get(reverse("search"), {"q": "nova"}, HTTP_HX_REQUEST="true")
    assert "Atelier Nova" in live.content.decode()
    assert "<h1" not in live.content.decode()  # only the fragment


def test_the_search_costs_the_same_queries_for_few_or_many_matches(owner_client, owner, django_assert_num_queries):
    ClientFactory(owner=owner, name="Nova 0")
    with CaptureQueriesContext(connection) as one:
        owner_client.get(reverse("search"), {"q": "nova"})
    for index in range(1, 40):
        IncomingRequestFactory(client=ClientFactory(owner=owner, name=f"Nova {index}"), title=f"Nova site {index}")
    with django_assert_num_queries(len(one.captured_queries)):
        owner_client.get(reverse("search"), {"q": "nova"})


# --- Served from a cached fragment (issue #20) ------------------------------------------------------


def test_a_client_added_after_a_search_is_found_by_the_same_search(owner_client, owner):
    ClientFactory(owner=owner, name="Nova Studio")
    for _ in range(2):  # the second answer comes from the cache
        assert "Nova Print" not in owner_client.get(reverse("search"), {"q": "nova"}).content.decode()
    client_create(owner=owner, name="Nova Print", email="print@example.org")
    assert "Nova Print" in owner_client.get(reverse("search"), {"q": "nova"}).content.decode()


def test_the_same_search_by_two_users_finds_each_their_own(owner, other_user):
    ClientFactory(owner=owner, name="Nova Mine")
    ClientFactory(owner=other_user, name="Nova Theirs")
    mine, theirs = DjangoClient(), DjangoClient()
    mine.force_login(owner)
    theirs.force_login(other_user)
    for _ in range(2):
        for browser, shown, hidden in ((mine, "Nova Mine", "Nova Theirs"), (theirs, "Nova Theirs", "Nova Mine")):
            page = browser.get(reverse("search"), {"q": "nova"}).content.decode()
            assert shown in page and hidden not in page


def test_a_search_served_from_the_cache_reads_no_row(owner_client, owner):
    ClientFactory(owner=owner, name="Nova Studio")
    owner_client.get(reverse("search"), {"q": "nova"})
    with CaptureQueriesContext(connection) as served:
        page = owner_client.get(reverse("search"), {"q": "nova"}).content.decode()
    assert "Nova Studio" in page
    assert not [q for q in served.captured_queries if "clients_client" in q["sql"]]
    live = owner_client.get(reverse("search"), {"q": "nova"}, HTTP_HX_REQUEST="true").content.decode()
    assert "All results" in live and "<h1" not in live  # the live fragment is not the page's
