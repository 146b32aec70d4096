"""Blacklisting and lifting: both need a reason, both stay in the history; a blacklisted client is high risk."""

import pytest
from django.core.exceptions import ValidationError

from clients.models import BlacklistAction, RedFlag, RedFlagKind, RedFlagStatus, RiskLevel, Severity
from clients.selectors import blacklist_review_list, client_blacklist_history
from clients.services import BlacklistConflict, client_blacklist, client_blacklist_lift, risk_levels_refresh
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def test_lifting_a_blacklisting_keeps_it_in_history(owner):
    client = ClientFactory(owner=owner)
    client_blacklist(owner=owner, client=client, reason="Unpaid invoice, then silence")
    client_blacklist_lift(owner=owner, client=client, reason="Paid in full")
    history = client_blacklist_history(owner=owner, client=client)
    assert [(e.action, e.reason) for e in history] == [
        (BlacklistAction.ADDED, "Unpaid invoice, then silence"),
        (BlacklistAction.LIFTED, "Paid in full"),
    ]
    client.refresh_from_db()
    assert client.is_blacklisted is False


def test_blacklisting_again_after_a_lift_adds_to_the_history(owner):
    client = ClientFactory(owner=owner)
    client_blacklist(owner=owner, client=client, reason="Insults")
    client_blacklist_lift(owner=owner, client=client, reason="Apologised")
    client_blacklist(owner=owner, client=client, reason="Insults again")
    assert [e.action for e in client_blacklist_history(owner=owner, client=client)] == ["added", "lifted", "added"]
    client.refresh_from_db()
    assert client.is_blacklisted


def test_blacklisting_twice_is_a_conflict_and_writes_nothing(owner):
    client = ClientFactory(owner=owner)
    client_blacklist(owner=owner, client=client, reason="Ghosted")
    with pytest.raises(BlacklistConflict):
        client_blacklist(owner=owner, client=ClientFactory._meta.model.objects.get(pk=client.pk), reason="Again")
    assert client_blacklist_history(owner=owner, client=client).count() == 1


def test_lifting_a_client_who_is_not_blacklisted_is_a_conflict(owner):
    with pytest.raises(BlacklistConflict):
        client_blacklist_lift(owner=owner, client=ClientFactory(owner=owner), reason="Why not")


def test_a_reason_is_required(owner):
    client = ClientFactory(owner=owner)
    with pytest.raises(ValidationError):
        client_blacklist(owner=owner, client=client, reason="   ")
    client.refresh_from_db()
    assert not client.is_blacklisted


def test_review_list_shows_the_latest_reason_and_only_blacklisted_clients(owner):
    client = ClientFactory(owner=owner, name="Bad")
    ClientFactory(owner=owner, name="Good")
    client_blacklist(owner=owner, client=client, reason="First time")
    client_blacklist_lift(owner=owner, client=client, reason="Second chance")
    client_blacklist(owner=owner, client=client, reason="Never again")
    rows = list(blacklist_review_list(owner=owner))
    assert [(c.name, c.blacklist_reason) for c in rows] == [("Bad", "Never again")]


def test_blacklisting_with_a_kind_records_the_incident_as_a_red_flag_the_filter_finds(owner):
    client = ClientFactory(owner=owner, name="Bad")
    other = ClientFactory(owner=owner, name="Other")
    client_blacklist(owner=owner, client=client, reason="Shouted at me on the phone", kind=RedFlagKind.DISRESPECT)
    client_blacklist(owner=owner, client=other, reason="Never paid")
    flag = RedFlag.objects.get(client=client)
    assert (flag.kind, flag.severity, flag.status, flag.note) == (
        RedFlagKind.DISRESPECT,
        Severity.SEVERE,
        RedFlagStatus.ACTIVE,
        "Shouted at me on the phone",
    )
    assert [c.name for c in blacklist_review_list(owner=owner, kind=RedFlagKind.DISRESPECT)] == ["Bad"]


def test_a_blacklisted_client_is_cached_as_high_risk_until_the_blacklisting_is_lifted(owner):
    client = ClientFactory(owner=owner)
    client_blacklist(owner=owner, client=client, reason="Ghosted twice")
    client.refresh_from_db()
    assert client.risk_level == RiskLevel.HIGH
    client_blacklist_lift(owner=owner, client=client, reason="Paid in the end")
    client.refresh_from_db()
    assert client.risk_level == RiskLevel.LOW


def test_the_daily_refresh_keeps_a_blacklisted_client_high_risk(owner):
    client = ClientFactory(owner=owner, is_blacklisted=True, risk_level=RiskLevel.LOW)
    assert risk_levels_refresh(owner=owner) == 1
    client.refresh_from_db()
    assert client.risk_level == RiskLevel.HIGH
