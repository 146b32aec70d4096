"""`manage.py demo`: one busy, bilingual year of a freelancer's history, the same for the same seed."""

from collections import Counter
from datetime import datetime, time
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import OwnedModel, Profile
from clients.models import BlacklistAction, BlacklistEvent, Client, RedFlag, RedFlagKind, RedFlagStatus
from projects.models import Booking, Decision, IncomingRequest, Invoice, Project, State, TimeOff
from referrals.models import Colleague, Direction, Referral
from tests.factories import ClientFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password-42"


def run_demo(username="demo", password=PASSWORD, **options) -> str:
    out = StringIO()
    call_command("demo", user=username, password=password, stdout=out, **options)
    return out.getvalue()


def demo_user(username="demo"):
    return get_user_model().objects.get(username=username)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """One generated year shared by the read-only tests of this module, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = run_demo()
        yield demo_user(), output
        transaction.set_rollback(True)


def snapshot(owner) -> dict[str, list]:
    """What a person would see of the data, without database ids or creation times."""
    today = timezone.localdate()

    def rows(model, *fields):
        return sorted(model.objects.filter(owner=owner).values_list(*fields), key=repr)

    return {
        "clients": rows(
            Client,
            "name",
            "company",
            "email",
            "phone",
            "company_number",
            "language",
            "address_form",
            "notes",
            "is_blacklisted",
            "risk_level",
        ),
        "tags": rows(Client, "name", "tags__name"),
        "requests": rows(
            IncomingRequest,
            "title",
            "client__name",
            "state",
            "channel",
            "budget_kind",
            "budget_amount",
            "estimated_hours",
            "desired_start",
            "deadline",
            "received_at",
            "description",
        ),
        "skills": rows(IncomingRequest, "title", "received_at", "skills__name"),
        "decisions": rows(Decision, "incoming__title", "from_state", "to_state", "reason", "reply", "decided_at"),
        "projects": rows(Project, "title", "client__name", "start", "end", "hours", "price", "status"),
        "bookings": rows(Booking, "start", "end", "hours", "tentative"),
        "invoices": rows(Invoice, "number", "amount", "issued_on", "due_on", "paid_on"),
        "red_flags": rows(RedFlag, "client__name", "kind", "severity", "status", "occurred_on", "note"),
        "blacklist": rows(BlacklistEvent, "client__name", "action", "reason", "happened_at"),
        "colleagues": rows(Colleague, "name", "email", "skills__name"),
        "referrals": rows(Referral, "colleague__name", "direction", "referred_on", "outcome", "value"),
        "time_off": rows(TimeOff, "start", "end", "label"),
        "today": [today],
    }


def test_one_year_has_the_stated_counts_and_every_state_and_kind(demo):
    owner, output = demo

    assert 35 <= Client.objects.filter(owner=owner).count() <= 45
    states = Counter(IncomingRequest.objects.filter(owner=owner).values_list("state", flat=True))
    assert 110 <= sum(states.values()) <= 130
    assert set(states) == set(State.values)
    assert 25 <= Project.objects.filter(owner=owner).count() <= 35
    assert 45 <= Invoice.objects.filter(owner=owner).count() <= 75
    kinds = Counter(RedFlag.objects.filter(owner=owner).values_list("kind", flat=True))
    assert 20 <= sum(kinds.values()) <= 30
    assert set(kinds) == set(RedFlagKind.values)
    assert Client.objects.filter(owner=owner, is_blacklisted=True).count() == 3
    assert 18 <= Colleague.objects.filter(owner=owner).count() <= 22
    directions = Counter(Referral.objects.filter(owner=owner).values_list("direction", flat=True))
    assert 35 <= sum(directions.values()) <= 45
    assert set(directions) == set(Direction.values)
    assert TimeOff.objects.filter(owner=owner).exists()
    assert "Log in as 'demo'" in output and PASSWORD in output


def test_every_request_has_one_decision_per_transition_ending_in_its_state(demo):
    owner, _output = demo
    chains: dict[int, list[Decision]] = {}
    for decision in Decision.objects.filter(owner=owner).order_by("decided_at", "id"):
        chains.setdefault(decision.incoming_id, []).append(decision)
    for incoming in IncomingRequest.objects.filter(owner=owner):
        chain = chains.get(incoming.pk, [])
        if incoming.state == State.NEW:
            assert chain == [] and incoming.decided_at is None
            continue
        assert chain[0].from_state == State.NEW
        assert all(a.to_state == b.from_state for a, b in zip(chain, chain[1:], strict=False))
        assert chain[-1].to_state == incoming.state
        assert chain[-1].decided_at == incoming.decided_at
        assert incoming.received_at < chain[0].decided_at < timezone.now()
        assert (incoming.state == State.IGNORED) == (chain[-1].reply == "")


def test_projects_come_from_accepted_requests_and_book_capacity(demo):
    owner, _output = demo
    projects = Project.objects.filter(owner=owner).select_related("incoming")
    assert all(p.incoming.state == State.ACCEPTED and p.incoming.client_id == p.client_id for p in projects)
    assert projects.count() == IncomingRequest.objects.filter(owner=owner, state=State.ACCEPTED).count()
    holds = Booking.objects.filter(owner=owner, tentative=True).select_related("incoming")
    assert holds.exists()
    assert all(hold.incoming.state == State.NEGOTIATING for hold in holds)
    assert Booking.objects.filter(owner=owner, tentative=False, project__isnull=False).count() >= projects.count() - 3


def test_invoices_are_paid_on_time_paid_late_or_overdue(demo):
    owner, _output = demo
    invoices = list(Invoice.objects.filter(owner=owner))
    assert any(i.paid_on and not i.was_paid_late() for i in invoices)
    assert any(i.was_paid_late() for i in invoices)
    assert sum(i.is_overdue() for i in invoices) >= 3


def test_red_flags_include_withdrawn_ones_with_their_date_and_reason(demo):
    owner, _output = demo
    flags = RedFlag.objects.filter(owner=owner)
    withdrawn = flags.filter(status=RedFlagStatus.WITHDRAWN)
    assert withdrawn.exists()
    assert all(f.withdrawn_at and f.withdrawal_reason for f in withdrawn)
    assert flags.filter(status=RedFlagStatus.ACTIVE).count() > flags.count() / 2


def test_blacklisted_clients_match_their_latest_event_and_one_was_lifted_then_added_again(demo):
    owner, _output = demo
    histories: dict[int, list[str]] = {}
    for event in BlacklistEvent.objects.filter(owner=owner).order_by("happened_at", "id"):
        histories.setdefault(event.client_id, []).append(event.action)
    for client in Client.objects.filter(owner=owner):
        history = histories.get(client.pk, [])
        assert client.is_blacklisted == (bool(history) and history[-1] == BlacklistAction.ADDED)
    assert ["added", "lifted", "added"] in histories.values()


def test_the_data_is_bilingual_with_company_numbers_and_webmail_addresses(demo):
    owner, _output = demo
    clients = Client.objects.filter(owner=owner)
    languages = Counter(clients.values_list("language", flat=True))
    assert languages["fr"] > languages["en"] > 0
    assert clients.filter(address_form="tu").exists() and clients.filter(address_form="vous").exists()
    numbers = [c.company_number for c in clients if c.company_number]
    assert {9, 14} == {len(n) for n in numbers}
    assert clients.filter(email__endswith="@gmail.com").exists() or clients.filter(email__endswith=".fr").exists()
    assert any(c.email.split("@")[1] in {"gmail.com", "orange.fr", "hotmail.fr", "free.fr"} for c in clients)
    for client in clients:
        client.full_clean()  # valid emails, URLs and SIREN/SIRET as a form would require
    for colleague in Colleague.objects.filter(owner=owner):
        colleague.full_clean()
    assert Colleague.objects.filter(owner=owner, skills__isnull=False).distinct().count() >= 18


def test_the_profile_has_rates_a_working_week_and_a_signature(demo):
    owner, _output = demo
    profile = Profile.objects.get(user=owner)
    assert profile.target_hourly_rate > profile.minimum_hourly_rate > 0
    assert sum(profile.weekly_hours()) > 0 and profile.signature


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data():
    run_demo(seed=7)
    first = snapshot(demo_user())
    run_demo(seed=7)
    assert snapshot(demo_user()) == first
    run_demo(seed=8)
    assert snapshot(demo_user())["clients"] != first["clients"]


def test_refreshing_never_touches_another_users_data():
    run_demo("neighbour", seed=1)
    neighbour = demo_user("neighbour")
    ClientFactory(owner=neighbour, name="Their own client")
    before = snapshot(neighbour)

    run_demo()
    run_demo()

    assert snapshot(neighbour) == before
    assert Client.objects.filter(owner=neighbour, name="Their own client").exists()


def test_if_empty_leaves_an_existing_user_and_their_changes_alone():
    run_demo()
    owner = demo_user()
    Client.objects.filter(owner=owner).update(notes="my own note")

    output = run_demo(password="another-password", if_empty=True)

    owner.refresh_from_db()
    assert "already exists" in output
    assert owner.check_password(PASSWORD)
    assert not Client.objects.filter(owner=owner).exclude(notes="my own note").exists()


def test_a_staff_account_is_never_overwritten():
    staff = UserFactory(username="operator", is_staff=True)
    ClientFactory(owner=staff, name="Real client")
    with pytest.raises(CommandError):
        run_demo("operator")
    assert list(Client.objects.filter(owner=staff).values_list("name", flat=True)) == ["Real client"]


def test_if_empty_creates_a_missing_user():
    run_demo("newcomer", if_empty=True)
    assert Client.objects.filter(owner=demo_user("newcomer")).exists()


def test_the_demo_user_logs_in_with_the_password_and_every_page_opens(demo, client):
    owner, _output = demo
    response = client.post(reverse("login"), {"username": "demo", "password": PASSWORD})
    assert response.status_code == 302
    for url_name in [
        "dashboard",
        "projects:incoming_list",
        "clients:client_list",
        "clients:blacklist",
        "projects:calendar",
        "referrals:colleague_list",
    ]:
        assert client.get(reverse(url_name)).status_code == 200, url_name


def _owned_models():
    return [model for model in apps.get_models() if issubclass(model, OwnedModel)]


def test_every_related_row_belongs_to_the_demo_user(demo):
    owner, _output = demo
    for model in _owned_models():
        for field in model._meta.get_fields():
            target = getattr(field, "related_model", None)
            if not (target and issubclass(target, OwnedModel) and field.concrete):
                continue
            if isinstance(field, models.ForeignKey):
                strays = model.objects.filter(owner=owner, **{f"{field.name}__isnull": False}).exclude(
                    **{f"{field.name}__owner": owner}
                )
                assert not strays.exists(), f"{model.__name__}.{field.name}"
            elif isinstance(field, models.ManyToManyField):
                through = field.remote_field.through
                left, right = field.m2m_field_name(), field.m2m_reverse_field_name()
                strays = through.objects.filter(**{f"{left}__owner": owner}).exclude(**{f"{right}__owner": owner})
                assert not strays.exists(), f"{model.__name__}.{field.name}"


def test_the_rows_written_through_the_services_are_backdated_into_the_past(demo):
    owner, _output = demo
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), time(0, 0)))
    for model in _owned_models():
        rows = model.objects.filter(owner=owner)
        assert not rows.filter(Q(created_at__gte=midnight) | Q(updated_at__gte=midnight)).exists(), model.__name__
        assert not rows.filter(updated_at__lt=F("created_at")).exists(), model.__name__
    assert not Decision.objects.filter(owner=owner, decided_at__gte=midnight).exists()
    assert not RedFlag.objects.filter(owner=owner, withdrawn_at__gte=midnight).exists()
    assert not BlacklistEvent.objects.filter(owner=owner, happened_at__gte=midnight).exists()
    assert Referral.objects.filter(owner=owner, direction=Direction.GIVEN, incoming__isnull=False).exists()
    assert not Referral.objects.filter(owner=owner, referred_on__gte=midnight.date()).exists()


def test_refreshing_replaces_the_users_rows_instead_of_adding_to_them():
    run_demo()
    owner = demo_user()
    first = {model: model.objects.filter(owner=owner).count() for model in _owned_models()}
    run_demo()
    assert {model: model.objects.filter(owner=owner).count() for model in _owned_models()} == first
