"""The planner's state and small helpers shared by the demo data mixins.

Rows are planned in memory as unsaved model instances that point at each other directly; they are never
saved themselves: `writer` replays them through the owning apps' services. The mixins (contacts, inbox,
work, trust, writer) only make sense combined in `generator._Builder`: they read what earlier steps planned.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from accounts.selectors import profile_get
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

TWO = Decimal("0.01")


def money(value) -> Decimal:
    return Decimal(value).quantize(TWO)


def round_to(value: float, step: int) -> Decimal:
    return money(max(step, round(value / step) * step))


class Planner:
    def __init__(self, *, owner, scale: int, seed: int, today: date):
        self.owner = owner
        self.scale = scale
        self.rng = random.Random(seed)
        self.today = today
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.first_day = today - timedelta(days=365 * scale)
        self.midnight = datetime.combine(today, time(0, 0), tzinfo=self.tz)  # every timestamp is before it
        self.profile = profile_get(owner=owner)
        self.used_names: set[str] = set()
        self.tags: list[Tag] = []
        self.skills: dict[str, Skill] = {}
        self.colleagues: list[Colleague] = []
        self.colleague_skills: list[tuple[Colleague, Skill]] = []
        self.clients: list[Client] = []
        self.client_tags: list[tuple[Client, Tag]] = []
        self.requests: list[IncomingRequest] = []
        self.request_skills: list[tuple[IncomingRequest, Skill]] = []
        self.decisions: list[Decision] = []
        self.projects: list[Project] = []
        self.bookings: list[Booking] = []
        self.invoices: list[Invoice] = []
        self.red_flags: list[RedFlag] = []
        self.blacklist_events: list[BlacklistEvent] = []
        self.referrals: list[Referral] = []
        self.time_off: list[TimeOff] = []
        # Planning facts the model does not hold.
        self.skill_names: dict[int, list[str]] = {}  # id(request) -> skill names
        self.negotiated: set[int] = set()  # id(request) of those that went through negotiation
        self.decisions_of: dict[int, list[Decision]] = defaultdict(list)  # id(request) -> its decisions
        self.referred_to: dict[int, Colleague] = {}  # id(request) -> the colleague it was passed to
        self.blocked: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)  # id(client) -> spans
        self.problem_clients: list[Client] = []
        self.unpaid_on_purpose: set[int] = set()  # id(project) whose last invoice stays unpaid
        self.blacklisted: list[Client] = []
        self.lifted_only: list[Client] = []
        self.stories: dict[int, str] = {}  # id(client) -> why they were blacklisted

    # --- small helpers ---------------------------------------------------------------------------
    def n(self, base: int) -> int:
        return max(1, round(base * self.scale))

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    def moment(self, day: date) -> datetime:
        """A working-hours time on `day`, never later than the start of today."""
        at = datetime.combine(day, time(self.rng.randint(8, 19), self.rng.choice((0, 10, 25, 40, 55))), self.tz)
        return min(at, self.midnight - timedelta(minutes=self.rng.randint(5, 600)))

    def later(self, at: datetime, low_hours: int, high_hours: int) -> datetime:
        """Some hours after `at`, clamped before the start of today and always strictly after `at`."""
        moved = at + timedelta(hours=self.rng.randint(low_hours, high_hours))
        latest = self.midnight - timedelta(minutes=1)
        if at >= latest:  # no whole minute left: halfway to midnight
            return at + (self.midnight - at) / 2
        return max(at + timedelta(minutes=1), min(moved, latest))

    def stamp(self, obj, at: datetime, updated: datetime | None = None):
        obj.created_at, obj.updated_at = at, updated or at
        return obj

    def local_day(self, at: datetime) -> date:
        return timezone.localtime(at, self.tz).date()
