"""A mixed write load on gunicorn with the production profile (issue #11): no 5xx, no lost write, no deadlock.

Virtual users, each a demo user of its own (so their writes never race on the same row), log in through the
login form, read the main pages, record referrals received from a colleague (each creates a client and a request
to triage) and triage those requests (negotiate, then accept, decline or refer; or decline, archive, refer at
once). Every write the server acknowledged (a redirect after the POST) is looked up afterwards in the database:
a missing or doubled one is a lost write. Every request has a timeout and the whole run a deadline, so a
deadlock shows as timeouts and a failed run, never as a hang.

    python -m benchmarks.load --seconds 300 [--users 4] [--database-url postgres://…]

Standalone, it builds its own database (SQLite in a temporary directory, or the PostgreSQL database named,
which it empties first) with the demo command; `make bench` runs it on the benchmark's database instead.
"""

import argparse
import random
import re
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.server import (  # noqa: E402
    Browser,
    Response,
    collect_static,
    django_on_a_fresh_database,
    gunicorn,
    server_env,
)

PASSWORD = "bench-password-1"  # noqa: S105 (the demo users of a throw-away database)
REQUEST_TIMEOUT = 30  # seconds: far above any page's time, so only a stuck server reaches it
# Weights of what a virtual user does next.
ACTIONS = {"read": 6, "referral": 2, "decide": 3, "login": 0.3}
FIRST_DECISIONS = ["negotiating", "declined", "ignored", "referred", "accepted"]
AFTER_NEGOTIATION = ["accepted", "declined", "referred"]
REASONS = {
    "accepted": "fits",
    "negotiating": "rate_below_minimum",
    "declined": "no_time",
    "ignored": "spam_or_repeat",
    "referred": "outside_skills",
}


@dataclass
class Write:
    kind: str  # "referral" or "decision"
    incoming_id: int
    marker: str
    to: str = ""


@dataclass
class Account:
    username: str
    password: str
    colleague_ids: list[int]
    pages: list[str]


@dataclass
class LoadResult:
    seconds: float
    users: int
    elapsed: float = 0
    statuses: Counter = field(default_factory=Counter)
    actions: Counter = field(default_factory=Counter)
    writes: list[Write] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # 5xx, 4xx, timeouts, unexpected answers
    slowest_ms: float = 0
    lost: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        """HTTP requests: the statuses recorded, plus the login page fetched before each login's POST."""
        return sum(self.statuses.values()) + self.actions["login"]

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.lost and self.server_errors == 0

    def problems(self) -> list[str]:
        return [*self.failures[:5], *self.lost[:5]]


def decision_post(browser: Browser, *, incoming_id: int, seen_state: str, to: str, marker: str, colleague_id: int):
    """The triage form of projects:incoming_detail, as the page posts it to projects:incoming_decide.

    The one place that knows the form's fields (projects/forms/incoming.py DecisionForm): adapt it here.
    """
    data = {
        "seen_state": seen_state,
        "to": to,
        "reason": REASONS[to],
        "reply": f"Hello,\n\nThank you for your request. ({marker})",
        "note": marker,
        "counter_offer": "1500" if to == "negotiating" else "",
        "proposed_start": "",
        "colleague": str(colleague_id) if to == "referred" else "",
        "red_flag_kind": "",
    }
    return browser.post(f"/requests/{incoming_id}/decide/", data)


def referral_post(browser: Browser, *, colleague_id: int, marker: str):
    """referrals:referral_receive: a colleague sent me someone; the answer redirects to the new request."""
    data = {"client_name": f"Load client {marker}", "client_email": "", "client_company": "", "need": marker}
    return browser.post(f"/colleagues/{colleague_id}/received/", data)


