"""Clients and red flags: create, edit, archive, flag, withdraw, and the cached risk level."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from clients import services
from clients.models import RedFlagKind, RedFlagStatus, RiskLevel, Severity
from clients.selectors import client_list, client_search
from clients.tasks import refresh_risk_levels_task
from tests.factories import (
    ClientFactory,
    IncomingRequestFactory,
    InvoiceFactory,
    ProjectFactory,
    RedFlagFactory,
    UserFactory,
)
from workspace.client_file import client_overview

pytestmark = pytest.mark.django_db


def test_create_cleans_the_company_number_and_makes_tags(owner):
    client = services.client_create(
        owner=owner, name="Alice", company="Dupont SARL", company_number="732 829 320", tags=["agency", "agency "]
    )
    assert client.company_number == "732829320"
    assert client.company_key == "dupont"
    assert [t.name for t in client.tags.all()] == ["agency"]


def test_create_refuses_a_bad_company_number(owner):
    with pytest.raises(ValidationError):
        services.client_create(owner=owner, name="Alice", company_number="1234")
    assert not client_list(owner=owner).exists()


def test_update_changes_fields_and_keys(owner):
    client = ClientFactory(owner=owner, phone="")
    services.client_update(client=client, name="Bob", phone="06 11 22 33 44", tags=[])
    client.refresh_from_db()
    assert (client.name, client.phone_key) == ("Bob", "611223344")


def test_archiving_hides_from_lists_but_keeps_history(owner):
    client = ClientFactory(owner=owner)
    incoming = IncomingRequestFactory(client=client)
    flag = RedFlagFactory(client=client)
    services.client_archive(client=client)
    assert client not in client_list(owner=owner)
    assert client not in client_search(owner=owner)
    assert client in client_search(owner=owner, archived=True)
    overview = client_overview(owner=owner, client_id=client.pk)
    assert overview.requests == [incoming] and overview.red_flags == [flag]
    services.client_unarchive(client=client)
    assert client in client_list(owner=owner)


def test_a_red_flag_raises_the_cached_risk_level_and_withdrawing_lowers_it(owner):
    client = ClientFactory(owner=owner)
    flag = services.red_flag_add(
        owner=owner, client=client, kind=RedFlagKind.UNPAID_VANISHED, severity=Severity.SEVERE, note="Gone"
    )
    client.refresh_from_db()
    assert client.risk_level == RiskLevel.HIGH
    services.red_flag_withdraw(red_flag=flag, reason="Paid after all")
    client.refresh_from_db()
    flag.refresh_from_db()
    assert client.risk_level == RiskLevel.LOW
    assert (flag.status, flag.withdrawal_reason) == (RedFlagStatus.WITHDRAWN, "Paid after all")
    assert flag.withdrawn_at is not None
    with pytest.raises(services.RedFlagConflict):
        services.red_flag_withdraw(red_flag=flag)


def test_a_red_flag_links_only_to_this_clients_request_and_project(owner):
    client = ClientFactory(owner=owner)
    other_incoming = IncomingRequestFactory(client=ClientFactory(owner=owner))
    with pytest.raises(ValidationError):
        services.red_flag_add(
            owner=owner, client=client, kind=RedFlagKind.GHOSTING, severity=Severity.MINOR, incoming=other_incoming
        )
    project = ProjectFactory(client=client)
    flag = services.red_flag_add(
        owner=owner, client=client, kind=RedFlagKind.SCOPE_CREEP, severity=Severity.MINOR, project=project
    )
    assert flag.project == project


def test_nobody_flags_another_owners_client(owner, other_user):
    with pytest.raises(PermissionDenied):
        services.red_flag_add(
            owner=other_user, client=ClientFactory(owner=owner), kind=RedFlagKind.SPAM, severity=Severity.MINOR
        )


def test_editing_a_flag_recomputes_the_risk(owner):
    client = ClientFactory(owner=owner)
    flag = services.red_flag_add(owner=owner, client=client, kind=RedFlagKind.RATE_HAGGLING, severity=Severity.MINOR)
    services.red_flag_update(
        red_flag=flag, kind=RedFlagKind.DISRESPECT, severity=Severity.SEVERE, occurred_on=flag.occurred_on
    )
    client.refresh_from_db()
    assert client.risk_level == RiskLevel.HIGH


def test_a_proposed_flag_counts_only_once_confirmed(owner):
    client = ClientFactory(owner=owner)
    invoice = InvoiceFactory(project=ProjectFactory(client=client))
    flag = services.red_flag_add(
        owner=owner,
        client=client,
        kind=RedFlagKind.LATE_PAYMENT,
        severity=Severity.SEVERE,
        invoice=invoice,
        status=RedFlagStatus.PROPOSED,
    )
    client.refresh_from_db()
    assert client.risk_level == RiskLevel.LOW
    services.red_flag_confirm(red_flag=flag)
    client.refresh_from_db()
    assert client.risk_level == RiskLevel.HIGH


def test_refreshing_lowers_the_level_as_flags_age(owner):
    client = ClientFactory(owner=owner)
    services.red_flag_add(owner=owner, client=client, kind=RedFlagKind.GHOSTING, severity=Severity.SERIOUS)
    client.refresh_from_db()
    assert client.risk_level == RiskLevel.WATCH
    later = timezone.localdate() + timedelta(days=400)
    assert services.risk_levels_refresh(owner=owner, today=later) == 1
    client.refresh_from_db()
    assert client.risk_level == RiskLevel.LOW
    assert services.risk_levels_refresh(owner=owner, today=later) == 0


def test_the_periodic_task_refreshes_every_owner(owner):
    stale = ClientFactory(owner=owner, risk_level=RiskLevel.HIGH)
    elsewhere = ClientFactory(owner=UserFactory(), risk_level=RiskLevel.WATCH)
    assert refresh_risk_levels_task() == 2
    stale.refresh_from_db()
    elsewhere.refresh_from_db()
    assert stale.risk_level == elsewhere.risk_level == RiskLevel.LOW
