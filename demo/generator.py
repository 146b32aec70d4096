"""Build one freelancer's history: clients, requests and their decisions, projects, invoices, flags...

Everything is planned in memory first with one seeded random generator (so a seed always gives the
same data), then written through the owning apps' services inside one transaction, as a user would
(see `writer`). Dates are relative to `today`; every timestamp is before it, every row belongs to the
demo user.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone

from accounts.models import OwnedModel
from clients.services import risk_levels_refresh

from . import people
from .contacts import ContactsPlanner
from .inbox import InboxPlanner
from .trust import TrustPlanner
from .work import WorkPlanner
from .writer import ServiceWriter

DEFAULT_SEED = 2026


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
    risk_levels_refresh(owner=user, today=builder.today)
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


class _Builder(ContactsPlanner, InboxPlanner, WorkPlanner, TrustPlanner, ServiceWriter):
    """Plans every row in memory, in an order that only ever looks back, then writes them through the services."""

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
