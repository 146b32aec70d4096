"""How a user's pages grow with the years of their history (issue #20): 1, 10 and 50 years, in one database.

Three demo users, at scales 1, 10 and 50, are measured in-process in interleaved rounds. The lists are
paginated and triage reads a window of the calendar, so their time must stay flat; the report says whether it
does (within FLAT of the one-year time), without failing the run: timings vary by machine.
"""

import time

from benchmarks.timing import percentiles, sample_interleaved

SCALES = (1, 10, 50)
FLAT = 1.2  # 50 years at most 20 % slower than one
MUST_STAY_FLAT = (
    "projects:incoming_list",
    "projects:incoming_detail",
    "clients:client_list",
    "clients:blacklist",
    "referrals:colleague_list",
)


def growth_measure(*, users: dict, browsers: dict, urls: dict, pages: list[str], repeat: int) -> dict:
    """name → {scale: p50 ms}; `users`, `browsers` and `urls` are keyed by scale, the missing scales built here."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client as BrowserClient

    from benchmarks.pages import page_urls
    from benchmarks.timing import refresh_planner_statistics
    from tests.urlcrawl import url_patterns

    for scale in SCALES:
        if scale in users:
            continue
        started = time.monotonic()
        call_command("demo", user=f"bench{scale}", password="bench-password-1", scale=scale, verbosity=0)
        print(f"demo --scale {scale}: {time.monotonic() - started:.1f} s", flush=True)
        users[scale] = get_user_model().objects.get(username=f"bench{scale}")
        browsers[scale] = BrowserClient()
        browsers[scale].force_login(users[scale])
        urls[scale] = page_urls(users[scale], url_patterns())
    refresh_planner_statistics()
    targets = {
        (name, scale): (browsers[scale], urls[scale][name]) for name in pages for scale in SCALES if name in urls[scale]
    }
    samples = sample_interleaved(targets, repeat)
    result = {}
    for (name, scale), values in samples.items():
        result.setdefault(name, {})[scale] = percentiles(values)[0]
    return result


def growth_render(result: dict) -> list[str]:
    first, *_, last = SCALES
    lines = [
        "",
        "## Growth with the years of history",
        "",
        f"In-process p50 (ms) of one user's pages at {', '.join(str(s) for s in SCALES)} years of demo history, "
        f"in one database, measured in interleaved rounds. The demo multiplies the present with the past (at "
        f"{last} years the inbox holds {last}× the waiting requests of one year), so pages that show the present "
        f"grow with it; the lists and triage must stay flat (at most {FLAT:g}× the one-year time).",
        "",
        "| page | " + " | ".join(f"{scale} y" for scale in SCALES) + f" | {last} y / {first} y | must stay flat |",
        "|---|" + "---:|" * len(SCALES) + "---:|---|",
    ]
    for name, by_scale in result.items():
        if first not in by_scale or last not in by_scale:
            continue
        ratio = by_scale[last] / by_scale[first]
        verdict = ("met" if ratio <= FLAT else "NOT met") if name in MUST_STAY_FLAT else ""
        figures = " | ".join(f"{by_scale[scale]:.1f}" if scale in by_scale else "" for scale in SCALES)
        lines.append(f"| {name} | {figures} | {ratio:.2f} | {verdict} |")
    return lines
