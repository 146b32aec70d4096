"""No GET changes anything: every page of the app, opened by its owner, leaves every row as it was."""

import pytest
from django.urls import reverse

from accounts.models import Profile
from tests.urlcrawl import OBJECT_MAKERS, TOKEN_KWARGS, url_patterns
from workspace.backup import owned_models

pytestmark = pytest.mark.django_db


def snapshot(owner):
    rows = {
        model._meta.label: sorted(model.objects.filter(owner=owner).values_list("pk", "updated_at"))
        for model in owned_models()
    }
    rows["profile"] = list(Profile.objects.filter(user=owner).values_list("intake_token", "calendar_token"))
    return rows


def test_opening_every_page_changes_nothing(client, owner):
    objects = {kwarg: make(owner) for kwarg, make in OBJECT_MAKERS.items()}
    client.force_login(owner)
    before = snapshot(owner)
    opened = 0
    for name, kwargs in url_patterns():
        if name in {"logout"} or any(k in TOKEN_KWARGS for k in kwargs) or not all(k in objects for k in kwargs):
            continue
        response = client.get(reverse(name, kwargs={k: objects[k].pk for k in kwargs}))
        assert response.status_code < 500
        opened += 1
    assert opened > 40
    assert snapshot(owner) == before
