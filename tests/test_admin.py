"""The operator's Django admin: every model is registered and its list and form pages open."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory
from tests.urlcrawl import OBJECT_MAKERS

pytestmark = pytest.mark.django_db
OUR_APPS = {"accounts", "clients", "projects", "referrals", "triage", "workspace", "mail"}


def test_every_model_of_ours_is_in_the_admin():
    missing = [m.__name__ for m in apps.get_models() if m._meta.app_label in OUR_APPS and m not in admin.site._registry]
    assert missing == []


def test_every_admin_list_and_add_page_opens_for_the_operator(client):
    operator = UserFactory(username="operator", is_staff=True, is_superuser=True)
    for make in OBJECT_MAKERS.values():
        make(operator)
    client.force_login(operator)
    for model in admin.site._registry:
        if model._meta.app_label not in OUR_APPS:
            continue
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert client.get(reverse(f"{prefix}_changelist")).status_code == 200, prefix
        assert client.get(reverse(f"{prefix}_add")).status_code in (200, 403), prefix
