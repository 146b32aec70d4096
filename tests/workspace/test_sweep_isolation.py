"""One user's broken settings never stop the background jobs for the others (issue #17, finding 1).

A profile is planted with values the forms now refuse (written with .update(), as a row saved before the
bounds or by a bug would be): a delay too large to subtract from now, an unknown time zone. Every periodic
task still serves the healthy user beside it, and logs the broken one, which it skips.
"""

import logging
from datetime import timedelta
from smtplib import SMTPRecipientsRefused

import pytest
from django.core import mail
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

import clients.services
import projects.notifications
import workspace.notifications
import workspace.tasks
from accounts.models import DigestFrequency, Profile
from clients.models import Client, RiskLevel
from projects.models import Channel, State
from projects.notifications import intake_notifications_sweep
from referrals.models import Direction, Outcome
from tests.factories import (
    ClientFactory,
    IncomingRequestFactory,
    InvoiceFactory,
    ProjectFactory,
    RedFlagFactory,
    ReferralFactory,
    UserFactory,
)
from workspace import reminders
from workspace.models import DigestSent, Reminder, ReminderKind
from workspace.notifications import digests_send, reminders_email
from workspace.reminders import (
    sweep_ghosting,
    sweep_overdue_invoices,
    sweep_thank_yous,
    sweep_untriaged,
    sweep_warm_requests,
)
from workspace.tasks import send_digests_task, sweep_reminders_task

pytestmark = pytest.mark.django_db

# The largest values every database stores in these columns (PostgreSQL's integer): still far past what a
# timedelta or a date can hold, as 9,999,999,999 days is on SQLite.
BROKEN = {
    "ghosting_reminder_days": 2_147_483_647,
    "untriaged_reminder_hours": 2_147_483_647,
    "time_zone": "Mars/Olympus",
}
KINDS_NEEDING_THE_PROFILE = {
    ReminderKind.UNTRIAGED,
    ReminderKind.GHOSTING,
    ReminderKind.INVOICE_OVERDUE,
    ReminderKind.WARM_REQUEST,
}


def give_everything_due(user, now):
    """A request waiting, a negotiation unanswered, an invoice overdue, a request kept warm, a referral to thank."""
    client = ClientFactory(owner=user, name=f"Client of {user.username}")
    IncomingRequestFactory(client=client, received_at=now - timedelta(days=2))
    IncomingRequestFactory(client=client, state=State.NEGOTIATING, decided_at=now - timedelta(days=10))
    IncomingRequestFactory(client=client, state=State.DECLINED, keep_warm=True, estimated_hours=5, deadline=None)
    InvoiceFactory(
        project=ProjectFactory(client=client),
        issued_on=now.date() - timedelta(days=70),
        due_on=now.date() - timedelta(days=40),
    )
    ReferralFactory(colleague__owner=user, direction=Direction.RECEIVED, outcome=Outcome.WON)
    Profile.objects.filter(user=user).update(digest_frequency=DigestFrequency.DAILY)


@pytest.fixture
def users():
    """(healthy, broken): both with everything due; the broken one's profile planted past the validators."""
    now = timezone.now()
    healthy, broken = UserFactory(username="healthy"), UserFactory(username="broken")
    for user in (healthy, broken):
        give_everything_due(user, now)
    Profile.objects.filter(user=broken).update(**BROKEN)
    return healthy, broken


def skipped(caplog, user) -> list[logging.LogRecord]:
    return [r for r in caplog.records if f"skipped user {user.pk}," in r.getMessage() and r.exc_info]


def kinds(user) -> set[str]:
    return set(Reminder.objects.filter(owner=user).values_list("kind", flat=True))


