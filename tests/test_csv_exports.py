"""Every list exports to CSV that a spreadsheet reads right: UTF-8 with a BOM, accents, commas, newlines intact."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import RedFlagKind
from projects.models import State
from tests.factories import (
    ClientFactory,
    ColleagueFactory,
    IncomingRequestFactory,
    InvoiceFactory,
    ProjectFactory,
    RedFlagFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db
TRICKY = 'Boulangerie « Lefèvre », Zoé & fils\nsecond line "quoted"'


def read_csv(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith("\ufeff".encode())
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


@pytest.fixture
def data(owner, other_user):
    client = ClientFactory(owner=owner, name=TRICKY, is_blacklisted=True)
    IncomingRequestFactory(client=client, title=TRICKY)
    IncomingRequestFactory(client=client, title="Declined one", state=State.DECLINED)
    project = ProjectFactory(client=client, title=TRICKY)
    today = timezone.localdate()
    InvoiceFactory(
        project=project, number="F-1", issued_on=today - timedelta(days=60), due_on=today - timedelta(days=30)
    )
    InvoiceFactory(project=project, number="F-2", paid_on=timezone.localdate())
    RedFlagFactory(client=client, kind=RedFlagKind.DISRESPECT, note=TRICKY)
    ReferralFactory(colleague=ColleagueFactory(owner=owner, name=TRICKY), description=TRICKY)
    # Another user's rows never appear in my exports.
    ClientFactory(owner=other_user, name="Secret Client")
    IncomingRequestFactory(client=ClientFactory(owner=other_user), title="Secret request")


@pytest.mark.parametrize(
    "url_name",
    [
        "clients:client_export",
        "clients:blacklist_export",
        "clients:red_flag_export",
        "projects:incoming_export",
        "projects:project_export",
        "projects:invoice_export",
        "referrals:colleague_export",
        "referrals:referral_export",
    ],
)
def test_every_list_exports_text_with_accents_commas_and_newlines_intact(owner_client, data, url_name):
    rows = read_csv(owner_client.get(reverse(url_name)))
    cells = [cell for row in rows[1:] for cell in row]
    assert TRICKY in cells
    assert not any("Secret" in cell for cell in cells)


def test_the_requests_export_follows_the_inbox_filters(owner_client, data):
    waiting = read_csv(owner_client.get(reverse("projects:incoming_export")))
    declined = read_csv(owner_client.get(reverse("projects:incoming_export"), {"state": "declined"}))
    assert [row[1] for row in waiting[1:]] == [TRICKY]
    assert [row[1] for row in declined[1:]] == ["Declined one"]


def test_the_invoices_export_can_keep_only_the_overdue_ones(owner_client, data):
    overdue = read_csv(owner_client.get(reverse("projects:invoice_export"), {"status": "overdue"}))
    assert [row[0] for row in overdue[1:]] == ["F-1"]
    assert overdue[1][-1] == "30"  # days late
