"""One timeline of everything about a client, newest first, built from rows already read."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    at: datetime | None
    kind: str  # request, decision, project, invoice, red_flag, referral, blacklist, created
    obj: object
    status: str = ""  # invoices: paid, paid_late, overdue, open
    days: int = 0  # invoices: days late or overdue


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def invoice_status(invoice, today: date) -> tuple[str, int]:
    if invoice.paid_on is not None:
        late = (invoice.paid_on - invoice.due_on).days
        return ("paid_late", late) if late > 0 else ("paid", 0)
    if invoice.due_on < today:
        return "overdue", (today - invoice.due_on).days
    return "open", 0


def client_timeline(*, client, requests, projects, red_flags, referrals, blacklist_events, today: date):
    entries = [TimelineEntry(on=_local_date(client.created_at), at=client.created_at, kind="created", obj=client)]
    for incoming in requests:
        entries.append(
            TimelineEntry(on=_local_date(incoming.received_at), at=incoming.received_at, kind="request", obj=incoming)
        )
        for decision in incoming.decisions.all():
            entries.append(
                TimelineEntry(
                    on=_local_date(decision.decided_at), at=decision.decided_at, kind="decision", obj=decision
                )
            )
    for project in projects:
        entries.append(TimelineEntry(on=project.start, at=None, kind="project", obj=project))
        for invoice in project.invoices.all():
            status, days = invoice_status(invoice, today)
            entries.append(
                TimelineEntry(on=invoice.issued_on, at=None, kind="invoice", obj=invoice, status=status, days=days)
            )
    entries += [TimelineEntry(on=flag.occurred_on, at=None, kind="red_flag", obj=flag) for flag in red_flags]
    entries += [TimelineEntry(on=ref.referred_on, at=None, kind="referral", obj=ref) for ref in referrals]
    entries += [
        TimelineEntry(on=_local_date(event.happened_at), at=event.happened_at, kind="blacklist", obj=event)
        for event in blacklist_events
    ]
    # Newest first; within a day the client's creation comes first, then undated events, then timed ones.
    return sorted(
        entries,
        key=lambda e: (e.on, e.kind != "created", e.at is not None, e.at or datetime.min, e.obj.pk),
        reverse=True,
    )
