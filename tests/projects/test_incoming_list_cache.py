"""The Requests list is served from a cached fragment: never stale after a write, never another user's,
and a "waiting for more than 24 h" or "2 hours ago" stays true while it is served (issue #20)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client as BrowserClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.models import State
from projects.services.incoming import incoming_request_client_answered, incoming_request_create
from tests.factories import ClientFactory, IncomingRequestFactory

pytestmark = pytest.mark.django_db

REQUESTS = reverse("projects:incoming_list")


def logged_in(user) -> BrowserClient:
    browser = BrowserClient()
    browser.force_login(user)
    return browser


def read(browser, url=REQUESTS, **params) -> str:
    response = browser.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_request_logged_by_a_service_shows_at_once(owner):
    browser = logged_in(owner)
    IncomingRequestFactory(client__owner=owner, title="Shop")
    read(browser), read(browser)  # the second read comes from the cache
    incoming_request_create(
        owner=owner,
        new_client={"name": "Atelier Vert", "email": "atelier@example.org"},
        title="Logo for a bakery",
        description="",
        received_at=timezone.now(),
    )
    page = read(browser)
    assert "Logo for a bakery" in page and "Atelier Vert" in page


def test_a_client_answer_read_in_the_background_shows_on_the_list(owner):
    browser = logged_in(owner)
    incoming = IncomingRequestFactory(client__owner=owner, state=State.NEGOTIATING)
    assert "data-client-answered" not in read(browser, state=State.NEGOTIATING)
    incoming_request_client_answered(owner=owner, incoming=incoming, at=timezone.now())
    assert "data-client-answered" in read(browser, state=State.NEGOTIATING)


def test_each_tab_search_and_page_has_its_own_fragment(owner):
    browser = logged_in(owner)
    IncomingRequestFactory(client__owner=owner, title="Declined logo", state=State.DECLINED)
    IncomingRequestFactory(client__owner=owner, title="Waiting shop", client__name="Bakery Durand")
    assert "Waiting shop" in read(browser) and "Declined logo" not in read(browser)
    assert "Declined logo" in read(browser, state=State.DECLINED)
    assert "Waiting shop" not in read(browser, q="zzz")
    live = browser.get(REQUESTS, {"q": "durand"}, headers={"HX-Request": "true"}).content.decode()
    assert "Waiting shop" in live and "<h1" not in live


def test_two_users_never_see_each_others_list(owner, other_user):
    IncomingRequestFactory(client__owner=owner, title="Mine only")
    IncomingRequestFactory(client__owner=other_user, title="Theirs only")
    mine, theirs = logged_in(owner), logged_in(other_user)
    for _ in range(2):
        assert "Mine only" in read(mine) and "Theirs only" not in read(mine)
        assert "Theirs only" in read(theirs) and "Mine only" not in read(theirs)


def test_a_page_from_the_cache_reads_no_request_and_a_constant_number_of_queries(owner):
    browser = logged_in(owner)
    IncomingRequestFactory(client__owner=owner)
    with CaptureQueriesContext(connection) as missed:
        read(browser)
    with CaptureQueriesContext(connection) as served:
        read(browser)
    assert len(served) < len(missed)
    assert not [q for q in served.captured_queries if "projects_incomingrequest" in q["sql"]]
    for _ in range(30):
        IncomingRequestFactory(client__owner=owner)
    with CaptureQueriesContext(connection) as many:
        read(browser)
    assert len(many) == len(missed)


@pytest.fixture
def clock(monkeypatch):
    state = {"now": timezone.now()}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return state


def test_a_request_turns_stale_and_older_on_a_page_served_from_the_cache(owner, clock):
    browser = logged_in(owner)
    client = ClientFactory(owner=owner)
    IncomingRequestFactory(client=client, received_at=clock["now"] - timedelta(hours=23, minutes=59, seconds=30))
    page = read(browser)
    assert "data-stale" not in page and "23\u00a0hours ago" in page
    clock["now"] += timedelta(seconds=20)
    with CaptureQueriesContext(connection) as served:
        page = read(browser)
    assert not [q for q in served.captured_queries if "projects_incomingrequest" in q["sql"]]  # from the cache
    assert "data-stale" not in page and "23\u00a0hours ago" in page
    clock["now"] += timedelta(seconds=20)  # 24 hours and 10 seconds after it arrived
    page = read(browser)
    assert "data-stale" in page and "1\u00a0day ago" in page
