"""Every state change needs the CSRF token: a forged POST to any URL of the app changes nothing."""

import pytest
from django.test import Client as BrowserClient
from django.urls import reverse

from tests.urlcrawl import OBJECT_MAKERS, url_patterns

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name, kwargs",
    [(n, k) for n, k in url_patterns() if all(kw in OBJECT_MAKERS for kw in k)],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_a_post_without_csrf_token_is_refused(owner, url_name, kwargs):
    browser = BrowserClient(enforce_csrf_checks=True)
    browser.force_login(owner)
    objects = {kwarg: OBJECT_MAKERS[kwarg](owner) for kwarg in kwargs}
    url = reverse(url_name, kwargs={kwarg: obj.pk for kwarg, obj in objects.items()})
    response = browser.post(url, {"reason": "forged", "name": "forged", "title": "forged"})
    assert response.status_code in (403, 405), f"POST {url} → {response.status_code}"
    for obj in objects.values():
        assert type(obj).objects.get(pk=obj.pk).updated_at == obj.updated_at
