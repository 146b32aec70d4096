"""Throughput side by side (issue #10, part 3), and the report's parts that need a server or many tenants.

Throughput: gunicorn with the production profile (2 workers), wrk on loopback with a login cookie, the same
connections and duration for every target, in the same run, so that only ratios are read:
- each main page against the *floor* (benchmarks/urls.py: the base layout and one query behind a login);
- the client list against the Django admin's client changelist, same owner's clients, same page size;
- errors (any response other than 200, socket errors, timeouts) and the workers' resident memory.
When wrk is missing and cannot be installed, a small bounded Python loop does the load instead (it says so).

server_sections runs it, then tenant independence (benchmarks/tenants.py) and the write load (benchmarks/load.py).
"""

import os
import re
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.server import Browser, Server, collect_static, gunicorn, server_env

# (label, URL name): the pages of the issue, in the order of the table.
PAGES = [
    ("dashboard", "dashboard"),
    ("inbox", "projects:incoming_list"),
    ("triage", "projects:incoming_detail"),
    ("client list", "clients:client_list"),
    ("client page", "clients:client_detail"),
    ("blacklist", "clients:blacklist"),
    ("calendar", "projects:calendar"),
    ("network", "referrals:network"),
    ("colleagues", "referrals:colleague_list"),
    ("colleague page", "referrals:colleague_detail"),
    ("search", "search"),
]
FLOOR_PATH = "/bench/floor/"
ADMIN_CHANGELIST = "/admin/clients/client/"
CONNECTIONS = 4

WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_ok = 0 end
function response(status, headers, body) if status ~= 200 then not_ok = not_ok + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("not_ok") end
  io.write(string.format("NOT_OK %d\\n", total))
