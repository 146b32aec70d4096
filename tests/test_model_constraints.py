"""The database itself refuses rows that break the domain's invariants."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from clients.models import BlacklistEvent, RedFlagStatus
from projects.models import Booking, State
from tests.factories import (
    BlacklistEventFactory,
    ClientFactory,
    DecisionFactory,
    IncomingRequestFactory,
    InvoiceFactory,
    ProjectFactory,
    RedFlagFactory,
    SkillFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_a_company_number_is_a_siren_or_a_siret():
    ClientFactory(company_number="732829320")
    ClientFactory(company_number="73282932000074")
    refused(lambda: ClientFactory(company_number="12345"))


def test_a_request_cannot_end_before_it_starts():
    refused(lambda: IncomingRequestFactory(desired_start=TODAY, deadline=TODAY - timedelta(days=1)))


def test_a_request_cannot_have_negative_hours_or_budget():
    refused(lambda: IncomingRequestFactory(estimated_hours=Decimal("-1")))
    refused(lambda: IncomingRequestFactory(budget_amount=Decimal("-5")))


def test_a_request_state_must_be_known():
    refused(lambda: IncomingRequestFactory(state="maybe"))


def test_a_decision_must_change_the_state():
    refused(lambda: DecisionFactory(from_state=State.NEW, to_state=State.NEW))


def test_a_booking_is_firm_for_a_project_and_tentative_for_a_request(owner):
    project = ProjectFactory(owner=owner, client=ClientFactory(owner=owner))
    incoming = IncomingRequestFactory(client=project.client)
    dates = {"start": TODAY, "end": TODAY + timedelta(days=4), "hours": Decimal("10")}
    Booking.objects.create(owner=owner, project=project, **dates)
    Booking.objects.create(owner=owner, incoming=incoming, tentative=True, **dates)
    refused(lambda: Booking.objects.create(owner=owner, project=project, tentative=True, **dates))
    refused(lambda: Booking.objects.create(owner=owner, project=project, incoming=incoming, **dates))


def test_a_project_cannot_end_before_it_starts():
    refused(lambda: ProjectFactory(start=TODAY, end=TODAY - timedelta(days=1)))


def test_an_invoice_is_due_after_it_is_issued_and_numbers_are_unique_per_owner(owner):
    project = ProjectFactory(client=ClientFactory(owner=owner))
    refused(lambda: InvoiceFactory(project=project, issued_on=TODAY, due_on=TODAY - timedelta(days=1)))
    InvoiceFactory(project=project, number="F-1")
    refused(lambda: InvoiceFactory(project=project, number="F-1"))
    InvoiceFactory(number="F-1")  # another owner may use the same number


def test_a_withdrawn_red_flag_has_a_withdrawal_date():
    refused(lambda: RedFlagFactory(status=RedFlagStatus.WITHDRAWN, withdrawn_at=None))
    refused(lambda: RedFlagFactory(status=RedFlagStatus.ACTIVE, withdrawn_at=timezone.now()))
    RedFlagFactory(status=RedFlagStatus.WITHDRAWN, withdrawn_at=timezone.now())


def test_a_late_payment_is_proposed_once_per_invoice():
    invoice = InvoiceFactory()
    client = invoice.project.client
    RedFlagFactory(client=client, invoice=invoice, status=RedFlagStatus.DISMISSED)
    refused(lambda: RedFlagFactory(client=client, invoice=invoice))


def test_a_blacklisting_needs_a_reason():
    event = BlacklistEventFactory()
    refused(lambda: BlacklistEvent.objects.create(owner=event.owner, client=event.client, action="added", reason=""))


def test_names_of_tags_and_skills_are_unique_per_owner(owner, other_user):
    TagFactory(owner=owner, name="print")
    TagFactory(owner=other_user, name="print")
    refused(lambda: TagFactory(owner=owner, name="print"))
    SkillFactory(owner=owner, name="django")
    SkillFactory(owner=other_user, name="django")


def test_a_target_rate_is_never_below_the_minimum(owner):
    profile = owner.profile
    profile.minimum_hourly_rate, profile.target_hourly_rate = Decimal("80"), Decimal("60")
    refused(profile.save)
