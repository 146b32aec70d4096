"""The periodic sweeps behind reminders: each finds what is due in the database and records it once.

Due times live in the database, never in a task's countdown: a sweep that runs twice, late, or on two
workers at once finds the same things and inserts each reminder once (unique key, conflicts ignored).
Every sweep works in bounded batches and can be retried.

Each user is served on their own (`per_user`): a row the sweep cannot use (a delay too large to subtract
from now, an unknown time zone) is logged and skipped, and everybody else still gets their reminders. Only
a database that does not answer stops the sweep: it is everybody's problem, and the next run retries.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import InterfaceError, OperationalError
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from accounts.models import Profile
from clients.models import RedFlag, RedFlagKind, Severity
from clients.services import FlagProposal, red_flags_propose
from projects.capacity import find_fit
from projects.models import IncomingRequest, Invoice, State
from projects.selectors import capacity_calendar_for
from referrals.models import Direction, Outcome, Referral

from .models import Reminder, ReminderKind

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
INVOICE_STAGES = (30, 7, 1)  # days past due; the latest stage reached is the one recorded
ANSWERS_NOTICED_FOR = timedelta(days=7)  # an answer the sweeps missed for longer is no news any more


@contextmanager
def per_user(task: str, owner_id: int) -> Iterator[None]:
    """One user's share of a periodic task: if their data breaks it, log it and go on with the next user.

    The database being away (or locked) is not one user's fault: that is raised, and the task fails as a whole.
    """
    try:
        yield
    except (InterfaceError, OperationalError):
        raise
    except Exception:
        logger.exception("%s: skipped user %s, whose data it cannot process", task, owner_id)


def _record(reminders: list[Reminder]) -> int:
    created = Reminder.objects.bulk_create(reminders, ignore_conflicts=True, batch_size=BATCH_SIZE)
    return len(created)


def _not_reminded(kind: str, **link) -> Exists:
    field, ref = next(iter(link.items()))
    return ~Exists(Reminder.objects.filter(kind=kind, **{field: OuterRef(ref)}))


def local_today(time_zone: str, now: datetime) -> date:
    return now.astimezone(ZoneInfo(time_zone)).date()


def _sweep_waiting_requests(
    *, kind: str, state: str, since_field: str, delay_of, now: datetime, unless: Q | None = None
) -> int:
    """Requests of `state` whose `since_field` is older than the owner's delay, each reminded once."""
    created = 0
    for profile in Profile.objects.all().iterator():
        with per_user(f"{kind} reminders", profile.user_id):
            cutoff = now - delay_of(profile)
            waiting = IncomingRequest.objects.filter(
                owner_id=profile.user_id, state=state, **{f"{since_field}__lte": cutoff}
            )
            if unless is not None:
                waiting = waiting.exclude(unless)
            due = waiting.filter(_not_reminded(kind, incoming="pk")).values_list("pk", flat=True)[:BATCH_SIZE]
            created += _record(
                [
                    Reminder(owner_id=profile.user_id, kind=kind, subject_key=f"incoming:{pk}", incoming_id=pk)
                    for pk in due
                ]
            )
    return created


def sweep_untriaged(*, now: datetime | None = None) -> int:
    """A request still new after the owner's delay (24 h by default)."""
    return _sweep_waiting_requests(
        kind=ReminderKind.UNTRIAGED,
        state=State.NEW,
        since_field="received_at",
        delay_of=lambda profile: timedelta(hours=profile.untriaged_reminder_hours),
        now=now or timezone.now(),
    )


def sweep_ghosting(*, now: datetime | None = None) -> int:
    """A negotiation with no answer after the owner's delay (7 days by default); an answer read from the
    mailbox since the offer (client_answered_at) means the client did not ghost."""
    return _sweep_waiting_requests(
        kind=ReminderKind.GHOSTING,
        state=State.NEGOTIATING,
        since_field="decided_at",
        delay_of=lambda profile: timedelta(days=profile.ghosting_reminder_days),
        now=now or timezone.now(),
        unless=Q(client_answered_at__gte=F("decided_at")),
    )


def sweep_client_answers(*, now: datetime | None = None) -> int:
    """A client answered (read from the owner's mailbox) since the last decision: the owner is told once per
    answer. A reminder created after the latest answer means it was told already."""
    now = now or timezone.now()
    told = Reminder.objects.filter(
        kind=ReminderKind.CLIENT_ANSWERED, incoming=OuterRef("pk"), created_at__gte=OuterRef("client_answered_at")
    )
    due = (
        IncomingRequest.objects.filter(client_answered_at__gte=now - ANSWERS_NOTICED_FOR, client_answered_at__lte=now)
        .filter(Q(decided_at__isnull=True) | Q(client_answered_at__gte=F("decided_at")))
        .filter(~Exists(told))
        .order_by("client_answered_at")
        .values_list("pk", "owner_id", "client_answered_at")[:BATCH_SIZE]
    )
    return _record(
        [
            Reminder(
                owner_id=owner_id,
                kind=ReminderKind.CLIENT_ANSWERED,
                subject_key=f"incoming:{pk}:answer:{answered_at.timestamp():.0f}",
                incoming_id=pk,
            )
            for pk, owner_id, answered_at in due
        ]
    )


