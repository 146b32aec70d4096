"""Reminders: what is due is recorded once, whatever the number of runs, and shown and sent in the user's language."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import DigestFrequency
from clients.models import RedFlag, RedFlagStatus
from projects.models import State
from projects.notifications import intake_notifications_sweep, intake_notify
from referrals.models import Direction, Outcome
from tests.factories import (
    BookingFactory,
    ClientFactory,
    IncomingRequestFactory,
    InvoiceFactory,
    ProjectFactory,
    ReferralFactory,
    UserFactory,
)
from workspace.models import Reminder, ReminderKind
from workspace.notifications import digests_send, reminders_email
from workspace.reminders import (
    reminders_sweep,
    sweep_overdue_invoices,
    sweep_thank_yous,
    sweep_untriaged,
    sweep_warm_requests,
)

NOW = datetime(2026, 3, 10, 23, 30, tzinfo=UTC)  # already the 11th in Paris, still the 10th in New York


def set_profile(user, **fields):
    profile = user.profile
    for name, value in fields.items():
        setattr(profile, name, value)
    profile.save()
    return profile


@pytest.mark.django_db
@pytest.mark.parametrize(
    "waiting, delay_hours, reminded",
    [
        (timedelta(hours=23, minutes=59), 24, False),
        (timedelta(hours=24), 24, True),
        (timedelta(hours=30), 48, False),
        (timedelta(hours=48, minutes=1), 48, True),
    ],
    ids=["just under 24 h", "24 h", "30 h with a 48 h delay", "just over 48 h"],
)
def test_a_new_request_is_reminded_after_the_owners_delay(owner, waiting, delay_hours, reminded):
    set_profile(owner, untriaged_reminder_hours=delay_hours)
    IncomingRequestFactory(client=ClientFactory(owner=owner), received_at=NOW - waiting)
    sweep_untriaged(now=NOW)
    assert Reminder.objects.filter(owner=owner, kind=ReminderKind.UNTRIAGED).exists() is reminded


@pytest.mark.django_db
def test_a_decided_request_is_not_reminded(owner):
    IncomingRequestFactory(client=ClientFactory(owner=owner), received_at=NOW - timedelta(days=3), state=State.ACCEPTED)
    assert sweep_untriaged(now=NOW) == 0


@pytest.mark.django_db
@pytest.mark.parametrize("days, reminded", [(6, False), (7, True), (12, True)])
def test_a_negotiation_without_answer_is_reminded_after_seven_days(owner, days, reminded):
    IncomingRequestFactory(
        client=ClientFactory(owner=owner), state=State.NEGOTIATING, decided_at=NOW - timedelta(days=days, minutes=1)
    )
    reminders_sweep(now=NOW)
    assert Reminder.objects.filter(owner=owner, kind=ReminderKind.GHOSTING).exists() is reminded


@pytest.mark.django_db
@pytest.mark.parametrize(
    "time_zone, due_on, expected_stage",
    [
        ("Europe/Paris", date(2026, 3, 10), 1),  # the 11th in Paris: one day past due
        ("America/New_York", date(2026, 3, 10), None),  # still the 10th in New York: due today
        ("Europe/Paris", date(2026, 3, 4), 7),
        ("America/New_York", date(2026, 3, 3), 7),
        ("America/New_York", date(2026, 3, 4), 1),
        ("Europe/Paris", date(2026, 1, 1), 30),
    ],
)
def test_an_unpaid_invoice_is_reminded_at_one_seven_and_thirty_days_in_the_owners_time_zone(
    owner, time_zone, due_on, expected_stage
):
    set_profile(owner, time_zone=time_zone)
    InvoiceFactory(
        project=ProjectFactory(client=ClientFactory(owner=owner)), issued_on=due_on - timedelta(days=30), due_on=due_on
    )
    sweep_overdue_invoices(now=NOW)
    stages = list(Reminder.objects.filter(owner=owner).values_list("days_overdue", flat=True))
    assert stages == ([expected_stage] if expected_stage else [])


@pytest.mark.django_db
def test_the_next_stage_adds_a_reminder_and_a_paid_invoice_gets_none(owner):
    project = ProjectFactory(client=ClientFactory(owner=owner))
    due = InvoiceFactory(project=project, issued_on=date(2026, 2, 1), due_on=date(2026, 3, 8))
    InvoiceFactory(project=project, issued_on=date(2026, 2, 1), due_on=date(2026, 3, 1), paid_on=date(2026, 3, 9))
    sweep_overdue_invoices(now=NOW)
    sweep_overdue_invoices(now=NOW + timedelta(days=5))
    assert sorted(Reminder.objects.filter(invoice=due).values_list("days_overdue", flat=True)) == [1, 7]
    assert Reminder.objects.filter(owner=owner).count() == 2


@pytest.mark.django_db
def test_a_late_payment_flag_is_proposed_once_and_a_dismissed_one_never_comes_back(owner):
    invoice = InvoiceFactory(
        project=ProjectFactory(client=ClientFactory(owner=owner)), issued_on=date(2026, 2, 1), due_on=date(2026, 3, 1)
    )
    sweep_overdue_invoices(now=NOW)
    proposal = RedFlag.objects.get(invoice=invoice)
    assert proposal.status == RedFlagStatus.PROPOSED
    assert proposal.client == invoice.project.client
    proposal.status = RedFlagStatus.DISMISSED
    proposal.save()
    sweep_overdue_invoices(now=NOW + timedelta(days=40))
    assert list(RedFlag.objects.filter(invoice=invoice).values_list("status", flat=True)) == [RedFlagStatus.DISMISSED]


@pytest.mark.django_db
def test_a_won_referral_received_without_thanks_is_reminded_once(owner):
    won = ReferralFactory(colleague__owner=owner, direction=Direction.RECEIVED, outcome=Outcome.WON)
    ReferralFactory(
        colleague__owner=owner, direction=Direction.RECEIVED, outcome=Outcome.WON, thanked_on=date(2026, 3, 1)
    )
    ReferralFactory(colleague__owner=owner, direction=Direction.GIVEN, outcome=Outcome.WON)
    ReferralFactory(colleague__owner=owner, direction=Direction.RECEIVED, outcome=Outcome.PENDING)
    assert sweep_thank_yous(now=NOW) == 1
    assert sweep_thank_yous(now=NOW) == 0
    assert list(Reminder.objects.values_list("referral", flat=True)) == [won.pk]


@pytest.mark.django_db
def test_running_every_sweep_twice_records_each_reminder_once(owner):
    client = ClientFactory(owner=owner)
    IncomingRequestFactory(client=client, received_at=NOW - timedelta(days=2))
    IncomingRequestFactory(client=client, state=State.NEGOTIATING, decided_at=NOW - timedelta(days=9))
    InvoiceFactory(project=ProjectFactory(client=client), issued_on=date(2026, 1, 1), due_on=date(2026, 2, 1))
    first = reminders_sweep(now=NOW)
    second = reminders_sweep(now=NOW)
    assert first >= 3
    assert second == 0
    assert Reminder.objects.filter(owner=owner).count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_workers_sweeping_at_once_record_each_reminder_once():
    owner = UserFactory()
    client = ClientFactory(owner=owner)
    for _ in range(20):
        IncomingRequestFactory(client=client, received_at=NOW - timedelta(days=2))

    def sweep(_):
        try:
            return sweep_untriaged(now=NOW)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(sweep, range(2)))
    assert Reminder.objects.filter(owner=owner).count() == 20


@pytest.mark.django_db
def test_new_reminders_are_emailed_once_in_the_owners_language(owner):
    set_profile(owner, language="en")
    IncomingRequestFactory(
        client=ClientFactory(owner=owner, name="Ada Bakery"), title="Shop logo", received_at=NOW - timedelta(days=2)
    )
    reminders_sweep(now=NOW)
    assert reminders_email(now=NOW) == 1
    assert reminders_email(now=NOW + timedelta(minutes=15)) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [owner.email]
    assert "“Shop logo” from Ada Bakery is still waiting for your decision." in mail.outbox[0].body


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, heading, none_word",
    [
        ("en", "Requests waiting for a decision", "no overdue invoice"),
        ("fr", "Demandes en attente de décision", "aucune facture en retard"),
    ],
)
def test_the_daily_digest_is_sent_once_per_day_in_the_owners_language(owner, language, heading, none_word):
    set_profile(owner, language=language, digest_frequency=DigestFrequency.DAILY)
    IncomingRequestFactory(client=ClientFactory(owner=owner, name="Ada Bakery"), title="Shop logo")
    assert digests_send(now=NOW) == 1
    assert digests_send(now=NOW + timedelta(hours=1)) == 0
    assert digests_send(now=NOW + timedelta(days=1)) == 1
    body = mail.outbox[0].body
    assert heading in body
    assert "Shop logo (Ada Bakery)" in body
    assert none_word in body  # no overdue invoice


@pytest.mark.django_db
def test_a_user_without_digest_gets_none(owner):
    assert digests_send(now=NOW) == 0


@pytest.mark.django_db
def test_the_operator_can_run_a_periodic_task_by_hand(owner, capsys):
    IncomingRequestFactory(client=ClientFactory(owner=owner), received_at=NOW - timedelta(days=400))
    call_command("run_periodic_task", "sweep-reminders")
    assert Reminder.objects.filter(owner=owner, kind=ReminderKind.UNTRIAGED).count() == 1
    assert "sweep-reminders" in capsys.readouterr().out


@pytest.mark.django_db
def test_reminders_show_in_the_app_with_a_count_and_can_be_marked_read(owner_client, owner):
    incoming = IncomingRequestFactory(client=ClientFactory(owner=owner), title="Shop logo", received_at=NOW)
    reminder = Reminder.objects.create(owner=owner, kind=ReminderKind.UNTRIAGED, subject_key="x", incoming=incoming)
    page = owner_client.get(reverse("reminder_list"))
    assert "Shop logo" in page.content.decode()
    assert page.context["unread_reminder_count"] == 1
    owner_client.post(reverse("reminder_read", args=[reminder.pk]))
    assert owner_client.get(reverse("dashboard")).context["unread_reminder_count"] == 0


@pytest.mark.django_db
def test_another_user_cannot_mark_my_reminder_read(other_client, owner):
    incoming = IncomingRequestFactory(client=ClientFactory(owner=owner))
    reminder = Reminder.objects.create(owner=owner, kind=ReminderKind.UNTRIAGED, subject_key="x", incoming=incoming)
    assert other_client.post(reverse("reminder_read", args=[reminder.pk])).status_code == 404
    other_client.post(reverse("reminder_read_all"))
    reminder.refresh_from_db()
    assert reminder.read_at is None


@pytest.mark.django_db
def test_the_reminder_list_costs_the_same_queries_for_one_or_fifty(owner_client, owner):
    def add_reminders(count):
        client = ClientFactory(owner=owner)
        for _ in range(count):
            incoming = IncomingRequestFactory(client=client)
            invoice = InvoiceFactory(project=ProjectFactory(client=client))
            referral = ReferralFactory(colleague__owner=owner)
            for kind, link in [
                (ReminderKind.UNTRIAGED, {"incoming": incoming}),
                (ReminderKind.INVOICE_OVERDUE, {"invoice": invoice, "days_overdue": 7}),
                (ReminderKind.THANK_YOU, {"referral": referral}),
            ]:
                Reminder.objects.create(
                    owner=owner, kind=kind, subject_key=f"{kind}:{Reminder.objects.count()}", **link
                )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert owner_client.get(reverse("reminder_list")).status_code == 200
        return len(captured.captured_queries)

    add_reminders(1)
    with_one = queries()
    add_reminders(16)
    assert queries() == with_one


@pytest.mark.django_db
def test_a_request_kept_warm_is_reminded_once_the_calendar_can_fit_it(owner):
    today = NOW.astimezone(ZoneInfo("Europe/Paris")).date()
    monday = today - timedelta(days=today.weekday())
    client = ClientFactory(owner=owner)
    warm = IncomingRequestFactory(
        client=client,
        state=State.DECLINED,
        keep_warm=True,
        estimated_hours=30,
        desired_start=monday,
        deadline=monday + timedelta(days=11),
    )
    IncomingRequestFactory(client=client, state=State.DECLINED, keep_warm=False, estimated_hours=5)
    busy = ProjectFactory(client=client, start=monday, end=monday + timedelta(days=13), hours=70)
    booking = BookingFactory(project=busy)  # two full weeks: no room before the deadline
    assert sweep_warm_requests(now=NOW) == 0
    booking.delete()  # the project was cancelled: the calendar frees up
    assert sweep_warm_requests(now=NOW) == 1
    assert sweep_warm_requests(now=NOW) == 0
    assert list(Reminder.objects.values_list("incoming", flat=True)) == [warm.pk]


@pytest.mark.django_db(transaction=True)
def test_a_request_from_the_public_form_is_mailed_to_the_owner_once(owner):
    from projects.services.incoming import incoming_request_intake

    incoming = incoming_request_intake(
        profile=owner.profile, name="Ada Bakery", email="ada@bakery.example", title="Shop logo", description="A logo"
    )
    # In the tests Celery runs no worker: the task did not run, so the periodic sweep catches up later.
    assert mail.outbox == []
    assert intake_notifications_sweep(now=timezone.now()) == 0  # within the grace period the task has its chance
    assert intake_notifications_sweep(now=timezone.now() + timedelta(minutes=6)) == 1
    assert intake_notify(incoming_id=incoming.pk) is False  # the task arriving late sends nothing more
    assert intake_notifications_sweep(now=timezone.now() + timedelta(minutes=20)) == 0
    assert len(mail.outbox) == 1
    assert "Shop logo" in mail.outbox[0].subject
