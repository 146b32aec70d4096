"""Tenant independence (issue #10, part 4): one user's pages alone in the database, then among many users.

In-process timings of one user at scale 1 alone in the database, then with up to 100 other users at scale 1 (as
many as the demo command builds within a time budget: the number is reported).
"""

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.throughput import PAGES


@dataclass
class TenantResult:
    others: int
    wanted: int
    build_seconds: float
    interleaved: bool
    alone: dict[str, tuple[float, float]]
    crowded: dict[str, tuple[float, float]]


def _percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def _sqlite_copy(source: str, target: str) -> None:
    """A consistent copy of a live SQLite database (WAL included), by SQLite's own backup."""
    import sqlite3

    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def tenants_measure(*, repeat: int, others: int, budget_seconds: float, rounds: int = 4) -> TenantResult:
    """Empties the benchmark database, then times one user at scale 1 alone and among `others` users at scale 1.

    On SQLite the lone user's database is kept as a copy and the two are measured in alternating rounds (the
    connection switches file), so that a machine getting busier or quieter in between biases neither side;
    on PostgreSQL the two are measured one after the other.
    """
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client as BrowserClient

    from benchmarks.pages import page_urls
    from benchmarks.timing import refresh_planner_statistics
    from tests.urlcrawl import url_patterns

    call_command("flush", interactive=False, verbosity=0)
    call_command("demo", user="tenant", password="bench-password-1", scale=1, verbosity=0)
    refresh_planner_statistics()
    owner = get_user_model().objects.get(username="tenant")
    all_urls = page_urls(owner, url_patterns())
    urls = {label: all_urls[name] for label, name in PAGES if name in all_urls}
    browser = BrowserClient()
    browser.force_login(owner)
    samples = {"alone": {label: [] for label in urls}, "crowded": {label: [] for label in urls}}

    def sample(side: str, count: int):
        for label, url in urls.items():
            browser.get(url)  # warm
            for _ in range(count):
                began = time.perf_counter()
                browser.get(url)
                samples[side][label].append((time.perf_counter() - began) * 1000)

    main_path = connection.settings_dict["NAME"]
    interleaved = connection.vendor == "sqlite"
    alone_path = str(Path(main_path).with_name("alone.sqlite3"))
    if interleaved:
        connection.close()
        _sqlite_copy(main_path, alone_path)
    else:
        sample("alone", repeat)
    started = time.monotonic()
    built = 0
    while built < others and time.monotonic() - started < budget_seconds:
        call_command(
            "demo", user=f"neighbour{built:03d}", password="bench-password-1", scale=1, seed=1000 + built, verbosity=0
        )
        built += 1
    build_seconds = time.monotonic() - started
    refresh_planner_statistics()
    if interleaved:
        try:
            for _ in range(rounds):
                for side, path in (("alone", alone_path), ("crowded", main_path)):
                    connection.close()
                    connection.settings_dict["NAME"] = path
                    sample(side, max(1, repeat // rounds))
        finally:
            connection.close()
            connection.settings_dict["NAME"] = main_path
    else:
        sample("crowded", repeat)
    return TenantResult(
        others=built,
        wanted=others,
        build_seconds=build_seconds,
        interleaved=interleaved,
        alone={label: _percentiles(values) for label, values in samples["alone"].items()},
        crowded={label: _percentiles(values) for label, values in samples["crowded"].items()},
    )


def tenants_render(result: TenantResult) -> list[str]:
    lines = [
        "",
        "## Tenant independence",
        "",
        f"One user at scale 1, in-process timings (ms) alone in the database and with {result.others} other users "
        f"at scale 1 (of the {result.wanted} wanted; the demo command built them in {result.build_seconds:.0f} s), "
        + (
            "measured in alternating rounds on a copy of the lone user's database and on the crowded one."
            if result.interleaved
            else "measured one after the other."
        ),
        "",
        "| page | alone p50 | alone p95 | crowded p50 | crowded p95 | ratio p50 | ratio p95 |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    ratios = []
    for label, (p50, p95) in result.alone.items():
        c50, c95 = result.crowded[label]
        ratios.append(c50 / p50)
        lines.append(f"| {label} | {p50:.1f} | {p95:.1f} | {c50:.1f} | {c95:.1f} | {c50 / p50:.2f} | {c95 / p95:.2f} |")
    if ratios:
        lines += [
            "",
            f"**Tenant ratio** (p50, crowded / alone): worst {max(ratios):.2f}, median "
            f"{statistics.median(ratios):.2f}; goal ≤ 1.2.",
        ]
    return lines


# --- Many tenants on PostgreSQL (issue #20) --------------------------------------------------------------------
MEASURED = "measured"
TENANT_GOAL = 1.1  # p50 among the tenants / p50 alone
# From this many tenants, a sequential scan over an owned table holding at least a row per tenant fails the run;
# below, the scans are reported only.
ENFORCE_PLANS_FROM = 10_000


@dataclass
class CrowdResult:
    build_lines: list[str]
    tenants: int
    rounds: int
    alone: dict[str, tuple[float, float]]
    crowded: dict[str, tuple[float, float]]
    explain: object  # benchmarks.explain.ExplainResult


def crowd_measure(*, tenants: int, pages: list[str], repeat: int, rounds: int = 12) -> CrowdResult:
    """One user (a busy year, the demo's default seed) in a database of their own and among `tenants` users,
    measured in alternating rounds (the connection switches database; caches are cleared at each switch),
    then every page's reads explained in the crowded database. PostgreSQL only."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client as BrowserClient

    from benchmarks.crowd import build_render, crowd_database
    from benchmarks.explain import explain_pages
    from benchmarks.freshness import caches_clear
    from benchmarks.pages import page_urls
    from benchmarks.server import database_named, database_recreate
    from benchmarks.timing import refresh_planner_statistics
    from tests.urlcrawl import url_patterns

    crowd_name, build = crowd_database(tenants)
    alone_name = f"{connection.settings_dict['NAME']}_alone"
    database_recreate(alone_name)
    sides = {}
    for side, name in (("alone", alone_name), ("crowded", crowd_name)):
        with database_named(name):
            if side == "alone":
                call_command("migrate", verbosity=0)
            started = time.monotonic()
            call_command("demo", user=MEASURED, password="bench-password-1", scale=1, verbosity=0)
            refresh_planner_statistics()
            print(f"{side}: the measured user in {time.monotonic() - started:.0f} s", flush=True)
            owner = get_user_model().objects.get(username=MEASURED)
            browser = BrowserClient()
            browser.force_login(owner)
            every_page = page_urls(owner, [(n, k) for n, k in url_patterns() if n not in {"logout", "set_language"}])
            sides[side] = (name, browser, {page: every_page[page] for page in pages if page in every_page}, every_page)
    samples = {side: {page: [] for page in sides[side][2]} for side in sides}
    for round_number in range(rounds):
        order = ("alone", "crowded") if round_number % 2 == 0 else ("crowded", "alone")
        for side in order:
            name, browser, urls, _ = sides[side]
            with database_named(name):
                caches_clear()
                for page, url in urls.items():
                    browser.get(url)  # warm, after the switch
                    for _ in range(max(4, repeat // rounds)):  # 12 rounds of 4: a busy moment sways no side
                        began = time.perf_counter()
                        browser.get(url)
                        samples[side][page].append((time.perf_counter() - began) * 1000)
    name, browser, _, every_page = sides["crowded"]
    with database_named(name):
        caches_clear()
        explain = explain_pages(browser, every_page)
    return CrowdResult(
        build_lines=build_render(build),
        tenants=tenants,
        rounds=rounds,
        alone={page: _percentiles(values) for page, values in samples["alone"].items()},
        crowded={page: _percentiles(values) for page, values in samples["crowded"].items()},
        explain=explain,
    )


def crowd_render(result: CrowdResult) -> tuple[list[str], list[str]]:
    """(lines of the report, problems): a sequential scan over an owned table fails the run at full size."""
    from benchmarks.explain import explain_render

    lines = [
        "",
        f"## {result.tenants:,} tenants on PostgreSQL",
        "",
        *result.build_lines,
        "",
        f"One user with a busy year of demo history, in-process, alone in a database of their own and as one of "
        f"{result.tenants:,} users, measured in {result.rounds} alternating rounds (milliseconds).",
        "",
        "| page | alone p50 | alone p95 | among the tenants p50 | p95 | ratio p50 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    ratios = []
    for page, (p50, p95) in result.alone.items():
        c50, c95 = result.crowded[page]
        ratios.append(c50 / p50)
        lines.append(f"| {page} | {p50:.1f} | {p95:.1f} | {c50:.1f} | {c95:.1f} | {c50 / p50:.2f} |")
    if ratios:
        worst = max(ratios)
        lines += [
            "",
            f"**Tenant ratio** (p50, among the tenants / alone): worst {worst:.2f}, median "
            f"{statistics.median(ratios):.2f}; goal ≤ {TENANT_GOAL:g}: {'met' if worst <= TENANT_GOAL else 'NOT met'}.",
        ]
    enforced = result.tenants >= ENFORCE_PLANS_FROM
    plan_lines, problems = explain_render(
        result.explain, enforce_from_rows=result.tenants if enforced else None, label=f"{result.tenants:,} tenants"
    )
    return lines + plan_lines, problems
