"""In-process measurements of one page: query count, p50/p95, where the time goes, and a profile.

The breakdown splits the server time into SQL execution (the database driver's `execute`), template
rendering (the outermost `Template.render`, minus the SQL its tags and lazy querysets run) and the rest:
middleware, the view's own Python and turning rows into model instances.
"""

import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.template import base as template_base
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class PageTiming:
    p50_ms: float
    p95_ms: float
    sql_ms: float  # means per request
    template_ms: float
    rest_ms: float


def count_queries(browser, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    return response.status_code, len(captured.captured_queries)


class _Clock:
    def __init__(self):
        self.sql = self.sql_in_templates = self.templates = 0.0
        self.depth = 0

    def sql_wrapper(self, execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent = time.perf_counter() - began
            self.sql += spent
            if self.depth:
                self.sql_in_templates += spent


@contextmanager
def _clocked():
    """Time SQL and the outermost template render while the block runs (the patch is undone after)."""
    clock = _Clock()
    original_render = template_base.Template.render

    def timed_render(template, context):
        clock.depth += 1
        began = time.perf_counter()
        try:
            return original_render(template, context)
        finally:
            clock.depth -= 1
            if not clock.depth:
                clock.templates += time.perf_counter() - began

    template_base.Template.render = timed_render
    try:
        with connection.execute_wrapper(clock.sql_wrapper):
            yield clock
    finally:
        template_base.Template.render = original_render


def sample_interleaved(targets: dict, repeat: int, rounds: int = 4) -> dict[str, list[float]]:
    """Milliseconds per request of each target (label → (browser, url)), `repeat` warm requests each, taken in
    `rounds` rounds over all targets: a machine getting busier or quieter during the run biases none of them."""
    for label, (browser, url) in targets.items():
        status = browser.get(url).status_code  # warm
        if status != 200:
            raise RuntimeError(f"{label} ({url}) answers {status}: nothing to measure")
    samples = {label: [] for label in targets}
    rounds = max(1, min(rounds, repeat))
    for round_number in range(rounds):
        count = repeat // rounds + (round_number < repeat % rounds)
        for label, (browser, url) in targets.items():
            for _ in range(count):
                began = time.perf_counter()
                browser.get(url)
                samples[label].append((time.perf_counter() - began) * 1000)
    return samples


def percentiles(samples: list[float]) -> tuple[float, float]:
    """(p50, p95) of some samples."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(int(len(ordered) * 0.95) - 1, 0)]


def time_page(browser, url, repeat: int, samples: list[float] | None = None) -> PageTiming:
    """p50/p95 over `repeat` warm requests (or the samples given), then the mean breakdown over as many more."""
    if samples is None:
        samples = sample_interleaved({url: (browser, url)}, repeat, rounds=1)[url]
    p50, p95 = percentiles(samples)
    total = 0.0
    with _clocked() as clock:
        for _ in range(repeat):
            began = time.perf_counter()
            browser.get(url)
            total += time.perf_counter() - began
    per_request = 1000 / repeat
    templates = clock.templates - clock.sql_in_templates
    return PageTiming(
        p50_ms=p50,
        p95_ms=p95,
        sql_ms=clock.sql * per_request,
        template_ms=templates * per_request,
        rest_ms=(total - clock.sql - templates) * per_request,
    )


def profile_page(browser, url, repeat: int, max_lines: int = 70) -> str:
    """pyinstrument's call tree over `repeat` requests (Django's own frames folded), as text."""
    from pyinstrument import Profiler

    browser.get(url)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(repeat):
        browser.get(url)
    profiler.stop()
    lines = profiler.output_text(unicode=False, color=False).splitlines()
    body = [line for line in lines if line.strip()]
    return "\n".join(body[:max_lines])


def refresh_planner_statistics() -> None:
    """ANALYZE after a bulk load, on PostgreSQL, as its manual advises.

    Right after the demo command has written thousands of rows, PostgreSQL still plans from the statistics of
    the empty tables until autovacuum's next pass (up to a minute later), and picks sequential scans: the
    client list among 100 users took 7.8 ms of SQL instead of 1.2. SQLite keeps no statistics unless asked,
    and the app never asks, so nothing is done there.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
