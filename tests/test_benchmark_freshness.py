"""CI's stale-page guard (benchmarks/freshness.py): it passes on the app as it is, and fails on a page that a
cache keeps serving after a write."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.http import HttpResponse

from benchmarks.freshness import freshness_check

CHECKED_PAGES = {
    "client list",
    "client page",
    "triage",
    "calendar",
    "network",
    "colleague list",
    "colleague page",
    "dashboard",
    "requests",
    "blacklist",
    "search",
}


@pytest.fixture
def demo_owner(db):
    call_command("demo", user="fresh", password="bench-password-1", scale=1, verbosity=0)
    return get_user_model().objects.get(username="fresh")


def _checked(lines: list[str]) -> dict[str, str]:
    """page → the table row's verdicts ("yes | yes" when the page changed and matched a fresh render)."""
    rows = [line.strip("| ").split(" | ") for line in lines if line.startswith("| ") and not line.startswith("| page")]
    return {cells[0]: " | ".join(cells[2:]) for cells in rows}


def test_every_checked_page_shows_a_write_at_once(client, demo_owner):
    client.force_login(demo_owner)

    lines, problems = freshness_check(client, demo_owner)

    assert problems == []
    assert _checked(lines) == {page: "yes | yes" for page in CHECKED_PAGES}


class PerUserPageCache:
    """The bug the check is for: each user's pages cached by path, with nothing to invalidate them on a write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = f"page:{request.user.pk}:{request.get_full_path()}"
        body = cache.get(key)
        if body is None:
            response = self.get_response(request)
            if response.status_code == 200:
                cache.set(key, response.content, 600)
            return response
        return HttpResponse(body)


def test_pages_a_cache_keeps_serving_after_a_write_fail_the_check(client, demo_owner, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.PerUserPageCache"]
    client.force_login(demo_owner)

    lines, problems = freshness_check(client, demo_owner)

    assert _checked(lines) == {page: "NO | NO" for page in CHECKED_PAGES}
    stale = [problem for problem in problems if "did not change after a write" in problem]
    assert len(stale) == len(CHECKED_PAGES)
    assert any(problem.startswith("stale data: calendar (/calendar/)") for problem in stale)
