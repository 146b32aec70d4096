"""Write the planned history through the owning apps' services, as a user clicking through Tact would.

The planners hold unsaved model instances as a plan; none is ever saved itself. Each is replayed through
the service a user's action would call: tags, clients, red flags and the blacklist through
`clients.services`; skills, requests, projects, invoices, holds and time off through `projects.services`;
colleagues and referrals through `referrals.services`; every decision through triage's
`incoming_request_decide`, which books the project, records the referral given, releases holds.
Then the user's later edits: the project's agreed dates and price, its weekly plan, the referral's outcome.

The services stamp what they write with the current time. A demo needs a lived-in past, so the one
direct write the demo makes on the apps' rows is `History.apply`: it sets only timestamps (created,
updated, decided, happened, withdrawn) on rows the services have just written. (The user and their profile
are saved as the settings page saves them; `generator.owned_rows_delete` empties the user's rows first.)
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from clients.models import BlacklistAction, RedFlagStatus
from clients.services import (
    CLIENT_FIELDS,
    client_blacklist,
    client_blacklist_lift,
    client_create,
    red_flag_add,
    red_flag_dismiss,
    red_flag_withdraw,
    tags_from_names,
)
from projects.models import State
from projects.services.calendar import incoming_hold_set, time_off_create
from projects.services.incoming import incoming_request_create
from projects.services.projects import invoice_add, invoice_mark_paid, project_book_weekly, project_update
from projects.services.skills import skill_get_or_create_many, skills_offered_set
from referrals.models import Direction
from referrals.services import COLLEAGUE_FIELDS, colleague_create, referral_record, referral_thank, referral_update
from triage.services import incoming_request_decide

from .base import Planner

# A flag the user dismissed was first proposed; one withdrawn was first active.
ADDED_AS = {RedFlagStatus.DISMISSED: RedFlagStatus.PROPOSED, RedFlagStatus.WITHDRAWN: RedFlagStatus.ACTIVE}
REQUEST_FIELDS = (
    "title",
    "description",
    "channel",
    "estimated_hours",
    "budget_kind",
    "budget_amount",
    "currency",
    "desired_start",
    "deadline",
    "received_at",
    "owner_notified_at",
    "marked_spam",
)


class History:
    """Backdates rows the services wrote "now": the demo's history happened over the past years.

    Stamps are gathered per row while writing (later ones win), then set at the end by a queryset
    `update()`, which leaves `auto_now` alone and touches only the timestamp and date fields given.
    """

    def __init__(self):
        self.stamps: dict[tuple[type, int], dict] = {}

    def stamp(self, row, **values) -> None:
        key = (type(row), row.pk)
        self.stamps[key] = {**self.stamps.get(key, {}), **values}

    def apply(self) -> None:
        for (model, pk), values in self.stamps.items():
            model.objects.filter(pk=pk).update(**values)


class ServiceWriter(Planner):
    """Replays the plan through the services, in an order where everything a row points to exists."""

    def write(self) -> None:
        self.history = History()
        self.saved: dict[int, object] = {}  # id(planned instance) -> the row a service wrote for it
        self.profile.save()  # accounts has no service: the settings page saves its form the same way
        self.date_clients()
        self.write_skills_and_tags()
        self.write_colleagues()
        self.write_clients()
        self.write_blacklist()
        self.write_requests()
        self.write_invoices()
        self.write_red_flags()
        self.write_referrals()
        self.write_time_off()
        self.history.apply()

    def row(self, planned):
        return None if planned is None else self.saved[id(planned)]

    def keep(self, planned, saved, **stamps) -> None:
        """Remember the row written for `planned`, to be backdated to the planned times."""
        self.saved[id(planned)] = saved
        self.history.stamp(saved, created_at=planned.created_at, updated_at=planned.updated_at, **stamps)

    def date_clients(self) -> None:
        """A client appears in the records a little before their first request."""
        first_seen = {}
        for incoming in self.requests:
            key = id(incoming.client)
            first_seen[key] = min(first_seen.get(key, incoming.received_at), incoming.received_at)
        for event in self.blacklist_events:
            key = id(event.client)
            first_seen[key] = min(first_seen.get(key, event.happened_at), event.happened_at)
        for client in self.clients:
            seen = first_seen.get(id(client), self.midnight - timedelta(days=2))
            self.stamp(client, seen - timedelta(hours=1), self.midnight - timedelta(hours=1))

    # --- contacts --------------------------------------------------------------------------------
    def write_skills_and_tags(self) -> None:
        planned = list(self.skills.values())
        offered = skills_offered_set(owner=self.owner, names=[s.name for s in planned if s.offered])
        others = skill_get_or_create_many(owner=self.owner, names=[s.name for s in planned if not s.offered])
        by_name = {skill.name: skill for skill in offered + others}
        for skill in planned:
            self.keep(skill, by_name[skill.name])
        tags = tags_from_names(owner=self.owner, names=[tag.name for tag in self.tags])
        for planned_tag, tag in zip(self.tags, tags, strict=True):
            self.keep(planned_tag, tag)

    def write_colleagues(self) -> None:
        skills_of = defaultdict(list)
        for colleague, skill in self.colleague_skills:
            skills_of[id(colleague)].append(self.row(skill))
        for planned in self.colleagues:
            fields = {name: getattr(planned, name) for name in COLLEAGUE_FIELDS}
            self.keep(planned, colleague_create(owner=self.owner, skills=skills_of[id(planned)], **fields))

    def write_clients(self) -> None:
        tags_of = defaultdict(list)
        for client, tag in self.client_tags:
            tags_of[id(client)].append(self.row(tag))
        for planned in self.clients:
            fields = {name: getattr(planned, name) for name in CLIENT_FIELDS}
            self.keep(planned, client_create(owner=self.owner, tags=tags_of[id(planned)], **fields))

    def write_blacklist(self) -> None:
        for event in self.blacklist_events:  # each client's events in the order they happened
            action = client_blacklist if event.action == BlacklistAction.ADDED else client_blacklist_lift
            saved = action(owner=self.owner, client=self.row(event.client), reason=event.reason)
            self.keep(event, saved, happened_at=event.happened_at)

    # --- requests and what their decisions set off -----------------------------------------------
    def write_requests(self) -> None:
        self.project_of = {id(project.incoming): project for project in self.projects}
        self.referral_given = {
            id(r.incoming): r for r in self.referrals if r.direction == Direction.GIVEN and r.incoming is not None
        }
        self.bookings_of = defaultdict(list)  # id(project or request) -> its planned bookings
        for booking in self.bookings:
            self.bookings_of[id(booking.project or booking.incoming)].append(booking)
        for planned in self.requests:
            incoming = incoming_request_create(
                owner=self.owner,
                client=self.row(planned.client),
                source_colleague=self.row(planned.source_colleague),
                skill_names=self.skill_names[id(planned)],
                **{name: getattr(planned, name) for name in REQUEST_FIELDS},
            )
            for decision in self.decisions_of[id(planned)]:
                self.write_decision(planned, incoming, decision)
            for hold in self.bookings_of[id(planned)]:  # a negotiation still open holds its hours
                saved = incoming_hold_set(incoming=incoming, start=hold.start, end=hold.end, hours=hold.hours)
                self.keep(hold, saved)
            self.keep(planned, incoming, decided_at=planned.decided_at)

    def write_decision(self, planned, incoming, decision) -> None:
        to = decision.to_state
        saved = incoming_request_decide(
            owner=self.owner,
            incoming=incoming,
            to=to,
            reason=decision.reason,
            reply=decision.reply,
            note=decision.note,
            counter_offer=decision.counter_offer,
            proposed_start=decision.proposed_start,
            colleague=self.row(self.referred_to.get(id(planned))) if to == State.REFERRED else None,
            keep_warm=planned.keep_warm if to == State.DECLINED else False,
        )
        self.keep(decision, saved, decided_at=decision.decided_at)
        if to == State.ACCEPTED:
            self.write_project(self.project_of[id(planned)], incoming)
        elif to == State.REFERRED:
            self.write_referral_given(self.referral_given[id(planned)], incoming)

    def write_project(self, planned, incoming) -> None:
        """Accepting booked the project; the user then sets the dates and price agreed, and maybe a weekly plan."""
        project = project_update(
            project=incoming.project,
            start=planned.start,
            end=planned.end,
            hours=planned.hours,
            price=planned.price,
            status=planned.status,
        ).project
        weeks = self.bookings_of[id(planned)]
        if len(weeks) > 1:
            amounts = {week.start - timedelta(days=week.start.weekday()): week.hours for week in weeks}
            project_book_weekly(project=project, amounts=amounts)
        self.keep(planned, project)
        for booking in project.bookings.all():
            self.history.stamp(booking, created_at=planned.created_at, updated_at=planned.created_at)

    def write_referral_given(self, planned, incoming) -> None:
        """Referring recorded the referral; the user later notes how it turned out."""
        referral = referral_update(
            referral=incoming.referrals.get(direction=Direction.GIVEN),
            referred_on=planned.referred_on,
            outcome=planned.outcome,
            value=planned.value,
            description=planned.description,
            client=incoming.client,
            incoming=incoming,
        )
        self.keep(planned, referral)

    # --- invoices, flags, referrals, time off ----------------------------------------------------
    def write_invoices(self) -> None:
        for planned in self.invoices:  # in the order of their numbers
            invoice = invoice_add(
                project=self.row(planned.project),
                number=planned.number,
                amount=planned.amount,
                issued_on=planned.issued_on,
                due_on=planned.due_on,
                currency=planned.currency,
            )
            if planned.paid_on is not None:
                invoice = invoice_mark_paid(invoice=invoice, paid_on=planned.paid_on)
            self.keep(planned, invoice)

    def write_red_flags(self) -> None:
        for planned in self.red_flags:
            status = planned.status
            flag = red_flag_add(
                owner=self.owner,
                client=self.row(planned.client),
                kind=planned.kind,
                severity=planned.severity,
                occurred_on=planned.occurred_on,
                note=planned.note,
                incoming=self.row(planned.incoming),
                project=self.row(planned.project),
                invoice=self.row(planned.invoice),
                status=ADDED_AS.get(status, status),
            )
            if status == RedFlagStatus.DISMISSED:  # an automatic proposal the user turned down
                flag = red_flag_dismiss(red_flag=flag)
            stamps = {}
            if status == RedFlagStatus.WITHDRAWN:
                flag = red_flag_withdraw(red_flag=flag, reason=planned.withdrawal_reason)
                stamps["withdrawn_at"] = planned.withdrawn_at
            self.keep(planned, flag, **stamps)

    def write_referrals(self) -> None:
        for planned in self.referrals:
            if self.referral_given.get(id(planned.incoming)) is planned:
                continue  # written by its decision
            referral = referral_record(
                owner=self.owner,
                colleague=self.row(planned.colleague),
                direction=planned.direction,
                referred_on=planned.referred_on,
                client=self.row(planned.client),
                incoming=self.row(planned.incoming),
                description=planned.description,
                outcome=planned.outcome,
                value=planned.value,
            )
            if planned.thanked_on is not None:
                referral = referral_thank(referral=referral, on=planned.thanked_on)
            self.keep(planned, referral)

    def write_time_off(self) -> None:
        for planned in self.time_off:
            entry = time_off_create(owner=self.owner, label=planned.label, start=planned.start, end=planned.end)
            self.keep(planned, entry)
