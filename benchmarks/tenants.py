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
