"""Demo data: projects from accepted requests, their bookings and invoices, tentative holds, time off."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from clients.models import (
    Client,
)
from projects.models import (
    Booking,
    BudgetKind,
    IncomingRequest,
    Invoice,
    Project,
    ProjectStatus,
    State,
    TimeOff,
)
from projects.services.projects import project_weeks

from . import samples
from .base import Planner, money, round_to


class WorkPlanner(Planner):
    """The work itself: what was booked, invoiced and paid (or not)."""

    # --- projects, bookings, invoices ------------------------------------------------------------
    def plan_projects(self) -> None:
        rng = self.rng
        for incoming in self.requests:
            if incoming.state != State.ACCEPTED:
                continue
            accepted_on = self.local_day(incoming.decided_at)
            start = max(incoming.desired_start or accepted_on, accepted_on) + timedelta(days=rng.randint(2, 10))
            hours = incoming.estimated_hours or Decimal(20)
            weeks = max(1, math.ceil(float(hours) / rng.randint(12, 25)))
            end = start + timedelta(days=7 * weeks - 3)
            status = ProjectStatus.ACTIVE
            if end < self.today:
                status = ProjectStatus.CANCELLED if self.chance(0.08) else ProjectStatus.DONE
            project = Project(
                owner=self.owner,
                client=incoming.client,
                incoming=incoming,
                title=incoming.title,
                start=start,
                end=end,
                hours=hours,
                price=self.project_price(incoming, hours),
                currency="EUR",
                status=status,
            )
            self.stamp(project, incoming.decided_at)
            self.projects.append(project)
            if status != ProjectStatus.CANCELLED:
                self.plan_bookings(project, weeks)
            self.plan_invoices(project, unpaid=id(incoming) in self.unpaid_on_purpose)
        self.ensure_some_overdue()
        self.number_invoices()

    def project_price(self, incoming: IncomingRequest, hours: Decimal) -> Decimal:
        offers = [d.counter_offer for d in self.decisions_of[id(incoming)] if d.counter_offer]
        if offers:
            return offers[-1]
        amount = incoming.budget_amount
        if amount is None:
            return round_to(float(hours) * 75, 50)
        if incoming.budget_kind == BudgetKind.HOURLY:
            return money(amount * hours)
        if incoming.budget_kind == BudgetKind.DAILY:
            return round_to(float(amount * hours / 7), 10)
        return amount

    def plan_bookings(self, project: Project, weeks: int) -> None:
        if weeks >= 3 and self.chance(0.4):  # weekly amounts, front-loaded like real work
            calendar_weeks = project_weeks(project)  # the weeks the project form sets amounts for
            shares = [self.rng.randint(2, 5) for _ in calendar_weeks]
            total = sum(shares)
            left = project.hours
            for index, ((_monday, first, last), share) in enumerate(zip(calendar_weeks, shares, strict=True)):
                hours = left if index == len(shares) - 1 else money(project.hours * share / total)
                left -= hours
                self.add_booking(project, first, last, hours)
        else:
            self.add_booking(project, project.start, project.end, project.hours)

    def add_booking(self, project: Project, start: date, end: date, hours: Decimal) -> None:
        booking = Booking(owner=self.owner, project=project, start=start, end=end, hours=hours, tentative=False)
        self.bookings.append(self.stamp(booking, project.created_at))

    def plan_invoices(self, project: Project, *, unpaid: bool) -> None:
        rng = self.rng
        if project.status == ProjectStatus.CANCELLED:
            schedule = [(project.start, Decimal("0.3"))] if project.hours >= 25 else []
        elif project.hours < 10:
            schedule = [(project.end, Decimal(1))]
        elif project.hours <= 40:
            schedule = [(project.start, Decimal("0.3")), (project.end, Decimal("0.7"))]
        else:
            middle = project.start + (project.end - project.start) // 2
            schedule = [(project.start, Decimal("0.3")), (middle, Decimal("0.4")), (project.end, Decimal("0.3"))]
        problem = id(project.client) in {id(c) for c in self.problem_candidates()}
        planned = [(day, share) for day, share in schedule if day <= self.today]
        for index, (issued, share) in enumerate(planned):
            due = issued + timedelta(days=rng.choice((30, 30, 30, 45, 15)))
            invoice = Invoice(
                owner=self.owner,
                project=project,
                number="",
                amount=money(project.price * share),
                currency="EUR",
                issued_on=issued,
                due_on=due,
                paid_on=None,
            )
            if unpaid and index == len(planned) - 1:
                pass  # the invoice that got this client blacklisted
            elif due >= self.today:
                if self.chance(0.25):
                    invoice.paid_on = min(issued + timedelta(days=rng.randint(2, 20)), self.today)
            else:
                on_time, late = (0.4, 0.45) if problem else (0.78, 0.17)
                roll = rng.random()
                if roll < on_time:
                    invoice.paid_on = issued + timedelta(days=rng.randint(2, (due - issued).days))
                elif roll < on_time + late:
                    paid = due + timedelta(days=rng.randint(3, 50))
                    invoice.paid_on = paid if paid <= self.today else None
            self.stamp(invoice, self.moment(min(issued, self.today - timedelta(days=1))))
            self.invoices.append(invoice)

    def problem_candidates(self) -> list[Client]:
        """A few ordinary clients who cause trouble without being blacklisted: they get the red flags."""
        if not self.problem_clients:
            excluded = {id(c) for c in self.blacklisted + self.lifted_only}
            asking = {id(i.client): i.client for i in self.requests if id(i.client) not in excluded}
            asking = list(asking.values())  # in order of first request, so the same seed picks the same
            self.problem_clients = self.rng.sample(asking, min(len(asking), self.n(7))) + self.lifted_only
        return self.problem_clients

    def overdue(self, invoice: Invoice) -> bool:
        return invoice.paid_on is None and invoice.due_on < self.today

    def ensure_some_overdue(self) -> None:
        """A demo needs a few invoices to chase, whatever the dice said."""
        missing = self.n(4) - sum(self.overdue(i) for i in self.invoices)
        blacklisted = {id(c) for c in self.blacklisted}
        candidates = [
            i
            for i in self.invoices
            if i.paid_on is not None and i.due_on < self.today and id(i.project.client) not in blacklisted
        ]
        candidates.sort(key=lambda i: i.due_on, reverse=True)
        for invoice in candidates[: max(missing, 0)]:
            invoice.paid_on = None

    def number_invoices(self) -> None:
        self.invoices.sort(key=lambda i: (i.issued_on, i.project.start, i.amount))
        per_year: dict[int, int] = defaultdict(int)
        for invoice in self.invoices:
            per_year[invoice.issued_on.year] += 1
            invoice.number = f"F{invoice.issued_on.year}-{per_year[invoice.issued_on.year]:03d}"

    def plan_holds(self) -> None:
        """Negotiations in progress hold their hours tentatively in the calendar."""
        for incoming in self.requests:
            if incoming.state != State.NEGOTIATING or not self.chance(0.6):
                continue
            proposed = self.decisions_of[id(incoming)][0].proposed_start
            start = max(proposed or incoming.desired_start or self.today, self.today + timedelta(days=3))
            hours = incoming.estimated_hours or Decimal(20)
            end = start + timedelta(days=7 * max(1, math.ceil(float(hours) / 15)) - 3)
            hold = Booking(owner=self.owner, incoming=incoming, start=start, end=end, hours=hours, tentative=True)
            self.bookings.append(self.stamp(hold, incoming.decided_at))

    def plan_time_off(self) -> None:
        horizon = self.today + timedelta(days=120)
        for year in range(self.first_day.year, horizon.year + 1):
            for (month, day), length, label in samples.TIME_OFF:
                start = date(year, month, day)
                if self.first_day <= start <= horizon:
                    start += timedelta(days=self.rng.randint(-3, 3))
                    if start.weekday() >= 5:  # time off starts on a working day
                        start += timedelta(days=7 - start.weekday())
                    entry = TimeOff(owner=self.owner, start=start, end=start + timedelta(days=length - 1), label=label)
                    planned = self.moment(min(start - timedelta(days=30), self.today - timedelta(days=1)))
                    self.time_off.append(self.stamp(entry, planned))