@pytest.mark.parametrize(
    "sweep, kind, error",
    [
        (sweep_untriaged, ReminderKind.UNTRIAGED, OverflowError),  # 2 147 483 647 hours before now: year < 1
        (sweep_ghosting, ReminderKind.GHOSTING, OverflowError),  # 9 999 999 999 days: no timedelta holds it
        (sweep_overdue_invoices, ReminderKind.INVOICE_OVERDUE, LookupError),  # Mars/Olympus: no such zone
        (sweep_warm_requests, ReminderKind.WARM_REQUEST, LookupError),
    ],
    ids=["untriaged", "ghosting", "overdue invoices", "warm requests"],
)
def test_each_sweep_serves_the_healthy_user_and_logs_the_broken_one(users, caplog, sweep, kind, error):
    healthy, broken = users
    with caplog.at_level(logging.ERROR, logger="workspace.reminders"):
        created = sweep(now=timezone.now())
    assert created >= 1
    assert kinds(healthy) == {kind}
    assert kinds(broken) == set()
    (record,) = skipped(caplog, broken)
    assert issubclass(record.exc_info[0], error)
    assert skipped(caplog, healthy) == []


def test_a_user_on_whom_a_sweep_needs_no_setting_is_served_even_with_a_broken_profile(users):
    healthy, broken = users
    assert sweep_thank_yous(now=timezone.now()) == 2
    assert kinds(broken) == kinds(healthy) == {ReminderKind.THANK_YOU}


def test_the_periodic_tasks_email_the_healthy_user_their_reminders_and_digest(users, caplog):
    healthy, broken = users
    with caplog.at_level(logging.ERROR):
        sweep_reminders_task()
        send_digests_task()
    assert kinds(healthy) == KINDS_NEEDING_THE_PROFILE | {ReminderKind.THANK_YOU}
    assert kinds(broken) == {ReminderKind.THANK_YOU}  # what needs none of the broken settings still comes
    to_healthy = [m for m in mail.outbox if m.to == [healthy.email]]
    assert len(to_healthy) == 2  # the reminders, then the digest
    assert "Client of healthy" in to_healthy[0].body
    assert DigestSent.objects.filter(owner=healthy).count() == 1
    assert DigestSent.objects.filter(owner=broken).count() == 0
    # Four sweeps and the digest skipped the broken user, each saying so.
    assert len(skipped(caplog, broken)) == 5
    assert skipped(caplog, healthy) == []
    # A second run records and sends nothing more: the tasks stay idempotent.
    mail.outbox.clear()
    sweep_reminders_task()
    send_digests_task()
    assert [m.to for m in mail.outbox] == []


def test_a_digest_that_cannot_be_written_for_one_user_leaves_the_others_theirs(users, caplog):
    healthy, broken = users
    with caplog.at_level(logging.ERROR, logger="workspace.reminders"):
        assert digests_send(now=timezone.now()) == 1
    assert [m.to for m in mail.outbox] == [[healthy.email]]
    assert len(skipped(caplog, broken)) == 1


def test_a_mail_refused_for_one_user_does_not_stop_the_others_reminders(users, monkeypatch, caplog):
    healthy, broken = users
    sweep_thank_yous(now=timezone.now())
    sent_for_real = workspace.notifications.mail_profile

    def refuse_broken(profile, *args):
        if profile.user_id == broken.pk:
            raise SMTPRecipientsRefused({broken.email: (550, b"No such mailbox")})
        return sent_for_real(profile, *args)

    monkeypatch.setattr(workspace.notifications, "mail_profile", refuse_broken)
    with caplog.at_level(logging.ERROR, logger="workspace.reminders"):
        assert reminders_email(now=timezone.now()) == 1
    assert [m.to for m in mail.outbox] == [[healthy.email]]
    assert len(skipped(caplog, broken)) == 1
    # At most once, as before: the broken user's reminder was claimed, it stays in the app and is not resent.
    assert not Reminder.objects.filter(owner=broken, emailed_at__isnull=True).exists()


