"""The dashboard's figures, against data counted by hand, and its cost whatever the data size."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.models import RedFlagStatus
from projects.models import DecisionReason, State
from referrals.models import Direction
from tests.factories import (
    BookingFactory,
    ClientFactory,
    ColleagueFactory,
    DecisionFactory,
    IncomingRequestFactory,
    InvoiceFactory,
    ProjectFactory,
    RedFlagFactory,
    ReferralFactory,
)
from workspace.dashboard import charted_months

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
MONDAY = TODAY - timedelta(days=TODAY.weekday())


def test_the_last_twelve_months_end_with_this_one():
    assert charted_months(date(2026, 2, 14)) == [date(2025, month, 1) for month in range(3, 13)] + [
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def populate(owner, size=1):
    client = ClientFactory(owner=owner, name="Atelier Nova")
    for index in range(size):
        IncomingRequestFactory(client=client, title=f"Waiting {index}", received_at=timezone.now() - timedelta(days=2))
        decided = IncomingRequestFactory(client=client, state=State.ACCEPTED)
        DecisionFactory(incoming=decided, to_state=State.ACCEPTED, reason=DecisionReason.FITS)
        declined = IncomingRequestFactory(client=client, state=State.DECLINED)
        DecisionFactory(incoming=declined, to_state=State.DECLINED, reason=DecisionReason.NO_TIME)
        project = ProjectFactory(client=client, start=MONDAY, end=MONDAY + timedelta(days=4), hours=Decimal("14"))
        BookingFactory(project=project)
        InvoiceFactory(project=project, issued_on=TODAY - timedelta(days=40), due_on=TODAY - timedelta(days=10))
        InvoiceFactory(project=project, issued_on=TODAY, due_on=TODAY + timedelta(days=30))
        InvoiceFactory(project=project, issued_on=TODAY, due_on=TODAY + timedelta(days=30), paid_on=TODAY)
        RedFlagFactory(client=client)
        RedFlagFactory(client=client, status=RedFlagStatus.PROPOSED)
        colleague = ColleagueFactory(owner=owner, name=f"Colleague {index}")
        ReferralFactory(colleague=colleague, direction=Direction.RECEIVED)


def test_the_dashboard_figures_match_the_data(owner_client, owner):
    populate(owner, size=2)
    response = owner_client.get(reverse("dashboard"))
    context = response.context
    assert context["waiting_count"] == 2
    assert context["unpaid_count"] == 4  # two overdue, two not yet due; the paid ones are left out
    assert context["acceptance_rate"] == 50  # 2 accepted of 4 first decisions
    assert len(context["proposals"]) == 2
    assert [c.name for c in context["i_owe"]] == ["Colleague 0", "Colleague 1"]
    this_week = context["weeks"][0]
    assert this_week.monday == MONDAY
    assert this_week.booked == Decimal("28.00")  # two projects of 14 h this week
    assert this_week.capacity == Decimal("35.00")
    assert this_week.percent == 80
    page = response.content.decode()
    assert "overdue since" in page
    assert "Atelier Nova" in page


def test_an_empty_account_gets_a_friendly_dashboard(owner_client):
    page = owner_client.get(reverse("dashboard")).content.decode()
    assert "Nothing to triage" in page
    assert "No decision yet" in page


def test_the_dashboard_costs_the_same_queries_for_little_or_much_data(owner_client, owner):
    populate(owner, size=1)
    with CaptureQueriesContext(connection) as small:
        owner_client.get(reverse("dashboard"))
    populate(owner, size=30)
    with CaptureQueriesContext(connection) as large:
        owner_client.get(reverse("dashboard"))
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_dashboard_shows_only_my_data(owner_client, other_user):
    populate(other_user, size=1)
    context = owner_client.get(reverse("dashboard")).context
    assert context["waiting_count"] == 0
    assert context["unpaid_count"] == 0
    assert list(context["recent_flags"]) == []


def test_a_second_visit_comes_from_the_cache_and_a_new_request_shows_at_once(owner_client, owner):
    populate(owner, size=2)
    owner_client.get(reverse("dashboard"))
    with CaptureQueriesContext(connection) as cached:
        page = owner_client.get(reverse("dashboard")).content.decode()
    assert "2 requests waiting for a decision" in page and "Atelier Nova" in page
    read = " ".join(query["sql"] for query in cached.captured_queries)
    for table in ("projects_decision", "projects_invoice", "projects_booking", "referrals_referral", "clients_redflag"):
        assert table not in read
    IncomingRequestFactory(client=ClientFactory(owner=owner), title="Fresh request")
    page = owner_client.get(reverse("dashboard")).content.decode()
    assert "3 requests waiting for a decision" in page and "Fresh request" in page