def sweep_overdue_invoices(*, now: datetime | None = None) -> int:
    """Reminders at due date + 1, + 7 and + 30 days (owner's calendar day), and a late-payment flag proposed once."""
    now = now or timezone.now()
    # Nowhere is the calendar day later than tomorrow in UTC: only the owners of an unpaid invoice due before
    # that can have anything due, so the others cost no query.
    tomorrow_anywhere = now.astimezone(UTC).date() + timedelta(days=1)
    late = Invoice.objects.filter(paid_on__isnull=True, due_on__lt=tomorrow_anywhere).values("owner_id")
    created = 0
    for owner_id, time_zone in Profile.objects.filter(user_id__in=late).values_list("user_id", "time_zone").iterator():
        with per_user("overdue invoice reminders", owner_id):
            created += _sweep_overdue_invoices_of(owner_id, today=local_today(time_zone, now))
    return created


def _sweep_overdue_invoices_of(owner_id: int, *, today: date) -> int:
    created = 0
    unpaid = Invoice.objects.filter(owner_id=owner_id, paid_on__isnull=True)
    for stage in INVOICE_STAGES:
        already = Reminder.objects.filter(
            kind=ReminderKind.INVOICE_OVERDUE, invoice=OuterRef("pk"), days_overdue__gte=stage
        )
        due = (
            unpaid.filter(due_on__lte=today - timedelta(days=stage))
            .filter(~Exists(already))
            .values_list("pk", flat=True)[:BATCH_SIZE]
        )
        created += _record(
            [
                Reminder(
                    owner_id=owner_id,
                    kind=ReminderKind.INVOICE_OVERDUE,
                    subject_key=f"invoice:{pk}:day{stage}",
                    invoice_id=pk,
                    days_overdue=stage,
                )
                for pk in due
            ]
        )
    return created + _propose_late_payment_flags(unpaid.filter(due_on__lt=today))


def _propose_late_payment_flags(overdue_invoices) -> int:
    """Proposed, not confirmed: the user confirms or dismisses it; a dismissed one never comes back."""
    flagged = RedFlag.objects.filter(invoice=OuterRef("pk"), kind=RedFlagKind.LATE_PAYMENT)
    due = overdue_invoices.filter(~Exists(flagged)).values_list("pk", "owner_id", "project__client_id", "due_on")
    proposals = [
        FlagProposal(
            owner_id=owner_id,
            client_id=client_id,
            invoice_id=pk,
            kind=RedFlagKind.LATE_PAYMENT,
            severity=Severity.SERIOUS,
            occurred_on=due_on + timedelta(days=1),
        )
        for pk, owner_id, client_id, due_on in due[:BATCH_SIZE]
    ]
    return red_flags_propose(proposals)


def sweep_thank_yous(*, now: datetime | None = None) -> int:
    """A referral received and won, with no thank-you noted yet."""
    due = (
        Referral.objects.filter(direction=Direction.RECEIVED, outcome=Outcome.WON, thanked_on__isnull=True)
        .filter(_not_reminded(ReminderKind.THANK_YOU, referral="pk"))
        .values_list("pk", "owner_id")[:BATCH_SIZE]
    )
    return _record(
        [
            Reminder(owner_id=owner_id, kind=ReminderKind.THANK_YOU, subject_key=f"referral:{pk}", referral_id=pk)
            for pk, owner_id in due
        ]
    )


def sweep_warm_requests(*, now: datetime | None = None) -> int:
    """A request declined for lack of time and kept warm, which the calendar can now fit before its deadline."""
    now = now or timezone.now()
    created = 0
    for profile in Profile.objects.select_related("user").iterator():
        with per_user("warm request reminders", profile.user_id):
            created += _sweep_warm_requests_of(profile, today=local_today(profile.time_zone, now))
    return created


def _sweep_warm_requests_of(profile: Profile, *, today: date) -> int:
    warm = list(
        IncomingRequest.objects.filter(
            owner_id=profile.user_id, state=State.DECLINED, keep_warm=True, estimated_hours__gt=0
        )
        .filter(Q(deadline__isnull=True) | Q(deadline__gte=today))
        .filter(_not_reminded(ReminderKind.WARM_REQUEST, incoming="pk"))[:BATCH_SIZE]
    )
    if not warm:
        return 0
    horizon = max((incoming.deadline or today + timedelta(days=90)) for incoming in warm)
    calendar = capacity_calendar_for(owner=profile.user, start=today, end=horizon)
    fitting = [
        incoming
        for incoming in warm
        if find_fit(calendar, incoming.estimated_hours, today, incoming.deadline or today + timedelta(days=90))
    ]
    return _record(
        [
            Reminder(
                owner_id=profile.user_id,
                kind=ReminderKind.WARM_REQUEST,
                subject_key=f"incoming:{incoming.pk}:warm",
                incoming_id=incoming.pk,
            )
            for incoming in fitting
        ]
    )


SWEEPS = (
    sweep_untriaged,
    sweep_ghosting,
    sweep_overdue_invoices,
    sweep_thank_yous,
    sweep_warm_requests,
    sweep_client_answers,
)


def reminders_sweep(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    return sum(sweep(now=now) for sweep in SWEEPS)
