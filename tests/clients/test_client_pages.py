"""The client pages as a user sees them: list, filters, client page, forms, blacklist review."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.models import BlacklistAction, RedFlagKind, RedFlagStatus, RiskLevel, Severity
from clients.selectors import client_list
from clients.services import client_blacklist
from tests.factories import (
    BlacklistEventFactory,
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


def names(response):
    return [client.name for client in response.context["page"]]


def test_the_list_searches_name_company_and_email(owner_client, owner):
    ClientFactory(owner=owner, name="Alice", company="Dupont", email="a@x.fr")
    ClientFactory(owner=owner, name="Bob", company="Lumière", email="b@y.fr")
    ClientFactory(owner=owner, name="Chloé", company="Z", email="chloe@dupont.fr")
    url = reverse("clients:client_list")
    assert names(owner_client.get(url, {"q": "dupont"})) == ["Alice", "Chloé"]
    assert names(owner_client.get(url, {"q": "bob"})) == ["Bob"]
    assert names(owner_client.get(url, {"q": "y.fr"})) == ["Bob"]


def test_the_list_filters_by_risk_tag_blacklist_and_overdue_invoice(owner_client, owner):
    tag = TagFactory(owner=owner, name="agency")
    alice = ClientFactory(owner=owner, name="Alice", risk_level=RiskLevel.HIGH)
    alice.tags.add(tag)
    ClientFactory(owner=owner, name="Bob", is_blacklisted=True)
    chloe = ClientFactory(owner=owner, name="Chloé")
    InvoiceFactory(project=ProjectFactory(client=chloe), due_on=TODAY - timedelta(days=3))
    paid_late = ClientFactory(owner=owner, name="Dan")
    InvoiceFactory(project=ProjectFactory(client=paid_late), due_on=TODAY - timedelta(days=3), paid_on=TODAY)
    url = reverse("clients:client_list")
    assert names(owner_client.get(url, {"risk": "high"})) == ["Alice"]
    assert names(owner_client.get(url, {"tag": tag.pk})) == ["Alice"]
    assert names(owner_client.get(url, {"blacklisted": "yes"})) == ["Bob"]
    assert names(owner_client.get(url, {"blacklisted": "no"})) == ["Alice", "Chloé", "Dan"]
    assert names(owner_client.get(url, {"overdue": "on"})) == ["Chloé"]


def test_the_list_sorts(owner_client, owner):
    ClientFactory(owner=owner, name="alice", company="Zeta")
    ClientFactory(owner=owner, name="Bob", company="Alpha", risk_level=RiskLevel.HIGH)
    ClientFactory(owner=owner, name="Émile", company="Mu", risk_level=RiskLevel.WATCH)
    url = reverse("clients:client_list")
    assert names(owner_client.get(url)) == ["alice", "Bob", "Émile"]
    assert names(owner_client.get(url, {"sort": "-name"})) == ["Émile", "Bob", "alice"]
    assert names(owner_client.get(url, {"sort": "company"})) == ["Bob", "Émile", "alice"]
    assert names(owner_client.get(url, {"sort": "risk"})) == ["Bob", "Émile", "alice"]


def test_the_list_hides_archived_clients_unless_asked(owner_client, owner):
    ClientFactory(owner=owner, name="Alice")
    ClientFactory(owner=owner, name="Old", archived_at=timezone.now())
    url = reverse("clients:client_list")
    assert names(owner_client.get(url)) == ["Alice"]
    assert names(owner_client.get(url, {"archived": "on"})) == ["Old"]


def test_htmx_gets_only_the_results(owner_client, owner):
    ClientFactory(owner=owner, name="Alice")
    url = reverse("clients:client_list")
    partial = owner_client.get(url, {"q": "ali"}, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert b'id="results"' in partial.content and b"<h1" not in partial.content
    full = owner_client.get(url, {"q": "ali"})
    assert b"<h1" in full.content and b'id="results"' in full.content
    assert "HX-Request" in partial["Vary"]


def test_the_list_paginates_and_keeps_the_filters(owner_client, owner):
    for n in range(30):
        ClientFactory(owner=owner, name=f"Client {n:02d}", company="Acme")
    response = owner_client.get(reverse("clients:client_list"), {"q": "acme", "page": 2})
    assert len(response.context["page"]) == 5
    assert b"?q=acme&amp;page=1" in response.content


def _client_with_history(owner, size):
    client = ClientFactory(owner=owner, name="Busy")
    client.tags.add(*[TagFactory(owner=owner) for _ in range(min(size, 5))])
    for _ in range(size):
        incoming = IncomingRequestFactory(client=client)
        DecisionFactory(incoming=incoming)
        project = ProjectFactory(client=client)
        InvoiceFactory(project=project)
        RedFlagFactory(client=client, kind=RedFlagKind.SCOPE_CREEP, project=project, incoming=incoming)
        ReferralFactory(owner=owner, client=client, colleague__owner=owner)
        BlacklistEventFactory(client=client, action=BlacklistAction.ADDED)
    return client


@pytest.mark.parametrize("size", [1, 50])
def test_the_client_page_runs_a_constant_number_of_queries(owner_client, owner, size, django_assert_max_num_queries):
    client = _client_with_history(owner, size)
    with django_assert_max_num_queries(QUERY_BUDGET["detail"]):
        response = owner_client.get(reverse("clients:client_detail", args=[client.pk]))
    assert response.status_code == 200
    assert len(response.context["overview"].timeline) == 1 + 7 * size


@pytest.mark.parametrize("size", [1, 50])
def test_the_client_list_runs_a_constant_number_of_queries(owner_client, owner, size, django_assert_max_num_queries):
    tag = TagFactory(owner=owner)
    for _ in range(size):
        client = ClientFactory(owner=owner)
        client.tags.add(tag)
        RedFlagFactory(client=client)
        InvoiceFactory(project=ProjectFactory(client=client))
    with django_assert_max_num_queries(QUERY_BUDGET["list"]):
        response = owner_client.get(reverse("clients:client_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 50])
def test_the_blacklist_page_runs_a_constant_number_of_queries(owner_client, owner, size, django_assert_max_num_queries):
    for _ in range(size):
        client = ClientFactory(owner=owner)
        client_blacklist(owner=owner, client=client, reason="Gone")
        RedFlagFactory(client=client, kind=RedFlagKind.GHOSTING)
        RedFlagFactory(client=client, kind=RedFlagKind.LATE_PAYMENT)
        InvoiceFactory(project=ProjectFactory(client=client))
    with django_assert_max_num_queries(QUERY_BUDGET["blacklist"]):
        response = owner_client.get(reverse("clients:blacklist"))
    assert response.status_code == 200


def _count_queries(owner_client, url):
    with CaptureQueriesContext(connection) as queries:
        owner_client.get(url)
    return len(queries)


def test_query_counts_do_not_grow_with_the_data(owner_client, owner):
    small = _client_with_history(owner, 1)
    counts_small = [
        _count_queries(owner_client, reverse("clients:client_detail", args=[small.pk])),
        _count_queries(owner_client, reverse("clients:client_list")),
    ]
    big = _client_with_history(owner, 50)
    for _ in range(49):
        RedFlagFactory(client=ClientFactory(owner=owner))
    counts_big = [
        _count_queries(owner_client, reverse("clients:client_detail", args=[big.pk])),
        _count_queries(owner_client, reverse("clients:client_list")),
    ]
    assert counts_small == counts_big


QUERY_BUDGET = {"detail": 20, "list": 12, "blacklist": 12}


def test_the_client_page_shows_contact_risk_reasons_and_one_timeline(owner_client, owner):
    client = ClientFactory(
        owner=owner, name="Alice", company_number="73282932000074", address_form="tu", notes="Prefers calls"
    )
    incoming = IncomingRequestFactory(client=client, title="Shop site")
    DecisionFactory(incoming=incoming, note="Good fit")
    project = ProjectFactory(client=client, title="Shop build")
    InvoiceFactory(project=project, number="F-LATE", due_on=TODAY - timedelta(days=10), paid_on=TODAY)
    InvoiceFactory(project=project, number="F-OVER", due_on=TODAY - timedelta(days=4))
    RedFlagFactory(client=client, kind=RedFlagKind.LATE_PAYMENT, severity=Severity.SEVERE)
    RedFlagFactory(client=client, kind=RedFlagKind.SPAM, status=RedFlagStatus.WITHDRAWN, withdrawn_at=timezone.now())
    ReferralFactory(owner=owner, client=client, colleague__owner=owner, colleague__name="Zoé")
    client_blacklist(owner=owner, client=client, reason="Threats")
    response = owner_client.get(reverse("clients:client_detail", args=[client.pk]))
    text = response.content.decode()
    assert "73282932000074" in text and "732829320" in text
    assert "tu (informal)" in text and "Prefers calls" in text
    assert "Late payment (severe, recent" in text
    assert "Shop site" in text and "Good fit" in text and "Shop build" in text
    assert "paid on" in text and "10 days late" in text
    assert "overdue by 4 days" in text
    assert "<del>Spam or pushy</del>" in text
    assert "Zoé" in text and "Threats" in text
    kinds = [entry.kind for entry in response.context["overview"].timeline]
    assert sorted(set(kinds)) == sorted(
        {"created", "request", "decision", "project", "invoice", "red_flag", "referral", "blacklist"}
    )


def test_create_edit_and_archive_a_client(owner_client, owner):
    response = owner_client.post(
        reverse("clients:client_create"),
        {
            "name": "Alice",
            "company": "Dupont SARL",
            "email": "alice@dupont.fr",
            "company_number": "732 829 320",
            "language": "fr",
            "address_form": "vous",
            "tags": "agency, new",
        },
    )
    client = client_list(owner=owner).get()
    assert response.url == reverse("clients:client_detail", args=[client.pk])
    assert client.company_number == "732829320"
    assert sorted(client.tags.values_list("name", flat=True)) == ["agency", "new"]
    owner_client.post(
        reverse("clients:client_edit", args=[client.pk]),
        {"name": "Alice M.", "language": "en", "address_form": "vous", "tags": "agency"},
    )
    client.refresh_from_db()
    assert (client.name, client.company, client.language) == ("Alice M.", "", "en")
    assert list(client.tags.values_list("name", flat=True)) == ["agency"]
    owner_client.post(reverse("clients:client_archive", args=[client.pk]))
    assert not client_list(owner=owner).exists()
    assert owner_client.get(reverse("clients:client_detail", args=[client.pk])).status_code == 200


def test_a_bad_form_saves_nothing_and_says_why(owner_client, owner):
    response = owner_client.post(
        reverse("clients:client_create"),
        {"name": "", "email": "nope", "company_number": "12", "language": "fr", "address_form": "vous"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"name", "email", "company_number"}
    assert not client_list(owner=owner, include_archived=True).exists()


def test_creating_a_lookalike_warns_about_the_existing_client(owner_client, owner):
    ClientFactory(owner=owner, name="Old", email="boss@dupont.fr")
    response = owner_client.post(
        reverse("clients:client_create"),
        {"name": "New", "email": "other@dupont.fr", "language": "fr", "address_form": "vous"},
        follow=True,
    )
    assert "may be the same client as Old" in response.content.decode()


def test_there_is_no_delete(owner_client, owner):
    client = ClientFactory(owner=owner)
    for url in [
        reverse("clients:client_detail", args=[client.pk]),
        reverse("clients:client_archive", args=[client.pk]),
    ]:
        assert owner_client.delete(url).status_code == 405
    assert client_list(owner=owner).exists()


def test_add_edit_and_withdraw_a_red_flag_from_the_pages(owner_client, owner):
    client = ClientFactory(owner=owner)
    incoming = IncomingRequestFactory(client=client)
    form_page = owner_client.get(reverse("clients:red_flag_add", args=[client.pk]), {"incoming": incoming.pk})
    assert form_page.context["form"].initial["incoming"] == incoming.pk
    owner_client.post(
        reverse("clients:red_flag_add", args=[client.pk]),
        {
            "kind": RedFlagKind.VISIBILITY,
            "severity": Severity.SEVERE,
            "occurred_on": TODAY.isoformat(),
            "note": "Offered exposure",
            "incoming": incoming.pk,
        },
    )
    flag = client.red_flags.get()
    assert (flag.kind, flag.incoming) == (RedFlagKind.VISIBILITY, incoming)
    client.refresh_from_db()
    assert client.risk_level == RiskLevel.HIGH
    owner_client.post(
        reverse("clients:red_flag_edit", args=[flag.pk]),
        {"kind": RedFlagKind.VISIBILITY, "severity": Severity.MINOR, "occurred_on": TODAY.isoformat(), "note": "x"},
    )
    client.refresh_from_db()
    assert client.risk_level == RiskLevel.LOW
    owner_client.post(reverse("clients:red_flag_withdraw", args=[flag.pk]), {"reason": "My mistake"})
    flag.refresh_from_db()
    assert flag.status == RedFlagStatus.WITHDRAWN
    page = owner_client.get(reverse("clients:client_detail", args=[client.pk])).content.decode()
    assert "My mistake" in page


def test_a_red_flag_cannot_point_at_another_clients_request(owner_client, owner):
    client = ClientFactory(owner=owner)
    elsewhere = IncomingRequestFactory(client=ClientFactory(owner=owner))
    response = owner_client.post(
        reverse("clients:red_flag_add", args=[client.pk]),
        {
            "kind": RedFlagKind.SPAM,
            "severity": Severity.MINOR,
            "occurred_on": TODAY.isoformat(),
            "incoming": elsewhere.pk,
        },
    )
    assert "incoming" in response.context["form"].errors
    assert not client.red_flags.exists()


def test_the_red_flag_form_offers_this_clients_requests_and_projects_newest_first(owner_client, owner):
    client = ClientFactory(owner=owner)
    now = timezone.now()
    older = IncomingRequestFactory(client=client, title="Older request", received_at=now - timedelta(days=9))
    newer = IncomingRequestFactory(client=client, title="Newer request", received_at=now - timedelta(days=1))
    first = ProjectFactory(client=client, title="First project", start=TODAY - timedelta(days=90))
    latest = ProjectFactory(client=client, title="Latest project", start=TODAY)
    IncomingRequestFactory(client=ClientFactory(owner=owner), title="Someone else's request")
    ProjectFactory(client=ClientFactory(owner=owner), title="Someone else's project")

    form = owner_client.get(reverse("clients:client_detail", args=[client.pk])).context["flag_form"]

    def offered(name):
        return [(value, label) for value, label in form.fields[name].widget.choices if value != ""]

    assert offered("incoming") == [(newer.pk, "Newer request"), (older.pk, "Older request")]
    assert offered("project") == [(latest.pk, "Latest project"), (first.pk, "First project")]
    page = owner_client.get(reverse("clients:client_detail", args=[client.pk])).content.decode()
    assert f'<option value="{newer.pk}">Newer request</option>' in page
    assert "Someone else" not in page


def test_blacklist_and_lift_from_the_client_page(owner_client, owner):
    client = ClientFactory(owner=owner)
    response = owner_client.post(reverse("clients:client_blacklist", args=[client.pk]), {"reason": ""})
    assert "reason" in response.context["form"].errors
    owner_client.post(
        reverse("clients:client_blacklist", args=[client.pk]), {"kind": RedFlagKind.DISRESPECT, "reason": "Insults"}
    )
    owner_client.post(reverse("clients:client_blacklist_lift", args=[client.pk]), {"reason": "Apologised"})
    page = owner_client.get(reverse("clients:client_detail", args=[client.pk])).content.decode()
    assert "Insults" in page and "Apologised" in page
    client.refresh_from_db()
    assert not client.is_blacklisted


def test_the_blacklist_review_filters_and_exports(owner_client, owner):
    alice = ClientFactory(owner=owner, name="Alice")
    bob = ClientFactory(owner=owner, name="Bob")
    ClientFactory(owner=owner, name="Chloé")
    client_blacklist(owner=owner, client=alice, reason="Never paid")
    client_blacklist(owner=owner, client=bob, reason="Rude")
    RedFlagFactory(client=alice, kind=RedFlagKind.UNPAID_VANISHED, occurred_on=TODAY - timedelta(days=3))
    RedFlagFactory(client=alice, kind=RedFlagKind.UNPAID_VANISHED, occurred_on=TODAY - timedelta(days=9))
    RedFlagFactory(client=bob, kind=RedFlagKind.DISRESPECT)
    InvoiceFactory(project=ProjectFactory(client=alice), amount=700)
    InvoiceFactory(project=ProjectFactory(client=alice), amount=300, paid_on=TODAY)
    url = reverse("clients:blacklist")
    response = owner_client.get(url)
    rows = {c.name: c for c in response.context["page"]}
    assert set(rows) == {"Alice", "Bob"}
    assert rows["Alice"].flag_counts == [("Unpaid and vanished", 2)]
    assert rows["Alice"].last_incident == TODAY - timedelta(days=3)
    assert rows["Alice"].unpaid_amount == 700
    assert rows["Alice"].blacklist_reason == "Never paid"
    assert names(owner_client.get(url, {"kind": RedFlagKind.DISRESPECT})) == ["Bob"]
    assert names(owner_client.get(url, {"q": "paid"})) == ["Alice"]
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    assert names(owner_client.get(url, {"since": tomorrow})) == []
    assert len(names(owner_client.get(url, {"until": tomorrow}))) == 2
    export = owner_client.get(reverse("clients:blacklist_export"), {"kind": RedFlagKind.UNPAID_VANISHED})
    lines = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("Alice,") and "Never paid" in lines[1] and lines[1].endswith(",700.00")


def test_a_long_history_shows_the_latest_entries_and_links_to_the_whole_of_it(owner_client, owner):
    client = _client_with_history(owner, 6)  # 43 entries
    url = reverse("clients:client_detail", args=[client.pk])
    text = owner_client.get(url).content.decode()
    assert text.count('class="timeline-') == 30
    assert "?history=all#timeline" in text
    text = owner_client.get(url, {"history": "all"}).content.decode()
    assert text.count('class="timeline-') == 43
    assert "?history=all#timeline" not in text
