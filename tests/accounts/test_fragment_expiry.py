"""A cached fragment that says "3 minutes ago" is only served while it still reads right (accounts/cache.py)."""

import re
from datetime import timedelta

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from accounts import formatting

pytestmark = pytest.mark.django_db

FRAGMENT = engines["django"].from_string(
    '{% load owner_cache tact %}{% owner_cache "expiry-test" %}[{{ label }} {{ when|ago }}]{% endowner_cache %}'
)
NESTED = engines["django"].from_string(
    '{% load owner_cache tact %}{% owner_cache "expiry-outer" %}({{ label }} '
    '{% owner_cache "expiry-inner" %}{{ when|ago }}{% endowner_cache %}){% endowner_cache %}'
)
STILL = engines["django"].from_string(
    '{% load owner_cache %}{% owner_cache "expiry-still" %}{{ label }}{% endowner_cache %}'
)


@pytest.fixture
def clock(monkeypatch):
    """timezone.now() moved by hand; every reader of the clock (the filter, the cache) sees the same time."""
    state = {"now": timezone.now()}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return state


def render(template, owner, **context) -> str:
    request = RequestFactory().get("/")
    request.user = owner
    return re.sub(r"<[^>]+>", "", template.render(context, request)).replace("\u00a0", " ")  # the words read


def test_a_fragment_saying_how_long_ago_is_served_until_that_changes(owner, clock):
    arrived = clock["now"] - timedelta(minutes=5, seconds=10)
    assert "[first 5 minutes ago]" in render(FRAGMENT, owner, label="first", when=arrived)
    clock["now"] += timedelta(seconds=40)
    assert "[first 5 minutes ago]" in render(FRAGMENT, owner, label="second", when=arrived)  # from the cache
    clock["now"] += timedelta(seconds=15)  # 6 minutes and 5 seconds after
    assert "[second 6 minutes ago]" in render(FRAGMENT, owner, label="second", when=arrived)


def test_an_outer_fragment_expires_with_the_inner_one_even_when_the_inner_came_from_the_cache(owner, clock):
    arrived = clock["now"] - timedelta(hours=2, minutes=59)
    assert "(one 2 hours ago)" in render(NESTED, owner, label="one", when=arrived)
    clock["now"] += timedelta(seconds=30)
    assert "(one 2 hours ago)" in render(NESTED, owner, label="two", when=arrived)
    clock["now"] += timedelta(seconds=31)  # three hours after
    assert "(two 3 hours ago)" in render(NESTED, owner, label="two", when=arrived)


def test_a_fragment_without_a_relative_time_is_kept_past_the_minute(owner, clock):
    assert render(STILL, owner, label="kept") == "kept"
    clock["now"] += timedelta(minutes=10)
    assert render(STILL, owner, label="changed without a write") == "kept"


@pytest.mark.parametrize(
    "age",
    [
        timedelta(seconds=20),
        timedelta(minutes=1),
        timedelta(minutes=59, seconds=59),
        timedelta(hours=5, minutes=1),
        timedelta(days=1, hours=23),
        timedelta(days=13, hours=2),
        timedelta(days=40),
        timedelta(days=800, minutes=3),
        -timedelta(days=2, hours=1),
    ],
    ids=str,
)
def test_the_text_never_changes_before_the_moment_given(age):
    now = timezone.now()
    value = now - age
    changes_at = formatting.ago_changes_at(value, now)
    assert changes_at > now
    assert formatting.ago(value, changes_at - timedelta(microseconds=1)) == formatting.ago(value, now)
    if timedelta(0) < age < timedelta(days=1):  # minutes and hours change exactly then
        assert formatting.ago(value, changes_at) != formatting.ago(value, now)
