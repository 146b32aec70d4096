"""The client page says each thing once and the same way: risk, blacklist, red flags, form of address."""

import pytest
from django.urls import reverse

from clients.models import RedFlag, RedFlagKind, Severity
from clients.services import client_blacklist
from tests.factories import ClientFactory, IncomingRequestFactory, RedFlagFactory

pytestmark = pytest.mark.django_db


def client_page(owner_client, client) -> str:
    return owner_client.get(reverse("clients:client_detail", args=[client.pk])).content.decode()


def test_a_blacklisted_client_without_flags_is_not_shown_as_low_risk(owner_client, owner):
    client = ClientFactory(owner=owner)
    client_blacklist(owner=owner, client=client, reason="Threats")
    page = client_page(owner_client, client)
    assert "Risk: Blacklisted" in page
    assert "Risk: Low" not in page
    assert "Blacklisted: the risk is the highest" in page


@pytest.mark.parametrize(
    "blacklisted, severity, badge",
    [(False, None, "Risk: Low"), (False, Severity.SEVERE, "Risk: High"), (True, Severity.SEVERE, "Risk: Blacklisted")],
    ids=["no flag", "a severe flag", "blacklisted"],
)
def test_risk_and_add_a_red_flag_appear_once(owner_client, owner, blacklisted, severity, badge):
    client = ClientFactory(owner=owner)
    if severity:
        RedFlagFactory(client=client, severity=severity)
    if blacklisted:
        client_blacklist(owner=owner, client=client, reason="Threats")
    page = client_page(owner_client, client)
    assert page.count("data-risk") == 1
    assert page.count("Risk:") == 1 and badge in page
    assert page.count("Add a red flag") == 1
    header = page.split('id="contact-title"')[0]
    assert header.count("Blacklisted") == int(blacklisted)  # once, in the risk badge, not in a second badge


@pytest.mark.parametrize(
    "language, address_form, shown, hidden",
    [
        ("en", "vous", "English · formal", "vous"),
        ("en", "tu", "English · first-name terms", "tu (informal)"),
        ("fr", "vous", "French · vous (formal)", "first-name"),
        ("fr", "tu", "French · tu (informal)", "first-name"),
    ],
)
def test_the_form_of_address_reads_right_in_the_clients_language(
    owner_client, owner, language, address_form, shown, hidden
):
    client = ClientFactory(owner=owner, language=language, address_form=address_form)
    page = client_page(owner_client, client)
    assert shown in page
    assert hidden not in page.split('id="contact-title"')[1].split("</dl>")[0]


def test_blacklisting_asks_for_the_kind_of_incident_and_the_blacklist_finds_it_by_kind(owner_client, owner):
    client = ClientFactory(owner=owner, name="Rude Ltd")
    url = reverse("clients:client_blacklist", args=[client.pk])
    form_page = owner_client.get(url).content.decode()
    assert 'name="kind"' in form_page and "Disrespect or insults" in form_page
    refused = owner_client.post(url, {"reason": "Insults"})
    assert "kind" in refused.context["form"].errors
    client.refresh_from_db()
    assert not client.is_blacklisted
    owner_client.post(url, {"kind": RedFlagKind.DISRESPECT, "reason": "Insults on the phone"})
    assert RedFlag.objects.get(client=client).kind == RedFlagKind.DISRESPECT
    review = owner_client.get(reverse("clients:blacklist"), {"kind": RedFlagKind.DISRESPECT})
    assert [c.name for c in review.context["page"]] == ["Rude Ltd"]
    page = client_page(owner_client, client)
    assert "Disrespect or insults" in page and "Insults on the phone" in page


def test_the_triage_page_does_not_call_a_blacklisted_client_low_risk(owner_client, owner):
    client = ClientFactory(owner=owner)
    client_blacklist(owner=owner, client=client, reason="Threats")
    incoming = IncomingRequestFactory(client=client)
    page = owner_client.get(reverse("projects:incoming_detail", args=[incoming.pk])).content.decode()
    risk = page.split("Risk level:")[1].split("</span>")[0]
    assert "Blacklisted" in risk and "Low" not in risk
