"""Build one freelancer's history: clients, requests and their decisions, projects, invoices, flags...

Everything is planned in memory first with one seeded random generator (so a seed always gives the
same data), then written with `bulk_create` in dependency order inside one transaction. Dates are
relative to `today`; every timestamp is before it, every row belongs to the demo user.
"""

from __future__ import annotations

import importlib
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from accounts.models import OwnedModel
from clients.models import (
    BlacklistEvent,
    Client,
    RedFlag,
    Tag,
)
from projects.models import (
    Booking,
    Decision,
    IncomingRequest,
    Invoice,
    Project,
    Skill,
    TimeOff,
)
from referrals.models import Colleague, Referral

from . import people
from .contacts import ContactsPlanner
from .inbox import InboxPlanner
from .trust import TrustPlanner
from .work import WorkPlanner

DEFAULT_SEED = 2026
BATCH_SIZE = 500


@dataclass
class DemoCounts:
    clients: int = 0
    requests: int = 0
    decisions: int = 0
    projects: int = 0
    bookings: int = 0
    invoices: int = 0
    red_flags: int = 0
    blacklisted: int = 0
    colleagues: int = 0
    referrals: int = 0
    time_off: int = 0

    def summary(self) -> str:
        return ", ".join(f"{getattr(self, f.name)} {f.name.replace('_', ' ')}" for f in fields(self))


@transaction.atomic
def demo_user_populate(
    *, username: str, password: str, scale: int = 1, seed: int = DEFAULT_SEED, today: date | None = None
) -> DemoCounts:
    """Create the user, or wipe that user's rows, then generate `scale` years of history ending `today`."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username)
    if not created:
        owned_rows_delete(owner=user)
    user.set_password(password)
    if not user.first_name:
        user.first_name, user.last_name = "Alex", "Morel"
    if not user.email:
        user.email = f"{people.slug(username) or 'demo'}@example.org"
    user.save()
    builder = _Builder(owner=user, scale=scale, seed=seed, today=today or timezone.localdate())
    counts = builder.build()
    _risk_levels_refresh(owner=user, today=builder.today)
    return counts


def owned_rows_delete(*, owner) -> None:
    """Delete every row this owner has in any app, children before parents (PROTECT foreign keys)."""
    remaining = [model for model in apps.get_models() if issubclass(model, OwnedModel)]
    while remaining:
        blocked = []
        for model in remaining:
            try:
                model.objects.filter(owner=owner).delete()
            except (ProtectedError, RestrictedError):  # raised before anything is deleted
                blocked.append(model)
        if len(blocked) == len(remaining):
            raise ProtectedError(f"Cannot delete the rows of {owner}: {blocked}", set())
        remaining = blocked


def _risk_levels_refresh(*, owner, today: date) -> None:
    """The cached risk levels come from clients.services when that service exists."""
    try:
        services = importlib.import_module("clients.services")
    except ModuleNotFoundError as error:
        if error.name != "clients.services":
            raise
        return
    refresh = getattr(services, "risk_levels_refresh", None)
    if refresh is not None:
        refresh(owner=owner, today=today)


@contextmanager
def _historical_timestamps(models):
    """Let bulk_create keep the created/updated times we set, so the history looks lived in."""
    stamps = [model._meta.get_field(name) for model in models for name in ("created_at", "updated_at")]
    saved = [(field, field.auto_now, field.auto_now_add) for field in stamps]
    for field in stamps:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class _Builder(ContactsPlanner, InboxPlanner, WorkPlanner, TrustPlanner):
    """Plans every row in memory, in an order that only ever looks back, then writes them."""

    # --- the plan --------------------------------------------------------------------------------
    def build(self) -> DemoCounts:
        self.plan_profile()
        self.plan_tags_and_skills()
        self.plan_colleagues()
        self.plan_clients()
        self.plan_blacklist_timelines()
        self.plan_requests()
        self.plan_projects()
        self.plan_holds()
        self.plan_red_flags()
        self.plan_referrals()
        self.plan_time_off()
        self.write()
        return DemoCounts(
            clients=len(self.clients),
            requests=len(self.requests),
            decisions=len(self.decisions),
            projects=len(self.projects),
            bookings=len(self.bookings),
            invoices=len(self.invoices),
            red_flags=len(self.red_flags),
            blacklisted=sum(client.is_blacklisted for client in self.clients),
            colleagues=len(self.colleagues),
            referrals=len(self.referrals),
            time_off=len(self.time_off),
        )

    # --- writing ---------------------------------------------------------------------------------
    def write(self) -> None:
        self.profile.save()
        self.date_clients()
        models = [
            Tag,
            Skill,
            Colleague,
            Client,
            IncomingRequest,
            Decision,
            Project,
            Booking,
            Invoice,
            RedFlag,
            BlacklistEvent,
            Referral,
            TimeOff,
        ]
        with _historical_timestamps(models):
            self.insert(Tag, self.tags)
            self.insert(Skill, list(self.skills.values()))
            self.insert(Colleague, self.colleagues)
            self.write_links(Colleague.skills.through, "colleague", "skill", self.colleague_skills)
            self.insert(Client, self.clients)
            self.write_links(Client.tags.through, "client", "tag", self.client_tags)
            self.insert(IncomingRequest, self.requests)
            self.write_links(IncomingRequest.skills.through, "incomingrequest", "skill", self.request_skills)
            for model, rows in [
                (Decision, self.decisions),
                (Project, self.projects),
                (Booking, self.bookings),
                (Invoice, self.invoices),
                (RedFlag, self.red_flags),
                (BlacklistEvent, self.blacklist_events),
                (Referral, self.referrals),
                (TimeOff, self.time_off),
            ]:
                self.insert(model, rows)

    def insert(self, model, rows) -> None:
        model.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    def write_links(self, through, left: str, right: str, pairs) -> None:
        rows = [through(**{f"{left}_id": a.pk, f"{right}_id": b.pk}) for a, b in pairs]
        through.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    def date_clients(self) -> None:
        """A client appears in the records a little before their first request."""
        first_seen: dict[int, datetime] = {}
        for incoming in self.requests:
            key = id(incoming.client)
            first_seen[key] = min(first_seen.get(key, incoming.received_at), incoming.received_at)
        for event in self.blacklist_events:
            key = id(event.client)
            first_seen[key] = min(first_seen.get(key, event.happened_at), event.happened_at)
        for client in self.clients:
            seen = first_seen.get(id(client), self.midnight - timedelta(days=2))
            self.stamp(client, seen - timedelta(hours=1), self.midnight - timedelta(hours=1))
