"""`manage.py demo --user NAME --password PW [--scale N] [--seed S] [--if-empty]`."""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from demo.generator import DEFAULT_SEED, demo_user_populate


class Command(BaseCommand):
    help = (
        "Create or refresh a user with a realistic demo history (clients, requests, projects, invoices, red "
        "flags, colleagues, referrals). Refreshing deletes that user's rows only; other users are untouched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="Username of the demo user.")
        parser.add_argument("--password", required=True, help="Password to log in with.")
        parser.add_argument("--scale", type=int, default=1, help="Years of history (counts grow with it).")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Same seed, same data.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the user already exists, so that a restart keeps their own changes.",
        )

    def handle(self, *args, user, password, scale, seed, if_empty, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if not password:
            raise CommandError("--password must not be empty.")
        existing = get_user_model().objects.filter(username=user).first()
        if existing is not None and if_empty:
            self.stdout.write(f"Demo user {user!r} already exists: left as it is.")
            return
        if existing is not None and (existing.is_staff or existing.is_superuser):
            raise CommandError(f"{user!r} is a staff account: the demo never replaces its data.")
        started = time.monotonic()
        counts = demo_user_populate(username=user, password=password, scale=scale, seed=seed)
        elapsed = time.monotonic() - started
        login = f"Log in as {user!r} with password {password!r}."
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {elapsed:.1f} s: {counts.summary()}. {login}"))
