"""The client list, the client page and the blacklist served from cached fragments (accounts/cache.py): a second
visit skips their reads, any write shows at once, each filter and page has its own fragment, nobody sees
another owner's, and the forms that POST keep a token of their own request."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client as BrowserClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.models import RedFlagKind, RedFlagStatus, Severity
from clients.services import client_blacklist, client_update
from tests.factories import (
    ClientFactory,
    DecisionFactory,
    IncomingRequestFactory,
    InvoiceFactory,
    ProjectFactory,
    RedFlagFactory,
    ReferralFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
LIST, BLACKLIST = reverse("clients:client_list"), reverse("clients:blacklist")
# The tables a page's fragments read: a page served from the cache reads none of them.
LIST_TABLES = ("clients_client", "clients_tag", "clients_redflag", "projects_invoice")
BLACKLIST_TABLES = ("clients_client", "clients_blacklistevent", "clients_redflag", "projects_invoice")
DETAIL_TABLES = (
    "clients_tag",
    "clients_redflag",
    "clients_blacklistevent",
    "projects_incomingrequest",
    "projects_decision",
    "projects_project",
    "projects_invoice",
    "referrals_referral",
)


def _visit(browser, url, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(url, **kwargs)
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


def _without_tokens(page: str) -> str:
    """A page without its CSRF tokens (masked afresh on every request)."""
    return re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]*"', r"\1", page)


def _reads(queries, tables) -> set[str]:
    return {table for table in tables if any(f'"{table}"' in sql for sql in queries)}


def _populate(owner, size: int, name: str = "Client"):
    tag = TagFactory(owner=owner, name=f"{name} tag")
    clients = []
    for n in range(size):
        client = ClientFactory(owner=owner, name=f"{name} {n:02d}")
        client.tags.add(tag)
        incoming = IncomingRequestFactory(client=client)
        DecisionFactory(incoming=incoming)
        project = ProjectFactory(client=client)
        InvoiceFactory(project=project, due_on=TODAY - timedelta(days=5))
        RedFlagFactory(client=client, kind=RedFlagKind.GHOSTING, project=project)
        ReferralFactory(owner=owner, client=client, colleague__owner=owner)
        client_blacklist(owner=owner, client=client, reason=f"Reason {n}")
        clients.append(client)
    return clients


@pytest.mark.parametrize(
    "url, tables",
    [(LIST, LIST_TABLES), (BLACKLIST, BLACKLIST_TABLES), ("detail", DETAIL_TABLES)],
    ids=["list", "blacklist", "detail"],
)
def test_a_second_visit_reads_none_of_the_pages_rows_and_its_cost_does_not_grow(owner_client, owner, url, tables):
    first = _populate(owner, 1)[0]
    url = reverse("clients:client_detail", args=[first.pk]) if url == "detail" else url
    missed, miss_queries = _visit(owner_client, url)
    hit, hit_queries = _visit(owner_client, url)
    assert _without_tokens(hit) == _without_tokens(missed)
    assert len(hit_queries) < len(miss_queries)
    assert _reads(miss_queries, tables) == set(tables)
    assert not _reads(hit_queries, tables) - {"clients_client"}
    _populate(owner, 30, name="More")
    _missed, more_miss_queries = _visit(owner_client, url)
    _hit, more_hit_queries = _visit(owner_client, url)
    assert (len(more_miss_queries), len(more_hit_queries)) == (len(miss_queries), len(hit_queries))


def test_from_the_cache_the_lists_read_no_client_and_the_client_page_only_its_own(owner_client, owner):
    """The client page reads its client at once: anyone else's id is a 404 before any fragment is looked up."""
    client = _populate(owner, 2)[0]
    for url, reads in ((LIST, 0), (BLACKLIST, 0), (reverse("clients:client_detail", args=[client.pk]), 1)):
        _visit(owner_client, url)
        _page, queries = _visit(owner_client, url)
        assert sum('"clients_client"' in sql for sql in queries) == reads, url


