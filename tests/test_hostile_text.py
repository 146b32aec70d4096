"""Whatever a user or a prospect types is shown as text, never run as markup: every text field of every
model holds an XSS payload, and every page that shows it must escape it."""

import pytest
from django.db import models
from django.urls import reverse

from tests.urlcrawl import OBJECT_MAKERS, TOKEN_KWARGS, url_patterns
from workspace.backup import owned_models

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("tact")</script><img src=x onerror=alert(1)>'
SHORT_PAYLOAD = "<b>x</b>"
RAW_MARKERS = ["<script>alert(", "<img src=x onerror", "<b>x</b>"]


def text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not field.unique
        and field.name not in {"currency", "company_number", "subject_key", "period"}
    ]


def poison_every_text_field(owner) -> int:
    poisoned = 0
    for model in owned_models():
        for field in text_fields(model):
            limit = field.max_length or 10_000
            value = PAYLOAD if len(PAYLOAD) <= limit else SHORT_PAYLOAD if len(SHORT_PAYLOAD) <= limit else None
            if value:
                poisoned += model.objects.filter(owner=owner).update(**{field.name: value})
    return poisoned


def test_every_page_escapes_text_typed_by_users(client, owner):
    objects = {kwarg: make(owner) for kwarg, make in OBJECT_MAKERS.items()}
    assert poison_every_text_field(owner) > 20
    client.force_login(owner)
    checked, leaks = 0, []
    for name, kwargs in url_patterns():
        if any(k in TOKEN_KWARGS for k in kwargs) or not all(k in objects for k in kwargs):
            continue
        url = reverse(name, kwargs={k: objects[k].pk for k in kwargs})
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        body = response.content.decode()
        checked += 1
        leaks += [(url, marker) for marker in RAW_MARKERS if marker in body]
    assert checked > 10
    assert leaks == []
