"""Matching a newcomer against existing clients: what matches, what does not, and why."""

import pytest

from clients import keys
from clients.matching import MatchReason, client_find_matches
from clients.models import RiskLevel
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def reasons_for(owner, **probe):
    return {m.client.name: set(m.reasons) for m in client_find_matches(owner=owner, **probe).matches}


@pytest.mark.parametrize(
    "left, right",
    [
        ("Café Dupont SARL", "cafe dupont"),
        ("CAFÉ DUPONT", "Café Dupont S.A.R.L."),
        ("Éditions Lumière SAS", "editions lumiere"),
        ("Acme Ltd", "ACME Limited"),
        ("Boulangerie Martin EURL", "Boulangerie  Martin"),
    ],
)
def test_company_names_ignore_case_accents_and_legal_forms(left, right):
    assert keys.company_key(left) == keys.company_key(right)


def test_different_companies_stay_different():
    assert keys.company_key("Dupont Conseil") != keys.company_key("Dupont Design")


def test_same_email_matches_whatever_the_case(owner):
    ClientFactory(owner=owner, name="Alice", email="alice@dupont.fr", company="")
    assert reasons_for(owner, email="  ALICE@Dupont.fr ") == {"Alice": {MatchReason.EMAIL}}


def test_same_company_domain_matches(owner):
    ClientFactory(owner=owner, name="Alice", email="alice@dupont.fr", company="")
    assert reasons_for(owner, email="bob@dupont.fr") == {"Alice": {MatchReason.EMAIL_DOMAIN}}


@pytest.mark.parametrize(
    "domain",
    ["gmail.com", "outlook.com", "yahoo.fr", "yahoo.co.uk", "hotmail.fr", "orange.fr", "free.fr", "laposte.net",
     "icloud.com", "proton.me", "protonmail.com"],
)  # fmt: skip
def test_webmail_domains_do_not_match(owner, domain):
    ClientFactory(owner=owner, name="Alice", email=f"alice@{domain}", company="")
    assert reasons_for(owner, email=f"bob@{domain}") == {}
    assert reasons_for(owner, email=f"alice@{domain}") == {"Alice": {MatchReason.EMAIL}}


def test_company_name_matches_across_case_accents_and_legal_form(owner):
    ClientFactory(owner=owner, name="Alice", company="Café Dupont SARL", email="")
    assert reasons_for(owner, company="CAFE DUPONT") == {"Alice": {MatchReason.COMPANY}}


def test_phone_digits_match_whatever_the_formatting(owner):
    ClientFactory(owner=owner, name="Alice", phone="06 12 34 56 78", email="", company="")
    assert reasons_for(owner, phone="+33 (0)6.12.34.56.78") == {"Alice": {MatchReason.PHONE}}
    assert reasons_for(owner, phone="06 12 34 56 79") == {}


def test_a_siret_matches_its_siren(owner):
    ClientFactory(owner=owner, name="Alice", company_number="732829320", email="", company="")
    ClientFactory(owner=owner, name="Bob", company_number="73282932000074", email="", company="")
    assert reasons_for(owner, company_number="732 829 320 00082") == {
        "Alice": {MatchReason.COMPANY_NUMBER},
        "Bob": {MatchReason.COMPANY_NUMBER},
    }


def test_several_reasons_are_all_given(owner):
    ClientFactory(owner=owner, name="Alice Martin", company="Dupont", email="alice@dupont.fr", phone="0612345678")
    assert reasons_for(owner, name="alice  MARTIN", company="Dupont SAS", email="alice@dupont.fr") == {
        "Alice Martin": {MatchReason.EMAIL, MatchReason.COMPANY, MatchReason.NAME}
    }


def test_report_says_which_matches_are_blacklisted_or_high_risk(owner):
    bad = ClientFactory(owner=owner, name="Bad", email="x@acme.fr", is_blacklisted=True)
    risky = ClientFactory(owner=owner, name="Risky", email="y@acme.fr", risk_level=RiskLevel.HIGH)
    ClientFactory(owner=owner, name="Fine", email="z@acme.fr")
    report = client_find_matches(owner=owner, email="new@acme.fr")
    assert {m.client.name for m in report.matches} == {"Bad", "Risky", "Fine"}
    assert report.blacklisted == [bad]
    assert report.high_risk == [risky]


def test_archived_clients_still_match_and_exclude_works(owner):
    archived = ClientFactory(owner=owner, name="Old", email="old@acme.fr")
    archived.archived_at = archived.created_at
    archived.save()
    assert reasons_for(owner, email="old@acme.fr") == {"Old": {MatchReason.EMAIL}}
    assert client_find_matches(owner=owner, email="old@acme.fr", exclude_client_id=archived.pk).matches == []


def test_other_owners_clients_never_match(owner, other_user):
    ClientFactory(owner=other_user, email="alice@dupont.fr")
    assert client_find_matches(owner=owner, email="alice@dupont.fr").matches == []


def test_nothing_to_match_on_gives_an_empty_report(owner):
    ClientFactory(owner=owner)
    report = client_find_matches(owner=owner, name="Alice")
    assert not report
    assert report.blacklisted == [] and report.high_risk == []


def test_matching_is_one_query(owner, django_assert_num_queries):
    for n in range(20):
        ClientFactory(owner=owner, email=f"c{n}@acme.fr")
    with django_assert_num_queries(1):
        report = client_find_matches(owner=owner, email="new@acme.fr", phone="0612345678", company="Acme")
        [m.client.name for m in report.matches]