class VirtualUser(threading.Thread):
    def __init__(self, number: int, base_url: str, account: Account, deadline: float, result: LoadResult, lock):
        super().__init__(name=f"vu-{number}", daemon=True)
        self.number, self.account, self.deadline, self.result, self.lock = number, account, deadline, result, lock
        self.browser = Browser(base_url, timeout=REQUEST_TIMEOUT)
        self.rng = random.Random(number)
        self.open: list[tuple[int, str]] = []  # (incoming id, state) of the requests this user may decide
        self.count = 0

    def run(self):
        try:
            self.login()
            while time.monotonic() < self.deadline:
                action = self.rng.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
                if action == "decide" and not self.open:
                    action = "referral"
                getattr(self, action)()
        except Exception as error:  # a timeout, a refused connection, a login refused: the run fails
            self.fail(f"{type(error).__name__}: {error}")

    # --- actions -----------------------------------------------------------------------------------
    def login(self):
        started = time.perf_counter()
        response = self.browser.login(self.account.username, self.account.password)
        self.record("login", response, started)

    def read(self):
        path = self.rng.choice(self.account.pages)
        started = time.perf_counter()
        response = self.browser.get(path)
        self.record("read", response, started)
        if response.status != 200:
            self.fail(f"GET {path}: HTTP {response.status}")

    def referral(self):
        marker = self.marker("referral")
        started = time.perf_counter()
        response = referral_post(self.browser, colleague_id=self.rng.choice(self.account.colleague_ids), marker=marker)
        self.record("referral", response, started)
        found = re.fullmatch(r"/requests/(\d+)/", response.location)
        if response.status != 302 or not found:
            self.fail(f"referral {marker}: HTTP {response.status} to {response.location!r}")
            return
        self.acknowledge(Write("referral", int(found.group(1)), marker))
        self.open.append((int(found.group(1)), "new"))

    def decide(self):
        incoming_id, state = self.open.pop(self.rng.randrange(len(self.open)))
        to = self.rng.choice(FIRST_DECISIONS if state == "new" else AFTER_NEGOTIATION)
        marker = self.marker("decision")
        started = time.perf_counter()
        response = decision_post(
            self.browser,
            incoming_id=incoming_id,
            seen_state=state,
            to=to,
            marker=marker,
            colleague_id=self.rng.choice(self.account.colleague_ids),
        )
        self.record("decision", response, started)
        if response.status != 302 or response.location != f"/requests/{incoming_id}/":
            self.fail(f"decision {marker} ({state} → {to}): HTTP {response.status} to {response.location!r}")
            return
        self.acknowledge(Write("decision", incoming_id, marker, to))
        if to == "negotiating":
            self.open.append((incoming_id, to))

    # --- bookkeeping -------------------------------------------------------------------------------
    def marker(self, kind: str) -> str:
        self.count += 1
        return f"load-{self.account.username}-{kind}-{self.count}"

    def record(self, action: str, response: Response, started: float):
        with self.lock:
            self.result.statuses[response.status] += 1
            self.result.actions[action] += 1
            self.result.slowest_ms = max(self.result.slowest_ms, (time.perf_counter() - started) * 1000)

    def acknowledge(self, write: Write):
        with self.lock:
            self.result.writes.append(write)

    def fail(self, message: str):
        with self.lock:
            self.result.failures.append(f"{self.name}: {message}")


def load_accounts(usernames: list[str], password: str = PASSWORD) -> list[Account]:
    """Each user's colleagues (to receive referrals from) and the pages they read, from the database."""
    from django.contrib.auth import get_user_model

    from benchmarks.pages import page_urls
    from benchmarks.throughput import PAGES
    from referrals.models import Colleague
    from tests.urlcrawl import url_patterns

    patterns = url_patterns()
    accounts = []
    for username in usernames:
        owner = get_user_model().objects.get(username=username)
        urls = page_urls(owner, patterns)
        colleague_ids = list(Colleague.objects.filter(owner=owner).values_list("pk", flat=True)[:5])
        if not colleague_ids:
            raise RuntimeError(f"{username} has no colleague to receive referrals from")
        pages = [urls[name] for _label, name in PAGES if name in urls]
        accounts.append(Account(username, password, colleague_ids, pages))
    return accounts


