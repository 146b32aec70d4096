"""The project list and the project page: bookings, invoices, edits that move the calendar."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.formatting import day_short
from projects.models import Booking, Invoice, ProjectStatus
from tests.factories import BookingFactory, ClientFactory, InvoiceFactory, ProjectFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MONDAY = TODAY + timedelta(days=7 - TODAY.weekday())
LIST = reverse("projects:project_list")


def project_with_booking(owner, **fields):
    fields.setdefault("client", ClientFactory(owner=owner))
    fields.setdefault("start", MONDAY)
    fields.setdefault("end", MONDAY + timedelta(days=11))
    project = ProjectFactory(owner=owner, **fields)
    BookingFactory(project=project)
    return project


def detail(project):
    return reverse("projects:project_detail", args=[project.pk])


# --- The list ------------------------------------------------------------------------------------


def test_the_list_filters_by_text_status_and_client(owner_client, owner):
    acme = ClientFactory(owner=owner, name="Acme")
    project_with_booking(owner, title="Bakery site", client=acme)
    project_with_booking(owner, title="Florist logo", status=ProjectStatus.DONE)
    html = owner_client.get(LIST, {"q": "bakery"}).content.decode()
    assert "Bakery site" in html and "Florist logo" not in html
    html = owner_client.get(LIST, {"status": "done"}).content.decode()
    assert "Florist logo" in html and "Bakery site" not in html
    html = owner_client.get(LIST, {"client": acme.pk}).content.decode()
    assert "Bakery site" in html and "Florist logo" not in html


def test_the_list_paginates_and_keeps_the_filters_in_the_page_links(owner_client, owner):
    client = ClientFactory(owner=owner)
    for n in range(30):
        ProjectFactory(owner=owner, client=client, title=f"Site {n}")
    html = owner_client.get(LIST, {"q": "site"}).content.decode()
    assert html.count('href="/projects/') >= 25
    assert "?q=site&amp;page=2" in html


def test_htmx_filtering_answers_only_the_results(owner_client, owner):
    project_with_booking(owner, title="Bakery site")
    html = owner_client.get(LIST, {"q": "bak"}, headers={"HX-Request": "true"}).content.decode()
    assert 'id="results"' in html and "Bakery site" in html and "<h1" not in html


def test_the_list_marks_projects_with_overdue_invoices(owner_client, owner):
    project = project_with_booking(owner, title="Bakery site")
    InvoiceFactory(project=project, due_on=TODAY - timedelta(days=3), issued_on=TODAY - timedelta(days=33))
    html = owner_client.get(LIST).content.decode()
    assert "1 overdue" in html


def test_the_csv_export_has_a_bom_and_the_filtered_rows(owner_client, owner):
    project_with_booking(owner, title="Café crème", price=D(2500))
    project_with_booking(owner, title="Other")
    response = owner_client.get(reverse("projects:project_export"), {"q": "café"})
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    lines = content.strip().splitlines()
    assert len(lines) == 2 and "Café crème" in lines[1] and "2500" in lines[1]


def test_the_list_and_export_show_only_my_projects(owner_client, owner, other_user):
    ProjectFactory(owner=other_user, client=ClientFactory(owner=other_user), title="Their secret")
    assert "Their secret" not in owner_client.get(LIST).content.decode()
    export = owner_client.get(reverse("projects:project_export"))
    assert "Their secret" not in b"".join(export.streaming_content).decode()


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_with_1_or_50_projects(owner_client, owner):
    client = ClientFactory(owner=owner)
    first = project_with_booking(owner, client=client)
    InvoiceFactory(project=first)
    one = queries_for(owner_client, LIST)
    for _n in range(49):
        project = project_with_booking(owner, client=ClientFactory(owner=owner))
        InvoiceFactory(project=project)
    assert queries_for(owner_client, LIST) == one


def test_the_project_page_costs_the_same_with_1_or_50_bookings_and_invoices(owner_client, owner):
    project = project_with_booking(owner)
    InvoiceFactory(project=project)
    one = queries_for(owner_client, detail(project))
    for n in range(49):
        BookingFactory(project=project, start=MONDAY + timedelta(days=n), end=MONDAY + timedelta(days=n), hours=D(1))
        InvoiceFactory(project=project, paid_on=TODAY if n % 2 else None)
    assert queries_for(owner_client, detail(project)) == one


# --- The project page ----------------------------------------------------------------------------


def test_the_project_page_shows_bookings_and_marks_invoices_overdue_or_paid_late(owner_client, owner):
    project = project_with_booking(owner, title="Bakery site", hours=D(40))
    InvoiceFactory(project=project, number="F-LATE", issued_on=TODAY - timedelta(60), due_on=TODAY - timedelta(30))
    InvoiceFactory(
        project=project,
        number="F-PAID-LATE",
        issued_on=TODAY - timedelta(60),
        due_on=TODAY - timedelta(30),
        paid_on=TODAY - timedelta(10),
    )
    InvoiceFactory(project=project, number="F-FINE", issued_on=TODAY, due_on=TODAY + timedelta(30))
    html = owner_client.get(detail(project)).content.decode()
    assert html.count("<h1") == 1 and "Bakery site" in html
    assert day_short(MONDAY) in html  # dates follow the locale, the same on every page
    rows = {number: html.split(number)[1].split("</tr>")[0] for number in ("F-LATE", "F-PAID-LATE", "F-FINE")}
    assert 'data-mark="overdue"' in rows["F-LATE"]
    assert 'data-mark="paid-late"' in rows["F-PAID-LATE"]
    assert "data-mark" not in rows["F-FINE"]


def test_adding_an_invoice(owner_client, owner):
    project = project_with_booking(owner, currency="EUR")
    response = owner_client.post(
        reverse("projects:invoice_add", args=[project.pk]),
        {
            "number": "F-2031-001",
            "amount": "1200",
            "issued_on": TODAY.isoformat(),
            "due_on": (TODAY + timedelta(30)).isoformat(),
        },
    )
    assert response.status_code == 302
    (invoice,) = Invoice.objects.owned_by(owner)
    assert (invoice.number, invoice.amount, invoice.project) == ("F-2031-001", D(1200), project)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"number": "F-TAKEN"}, "You already have an invoice with this number."),
        ({"due_on": (TODAY - timedelta(1)).isoformat()}, "The due date cannot be before the issue date."),
    ],
)
def test_a_wrong_invoice_is_explained_and_not_saved(owner_client, owner, changes, message):
    project = project_with_booking(owner)
    InvoiceFactory(project=project, number="F-TAKEN")
    data = {"number": "F-NEW", "amount": "100", "issued_on": TODAY.isoformat(), "due_on": TODAY.isoformat()} | changes
    response = owner_client.post(reverse("projects:invoice_add", args=[project.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Invoice.objects.owned_by(owner).count() == 1


def test_the_same_invoice_number_is_free_for_another_user(owner_client, owner, other_user):
    InvoiceFactory(project=ProjectFactory(owner=other_user, client=ClientFactory(owner=other_user)), number="F-1")
    project = project_with_booking(owner)
    data = {"number": "F-1", "amount": "100", "issued_on": TODAY.isoformat(), "due_on": TODAY.isoformat()}
    assert owner_client.post(reverse("projects:invoice_add", args=[project.pk]), data).status_code == 302


def test_marking_an_invoice_paid_late_says_so(owner_client, owner):
    invoice = InvoiceFactory(
        project=project_with_booking(owner), issued_on=TODAY - timedelta(60), due_on=TODAY - timedelta(30)
    )
    response = owner_client.post(
        reverse("projects:invoice_paid", args=[invoice.pk]), {"paid_on": TODAY.isoformat()}, follow=True
    )
    invoice.refresh_from_db()
    assert invoice.paid_on == TODAY
    assert "marked paid, late" in response.content.decode()


def test_an_invoice_cannot_be_paid_before_it_was_issued(owner_client, owner):
    invoice = InvoiceFactory(project=project_with_booking(owner), issued_on=TODAY)
    response = owner_client.post(
        reverse("projects:invoice_paid", args=[invoice.pk]), {"paid_on": (TODAY - timedelta(1)).isoformat()}
    )
    assert "An invoice cannot be paid before it was issued." in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.paid_on is None


# --- Creating and editing moves the calendar ----------------------------------------------------


def project_data(project=None, client=None, **changes):
    data = {
        "client": client.pk if client else project.client_id,
        "title": project.title if project else "New site",
        "start": (project.start if project else MONDAY).isoformat(),
        "end": (project.end if project else MONDAY + timedelta(4)).isoformat(),
        "hours": str(project.hours if project else 20),
        "price": "",
        "currency": "EUR",
        "status": project.status if project else "active",
    }
    return data | changes


def test_creating_a_project_books_its_hours(owner_client, owner):
    client = ClientFactory(owner=owner)
    response = owner_client.post(reverse("projects:project_create"), project_data(client=client))
    assert response.status_code == 302
    (booking,) = Booking.objects.owned_by(owner)
    assert (booking.start, booking.end, booking.hours) == (MONDAY, MONDAY + timedelta(4), D(20))


def test_a_project_cannot_use_another_users_client(owner_client, owner, other_user):
    theirs = ClientFactory(owner=other_user)
    response = owner_client.post(reverse("projects:project_create"), project_data(client=theirs))
    assert response.status_code == 200
    assert not Booking.objects.owned_by(owner).exists()


def test_editing_the_dates_moves_the_bookings(owner_client, owner):
    project = project_with_booking(owner)
    later = {"start": (MONDAY + timedelta(14)).isoformat(), "end": (MONDAY + timedelta(25)).isoformat()}
    response = owner_client.post(reverse("projects:project_edit", args=[project.pk]), project_data(project, **later))
    assert response.status_code == 302
    (booking,) = Booking.objects.filter(project=project)
    assert (booking.start, booking.end) == (MONDAY + timedelta(14), MONDAY + timedelta(25))


def test_an_edit_ending_before_it_starts_is_refused_and_nothing_moves(owner_client, owner):
    project = project_with_booking(owner)
    bad = {"end": (MONDAY - timedelta(1)).isoformat()}
    response = owner_client.post(reverse("projects:project_edit", args=[project.pk]), project_data(project, **bad))
    assert "The end cannot be before the start." in response.content.decode()
    (booking,) = Booking.objects.filter(project=project)
    assert booking.end == MONDAY + timedelta(11)


def test_weekly_amounts_that_do_not_add_up_are_explained(owner_client, owner):
    project = project_with_booking(owner, hours=D(40))
    plan = reverse("projects:project_plan", args=[project.pk])
    form = owner_client.get(plan).context["form"]
    names = list(form.fields)
    assert len(names) == 2
    response = owner_client.post(plan, {names[0]: "10", names[1]: "10"})
    assert "The weeks add up to 20" in response.content.decode()
    assert Booking.objects.filter(project=project).count() == 1
    response = owner_client.post(plan, {names[0]: "30", names[1]: "10"})
    assert response.status_code == 302
    assert [b.hours for b in Booking.objects.filter(project=project).order_by("start")] == [D(30), D(10)]
    owner_client.post(plan, {"even": "1"})
    assert [b.hours for b in Booking.objects.filter(project=project)] == [D(40)]


# --- Scoping -------------------------------------------------------------------------------------


def test_another_user_gets_404_on_my_project_pages_and_actions(other_client, owner):
    project = project_with_booking(owner)
    invoice = InvoiceFactory(project=project)
    forms = [
        reverse("projects:project_edit", args=[project.pk]),
        reverse("projects:project_plan", args=[project.pk]),
        reverse("projects:invoice_add", args=[project.pk]),
        reverse("projects:invoice_paid", args=[invoice.pk]),
    ]
    for url in [detail(project), reverse("projects:project_ics", args=[project.pk]), *forms]:
        assert other_client.get(url).status_code == 404, url
    for url in forms:
        assert other_client.post(url, {"paid_on": TODAY.isoformat(), "even": "1"}).status_code == 404, url
    invoice.refresh_from_db()
    assert invoice.paid_on is None
    assert Booking.objects.filter(project=project).count() == 1


def test_an_absurdly_long_search_is_ignored_and_the_other_filters_still_apply(owner_client, owner):
    project_with_booking(owner, title="Bakery site", status=ProjectStatus.DONE)
    project_with_booking(owner, title="Florist logo")
    response = owner_client.get(LIST, {"q": "x" * 100_000, "status": "done"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bakery site" in html and "Florist logo" not in html