def test_every_filter_and_page_has_its_own_fragment(owner_client, owner):
    for n in range(30):
        ClientFactory(owner=owner, name=f"Acme {n:02d}")
    ClientFactory(owner=owner, name="Zoé", risk_level="high")
    for _ in range(2):  # the second round comes from the cache: still each its own answer
        page_one, _queries = _visit(owner_client, LIST)
        page_two, _queries = _visit(owner_client, LIST, data={"page": 2})
        high, _queries = _visit(owner_client, LIST, data={"risk": "high"})
        searched, _queries = _visit(owner_client, LIST, data={"q": "acme", "page": 2})
        assert "Acme 00" in page_one and "Acme 00" not in page_two and "Zoé" in page_two
        assert "Zoé" in high and "Acme" not in high and 'value="high" selected' in high
        assert "Acme 29" in searched and "Zoé" not in searched and "?q=acme&amp;page=1" in searched
        assert 'value="acme"' in searched


@pytest.mark.parametrize("url", [LIST, BLACKLIST])
def test_htmx_gets_the_results_alone_from_the_same_fragment(owner_client, owner, url):
    client_blacklist(owner=owner, client=ClientFactory(owner=owner, name="Alice"), reason="Gone")
    full, _queries = _visit(owner_client, url, data={"q": "ali"})
    for _ in range(2):
        partial, queries = _visit(owner_client, url, data={"q": "ali"}, headers={"HX-Request": "true"})
        assert "Alice" in partial and 'id="results"' in partial and "<h1" not in partial and "<form" not in partial
        assert partial.strip() in full
    assert not _reads(queries, LIST_TABLES + BLACKLIST_TABLES)
    assert "<h1" in _visit(owner_client, url, data={"q": "ali"})[0]


def test_the_list_shows_every_write_at_once(owner_client, owner):
    alice = ClientFactory(owner=owner, name="Alice")
    assert "Alice" in _visit(owner_client, LIST)[0]
    ClientFactory(owner=owner, name="Bruno")  # a save, outside any request
    page = _visit(owner_client, LIST)[0]
    assert "Bruno" in page and "2 clients" in page
    client_update(client=alice, name="Alice Martin")  # a service
    assert "Alice Martin" in _visit(owner_client, LIST)[0]
    InvoiceFactory(project=ProjectFactory(client=alice), due_on=TODAY - timedelta(days=2))
    assert 'text-bg-danger ms-1">Overdue invoice' in _visit(owner_client, LIST)[0]
    client_blacklist(owner=owner, client=alice, reason="Threats")  # the client's row moved by an update()
    assert 'text-bg-dark ms-1">Blacklisted' in _visit(owner_client, LIST)[0]
    owner_client.post(reverse("clients:client_archive", args=[alice.pk]))  # a POST
    page = _visit(owner_client, LIST)[0]
    assert "Alice" not in page and "1 client" in page


def test_the_blacklist_shows_every_write_at_once(owner_client, owner):
    alice = ClientFactory(owner=owner, name="Alice")
    assert "Nobody is blacklisted." in _visit(owner_client, BLACKLIST)[0]
    client_blacklist(owner=owner, client=alice, reason="Never paid")
    page = _visit(owner_client, BLACKLIST)[0]
    assert "Alice" in page and "Never paid" in page
    RedFlagFactory(client=alice, kind=RedFlagKind.UNPAID_VANISHED)
    InvoiceFactory(project=ProjectFactory(client=alice), amount=700)
    page = _visit(owner_client, BLACKLIST)[0]
    assert "Unpaid and vanished × 1" in page and "700" in page
    owner_client.post(reverse("clients:client_blacklist_lift", args=[alice.pk]), {"reason": "Paid"})
    assert "Nobody is blacklisted." in _visit(owner_client, BLACKLIST)[0]


def test_the_client_page_shows_every_write_at_once(owner_client, owner):
    client = ClientFactory(owner=owner, name="Alice")
    url = reverse("clients:client_detail", args=[client.pk])
    assert "No red flag so far." in _visit(owner_client, url)[0]
    owner_client.post(
        reverse("clients:red_flag_add", args=[client.pk]),
        {"kind": RedFlagKind.SPAM, "severity": Severity.MINOR, "occurred_on": TODAY.isoformat(), "note": "Pushy"},
    )
    page = _visit(owner_client, url)[0]
    assert "Pushy" in page and "No red flag so far." not in page
    IncomingRequestFactory(client=client, title="A shop")  # a save outside any request
    page = _visit(owner_client, url)[0]
    assert "A shop" in page and f'<option value="{client.requests.get().pk}">A shop</option>' in page
    client_blacklist(owner=owner, client=client, reason="Threats")  # an update() of the client, then an event
    page = _visit(owner_client, url)[0]
    assert "Threats" in page and "Lift the blacklisting" in page
    assert not _reads(_visit(owner_client, url)[1], DETAIL_TABLES)  # and nothing since: from the cache