end
"""


@dataclass
class Run:
    label: str
    path: str
    requests_per_second: float
    requests: int
    errors: int
    p50_ms: float | None = None
    floor_rps: float = 0  # the floor's requests/s around this run

    @property
    def ratio(self) -> float:
        return self.requests_per_second / self.floor_rps


@dataclass
class ThroughputResult:
    tool: str
    seconds: float
    connections: int
    workers: int
    floor: list[Run] = field(default_factory=list)
    pages: list[Run] = field(default_factory=list)
    admin: Run | None = None
    client_list: Run | None = None
    rss_mib: dict[int, float] = field(default_factory=dict)
    floor_queries: int = 0

    @property
    def errors(self) -> int:
        runs = [*self.floor, *self.pages, *([self.admin] if self.admin else [])]
        return sum(run.errors for run in runs)


def wrk_available(install: bool = True) -> bool:
    """Debian's wrk; installed with apt-get when missing and we are root (as `make test` does for chromium)."""
    if shutil.which("wrk") or not install or os.geteuid() != 0 or not shutil.which("apt-get"):
        return bool(shutil.which("wrk"))
    print("Installing Debian's wrk for the throughput benchmark")
    env = {"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]):
        subprocess.run(command, env=env, capture_output=True, timeout=300)
    return bool(shutil.which("wrk"))


def _wrk(server: Server, cookie: str, label: str, path: str, seconds: float, connections: int) -> Run:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        result = subprocess.run(
            [
                "wrk",
                "--threads",
                "1",
                "--connections",
                str(connections),
                "--duration",
                f"{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "--latency",
                "--script",
                script.name,
                "--header",
                f"Cookie: {cookie}",
                server.base_url + path,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        )
    finally:
        Path(script.name).unlink(missing_ok=True)
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    not_ok = int(re.search(r"NOT_OK (\d+)", out).group(1))
    socket_errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out)
    p50_ms = None
    if p50:
        p50_ms = float(p50.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p50.group(2)]
    return Run(label, path, rps, requests, not_ok + socket_errors, p50_ms)


def _python_load(server: Server, cookie: str, label: str, path: str, seconds: float, connections: int) -> Run:
    """The fallback: `connections` threads requesting the page in a loop until the time is up."""
    session, value = cookie.split("=", 1)

    def worker() -> tuple[int, int]:
        browser = Browser(server.base_url, timeout=10, cookies={session: value})
        done = errors = 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                status = browser.get(path).status
            except OSError:
                status = 0
            done += 1
            errors += status != 200
        return done, errors

    started = time.monotonic()
    with ThreadPoolExecutor(connections) as pool:
        results = list(pool.map(lambda _: worker(), range(connections)))
    elapsed = time.monotonic() - started
    requests = sum(done for done, _ in results)
    return Run(label, path, requests / elapsed, requests, sum(errors for _, errors in results))


def _floor_queries(owner) -> int:
    """The floor's own queries (sessions and the user aside), in-process, under the same URLconf."""
    from django.db import connection
    from django.test import Client as BrowserClient
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(ROOT_URLCONF="benchmarks.urls", ALLOWED_HOSTS=["testserver"]):
        browser = BrowserClient()
        browser.force_login(owner)
        with CaptureQueriesContext(connection) as captured:
            browser.get(FLOOR_PATH)
    return sum(
        1
        for query in captured.captured_queries
        if "django_session" not in query["sql"]
        and '"auth_user"' not in query["sql"]
        and not query["sql"].startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"))
    )


def throughput_measure(
    *, owner, password: str, urls: dict[str, str], var_dir: str, database_url: str, seconds: float
) -> ThroughputResult:
    """Run gunicorn on the benchmark's database and load each target in turn; `owner` is made a superuser."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=owner.pk).update(is_staff=True, is_superuser=True)
    use_wrk = wrk_available()
    load = _wrk if use_wrk else _python_load
    result = ThroughputResult(
        tool="wrk" if use_wrk else "a Python loop (wrk unavailable)",
        seconds=seconds,
        connections=CONNECTIONS,
        workers=2,
    )
    result.floor_queries = _floor_queries(owner)
    env = server_env(var_dir=var_dir, database_url=database_url)
    collect_static(env)
    with gunicorn(env, workers=result.workers) as server:
        browser = Browser(server.base_url)
        browser.login(owner.get_username(), password)
        cookie = f"__Host-sessionid={browser.cookies['__Host-sessionid']}"
        targets = [(label, urls[name]) for label, name in PAGES if name in urls]
        admin_path = f"{ADMIN_CHANGELIST}?owner__id__exact={owner.pk}"
        for label, path in [("floor", FLOOR_PATH), *targets, ("admin changelist", admin_path)]:
            status = browser.get(path).status
            if status != 200:
                raise RuntimeError(f"{label} ({path}) answers {status} under gunicorn:\n{server.log_tail()}")

        def measure(label, path):
            run = load(server, cookie, label, path, seconds, CONNECTIONS)
            for pid, rss in server.worker_rss_mib().items():
                result.rss_mib[pid] = max(rss, result.rss_mib.get(pid, 0))
            return run

        # The floor runs between every two targets: each target is compared with the floor just before and just
        # after it, so a machine that gets busier or quieter during the run does not bias the ratios.
        result.floor.append(measure("floor", FLOOR_PATH))
        for label, path in [*targets, ("admin changelist", admin_path)]:
            run = measure(label, path)
            result.floor.append(measure("floor", FLOOR_PATH))
            run.floor_rps = (result.floor[-2].requests_per_second + result.floor[-1].requests_per_second) / 2
            result.pages.append(run)
        result.admin = result.pages.pop()
        result.client_list = next((run for run in result.pages if run.label == "client list"), None)
    return result


def throughput_render(result: ThroughputResult) -> list[str]:
    floors = [run.requests_per_second for run in result.floor]
    lines = [
        "",
        "## Throughput under gunicorn (production settings)",
        "",
        f"gunicorn, {result.workers} sync workers, production profile (`benchmarks.settings`), loaded by "
        f"{result.tool} on 127.0.0.1 with a login cookie: {result.connections} connections, "
        f"{result.seconds:g} s per target, in the same run. The floor is a login-required page rendering the base "
        f"layout with one query of its own ({result.floor_queries} queries besides the session and the user: its "
        "own and the layout's unread-reminder count). It ran between every two targets, and each ratio divides a "
        f"target's requests/s by the mean of the floor's just before and just after it (floor: {min(floors):.0f} "
        f"to {max(floors):.0f} requests/s during the run).",
        "",
        "| target | requests/s | floor around it | ratio to the floor | latency p50 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for run in [*result.pages, result.admin]:
        if run is None:
            continue
        p50 = f"{run.p50_ms:.0f}" if run.p50_ms is not None else ""
        lines.append(
            f"| {run.label} | {run.requests_per_second:.1f} | {run.floor_rps:.0f} | {run.ratio:.2f} | {p50} "
            f"| {run.errors} |"
        )
    if result.client_list and result.admin:
        ratio = result.client_list.ratio / result.admin.ratio
        lines += [
            "",
            f"**Client list vs the Django admin's client changelist** (same owner's clients, 25 per page, each "
            f"against its own floor): {ratio:.2f}× ({'above' if ratio > 1 else 'NOT above'} 1; raw requests/s "
            f"{result.client_list.requests_per_second:.1f} vs {result.admin.requests_per_second:.1f}).",
        ]
    total = sum(run.requests for run in [*result.floor, *result.pages, result.admin] if run)
    rss = ", ".join(f"{mib:.0f} MiB" for mib in result.rss_mib.values())
    lines += [
        "",
        f"**Errors**: {result.errors} of {total} requests (any status other than 200, socket errors, timeouts). "
        f"**Workers' memory** (VmRSS, highest seen): {rss}.",
    ]
    return lines


def server_sections(*, args, owner, urls: dict[str, str]) -> tuple[list[str], list[str]]:
    """`make bench`'s parts under gunicorn and with many tenants: (lines of the report, problems found).

    Runs last: the tenant part empties the benchmark's database, and the write load then runs on that crowded
    database with four of its users. Only errors and lost writes are problems (no timing is asserted).
    """
    from django.db import connection

    from benchmarks.load import demo_users, load_render, load_with_server
    from benchmarks.server import database_url_of
    from benchmarks.tenants import tenants_measure, tenants_render

    var_dir = os.environ["TACT_VAR_DIR"]
    database_url = args.database_url or database_url_of(connection.settings_dict)
    lines, problems = [], []
    started = time.monotonic()
    throughput = throughput_measure(
        owner=owner,
        password="bench-password-1",
        urls=urls,
        var_dir=var_dir,
        database_url=database_url,
        seconds=1 if args.quick else 10,
    )
    lines += throughput_render(throughput)
    print(f"throughput: {time.monotonic() - started:.0f} s")
    if throughput.errors:
        problems.append(f"{throughput.errors} errors under gunicorn")
    if connection.vendor == "postgresql" and not args.quick:
        from benchmarks.connections import connection_modes_measure, connection_modes_render

        started = time.monotonic()
        modes = connection_modes_measure(
            owner=owner, password="bench-password-1", urls=urls, var_dir=var_dir, database_url=database_url, seconds=5
        )
        lines += connection_modes_render(modes, 5)
        print(f"connection modes: {time.monotonic() - started:.0f} s")
        if any(run.errors for run in modes):
            problems.append("errors under gunicorn with one of the ways to hold connections")

    started = time.monotonic()
    tenants = tenants_measure(
        repeat=4 if args.quick else args.repeat,
        others=3 if args.quick else 100,
        budget_seconds=8 if args.quick else 150,
    )
    lines += tenants_render(tenants)
    print(f"tenants: {time.monotonic() - started:.0f} s")

    started = time.monotonic()
    users = [f"neighbour{n:03d}" for n in range(min(4, tenants.others))] or demo_users(4)
    load = load_with_server(
        usernames=users,
        var_dir=var_dir,
        database_url=database_url,
        seconds=10 if args.quick else 300,
        static_collected=True,
    )
    lines += load_render(load, label=f" on {connection.vendor}, a database of {tenants.others + 1} users")
    print(f"load: {time.monotonic() - started:.0f} s")
    if not load.ok:
        problems += ["write load: " + problem for problem in load.problems()]
    return lines, problems