def load_run(*, base_url: str, accounts: list[Account], seconds: float) -> LoadResult:
    """One virtual user per account for `seconds`; returns once every one has stopped (or been given up on)."""
    result = LoadResult(seconds=seconds, users=len(accounts))
    lock = threading.Lock()
    started = time.monotonic()
    deadline = started + seconds
    users = [VirtualUser(n, base_url, account, deadline, result, lock) for n, account in enumerate(accounts)]
    for user in users:
        user.start()
    for user in users:
        user.join(timeout=max(0, deadline - time.monotonic()) + REQUEST_TIMEOUT + 5)
        if user.is_alive():
            result.failures.append(f"{user.name} still waiting on the server after the deadline: a deadlock?")
    result.elapsed = time.monotonic() - started
    return result


def load_verify(result: LoadResult) -> list[str]:
    """Every acknowledged write, looked up in the database: exactly once, with what was sent."""
    from projects.models import Decision
    from referrals.models import Direction, Referral

    lost = []
    for write in result.writes:
        if write.kind == "referral":
            found = Referral.objects.filter(
                incoming_id=write.incoming_id,
                incoming__description=write.marker,
                description=write.marker,
                direction=Direction.RECEIVED,
            ).count()
        else:
            found = Decision.objects.filter(incoming_id=write.incoming_id, note=write.marker, to_state=write.to).count()
        if found != 1:
            lost.append(f"{write.kind} {write.marker} (request {write.incoming_id}): found {found} times")
    result.lost = lost
    return lost


def load_render(result: LoadResult, *, label: str = "") -> list[str]:
    writes = Counter(write.kind for write in result.writes)
    statuses = ", ".join(f"{status}: {n}" for status, n in sorted(result.statuses.items()))
    return [
        "",
        "## Mixed write load (issue #11)",
        "",
        f"gunicorn, 2 sync workers, production profile{label}; {result.users} virtual users, each its own demo "
        f"user, for {result.elapsed:.0f} s (asked: {result.seconds:g} s): logins through the form, page reads, "
        "referrals received, triage decisions.",
        "",
        "| requests | logins | reads | referrals acknowledged | decisions acknowledged | 5xx | lost writes "
        "| other failures | slowest ms |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {result.requests} | {result.actions['login']} | {result.actions['read']} | {writes['referral']} "
        f"| {writes['decision']} | {result.server_errors} | {len(result.lost)} | {len(result.failures)} "
        f"| {result.slowest_ms:.0f} |",
        "",
        f"Statuses: {statuses}. " + ("**Held.**" if result.ok else "**FAILED**: " + "; ".join(result.problems())),
    ]


def load_with_server(
    *,
    usernames: list[str],
    var_dir: str,
    database_url: str,
    seconds: float,
    password: str = PASSWORD,
    static_collected: bool = False,
) -> LoadResult:
    """Start gunicorn on this database, run the load, stop the server, check every write."""
    accounts = load_accounts(usernames, password)
    env = server_env(var_dir=var_dir, database_url=database_url)
    if not static_collected:
        collect_static(env)
    with gunicorn(env) as server:
        result = load_run(base_url=server.base_url, accounts=accounts, seconds=seconds)
        if server.process.poll() is not None:
            result.failures.append(f"gunicorn died during the load:\n{server.log_tail()}")
    load_verify(result)
    return result


def demo_users(count: int, prefix: str = "load") -> list[str]:
    from django.core.management import call_command

    names = [f"{prefix}{n}" for n in range(count)]
    for n, name in enumerate(names):
        call_command("demo", user=name, password=PASSWORD, scale=1, seed=500 + n, verbosity=0)
    return names


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=300, help="how long the load runs (300; 30 in CI)")
    parser.add_argument("--users", type=int, default=4, help="virtual users, each with its own demo user")
    parser.add_argument("--database-url", default="", help="PostgreSQL to run on (emptied first); else SQLite")
    args = parser.parse_args()

    var_dir = django_on_a_fresh_database(prefix="tact-load-", database_url=args.database_url)
    from django.conf import settings

    usernames = demo_users(args.users)
    result = load_with_server(
        usernames=usernames,
        var_dir=var_dir,
        database_url=args.database_url or f"sqlite:///{settings.DATABASES['default']['NAME']}",
        seconds=args.seconds,
    )
    print("\n".join(load_render(result, label=f" on {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")))
    sys.exit(0 if result.ok else 1)


if __name__ == "__main__":
    main()
