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


def time_page(browser, url, repeat: int) -> PageTiming:
    """p50/p95 over `repeat` warm requests, then the mean breakdown over as many more."""
    browser.get(url)  # warm
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        browser.get(url)
        samples.append((time.perf_counter() - began) * 1000)
    samples.sort()
    total = 0.0
    with _clocked() as clock:
        for _ in range(repeat):
            began = time.perf_counter()
            browser.get(url)
            total += time.perf_counter() - began
    per_request = 1000 / repeat
    templates = clock.templates - clock.sql_in_templates
    return PageTiming(
        p50_ms=statistics.median(samples),
        p95_ms=samples[max(int(len(samples) * 0.95) - 1, 0)],
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