def test_the_intake_catch_up_tells_every_other_owner_when_one_mail_fails(users, monkeypatch, caplog):
    healthy, broken = users
    now = timezone.now()
    for user in (healthy, broken):
        IncomingRequestFactory(
            client=ClientFactory(owner=user), channel=Channel.WEBSITE, received_at=now - timedelta(hours=1)
        )
    sent_for_real = projects.notifications.mail_profile

    def refuse_broken(profile, *args):
        if profile.user_id == broken.pk:
            raise SMTPRecipientsRefused({broken.email: (550, b"No such mailbox")})
        return sent_for_real(profile, *args)

    monkeypatch.setattr(projects.notifications, "mail_profile", refuse_broken)
    with caplog.at_level(logging.ERROR, logger="projects.notifications"):
        assert intake_notifications_sweep(now=now) == 1
    assert [m.to for m in mail.outbox] == [[healthy.email]]
    assert any(f"of user {broken.pk}" in r.getMessage() and r.exc_info for r in caplog.records)


def test_a_failing_step_of_the_reminder_task_does_not_stop_the_emails_and_the_intake_catch_up(
    users, monkeypatch, caplog
):
    healthy, _broken = users
    incoming = IncomingRequestFactory(
        client=ClientFactory(owner=healthy),
        channel=Channel.WEBSITE,
        received_at=timezone.now() - timedelta(hours=1),
    )
    Reminder.objects.create(owner=healthy, kind=ReminderKind.UNTRIAGED, subject_key="x", incoming=incoming)

    def sweep_fails(**kwargs):
        raise RuntimeError("the sweep broke")

    monkeypatch.setattr(workspace.tasks, "reminders_sweep", sweep_fails)
    with caplog.at_level(logging.ERROR, logger="workspace.tasks"), pytest.raises(RuntimeError):
        sweep_reminders_task()  # the task still fails, so the worker's logs and monitoring show it
    subjects = [m.subject for m in mail.outbox if m.to == [healthy.email]]
    assert len(subjects) == 2  # the reminder email and the intake notification both went out
    assert any("sweep_fails failed" in r.getMessage() for r in caplog.records)


def test_a_database_that_does_not_answer_stops_the_sweep_instead_of_skipping_everybody(users, monkeypatch):
    def database_away(reminders_to_record):
        raise OperationalError("database is locked")

    monkeypatch.setattr(reminders, "_record", database_away)
    with pytest.raises(OperationalError):
        sweep_untriaged(now=timezone.now())


def test_the_risk_refresh_refreshes_every_other_owner_when_one_owners_rows_break_it(monkeypatch, caplog):
    healthy, broken = UserFactory(username="healthy"), UserFactory(username="broken")
    calm = ClientFactory(owner=healthy)  # no flag any more: a stale "high" falls to "low"
    stormy = RedFlagFactory(client=ClientFactory(owner=broken)).client
    Client.objects.filter(pk__in=[calm.pk, stormy.pk]).update(risk_level=RiskLevel.HIGH)
    facts_for_real = clients.services.flag_facts

    def breaks_on_stormy(flags):
        if any(flag.client_id == stormy.pk for flag in flags):
            raise ValueError("a flag the rule cannot read")
        return facts_for_real(flags)

    monkeypatch.setattr(clients.services, "flag_facts", breaks_on_stormy)
    with caplog.at_level(logging.ERROR, logger="clients.services"):
        assert clients.services.risk_levels_refresh() == 1
    calm.refresh_from_db()
    assert calm.risk_level == RiskLevel.LOW
    assert Client.objects.get(pk=stormy.pk).risk_level == RiskLevel.HIGH
    assert [r.exc_info[0] for r in caplog.records if f"skipped user {broken.pk}," in r.getMessage()] == [ValueError]


def test_the_settings_page_of_a_broken_profile_opens_and_asks_for_valid_values(users, client):
    _healthy, broken = users
    client.force_login(broken)
    page = client.get(reverse("settings"))
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    answer = client.post(reverse("settings"), data)
    assert answer.status_code < 500
    assert set(answer.context["form"].errors) == {"time_zone", "untriaged_reminder_hours", "ghosting_reminder_days"}