def test_nobody_is_served_another_owners_fragments(owner_client, owner, other_user):
    mine = ClientFactory(owner=owner, name="Mine")
    client_blacklist(owner=owner, client=mine, reason="Mine only")
    theirs = ClientFactory(owner=other_user, name="Theirs")
    client_blacklist(owner=other_user, client=theirs, reason="Theirs only")
    detail = reverse("clients:client_detail", args=[mine.pk])
    for url in (LIST, BLACKLIST, detail):
        _visit(owner_client, url)
        assert "Mine" in _visit(owner_client, url)[0]
    other = BrowserClient()
    other.force_login(other_user)
    for url in (LIST, BLACKLIST):
        page = other.get(url).content.decode()
        assert "Theirs" in page and "Mine" not in page
    assert other.get(detail).status_code == 404  # before any fragment is looked up
    assert other.get(detail, {"history": "all"}).status_code == 404


def _token(page: str, form_id: str) -> str:
    form = re.search(rf'<form[^>]*id="{form_id}"[^>]*>(.*?)</form>', page, re.S)
    assert form, form_id
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(1)).group(1)


def test_the_forms_of_a_cached_client_page_post_with_this_requests_token(owner):
    """The proposed flag's Confirm and Dismiss buttons sit in a fragment; they submit a form outside it."""
    browser = BrowserClient(enforce_csrf_checks=True)
    browser.force_login(owner)
    customer = ClientFactory(owner=owner)
    proposed = RedFlagFactory(client=customer, kind=RedFlagKind.LATE_PAYMENT, status=RedFlagStatus.PROPOSED)
    url = reverse("clients:client_detail", args=[customer.pk])
    browser.get(url)
    page, queries = _visit(browser, url)
    assert not _reads(queries, DETAIL_TABLES)
    confirm = reverse("clients:red_flag_confirm", args=[proposed.pk])
    assert f'form="red-flag-confirm" formaction="{confirm}" name="action" value="confirm"' in page
    assert f'form="red-flag-confirm" formaction="{confirm}" name="action" value="dismiss"' in page
    token = _token(page, "red-flag-confirm")
    response = browser.post(confirm, {"csrfmiddlewaretoken": token, "action": "confirm"})
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert proposed.status == RedFlagStatus.ACTIVE
    page = browser.get(url).content.decode()
    assert "Red flag confirmed." in page and f'formaction="{confirm}"' not in page
    page = browser.get(url).content.decode()  # from the cache: archive, confirm, add a flag, each with a token
    main = page[page.index("<main") : page.index("</main>")]
    assert main.count('name="csrfmiddlewaretoken"') == 3
    archive = reverse("clients:client_archive", args=[customer.pk])
    assert browser.post(archive, {"csrfmiddlewaretoken": _token(page, "red-flag-confirm")}).status_code == 302
    customer.refresh_from_db()
    assert customer.archived_at is not None


def test_a_first_read_of_a_client_page_costs_the_same_with_or_without_an_unpaid_invoice(owner):
    """What a fragment shows only for some clients (the unpaid amount in the owner's currency) is read for all:
    the full benchmark found 16 queries for one client and 15 for another."""
    browser = BrowserClient()
    browser.force_login(owner)
    settled, owing = ClientFactory(owner=owner), ClientFactory(owner=owner)
    InvoiceFactory(project=ProjectFactory(owner=owner, client=settled), paid_on=timezone.localdate())
    InvoiceFactory(project=ProjectFactory(owner=owner, client=owing), paid_on=None)
    counts = []
    for client in (settled, owing):
        with CaptureQueriesContext(connection) as first_read:
            assert browser.get(reverse("clients:client_detail", args=[client.pk])).status_code == 200
        counts.append(len(first_read))
    assert counts[0] == counts[1]
