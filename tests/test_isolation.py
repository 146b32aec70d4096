"""No user ever reads or changes another user's data: every URL of the app, tried with another user's ids.

The URL patterns are read from the URLconf, so a new page with an id in its URL is covered the day it
lands, and a new kind of id fails this test until it is added to tests/urlcrawl.py.
"""

import pytest
from django.urls import reverse

from tests.urlcrawl import OBJECT_MAKERS, SECRET_MARKERS, patterns_with_owned_ids, unknown_keywords

pytestmark = pytest.mark.django_db


def test_every_id_in_a_url_is_known_to_this_test():
    assert not unknown_keywords(), "add these URL keywords to tests/urlcrawl.py OBJECT_MAKERS"


@pytest.mark.parametrize("url_name, kwargs", patterns_with_owned_ids(), ids=lambda v: v if isinstance(v, str) else "")
def test_another_user_gets_404_and_sees_nothing(client, owner, other_user, url_name, kwargs):
    objects = {kwarg: OBJECT_MAKERS[kwarg](owner) for kwarg in kwargs}
    url = reverse(url_name, kwargs={kwarg: obj.pk for kwarg, obj in objects.items()})
    client.force_login(other_user)
    statuses = []
    for method in (client.get, client.post):
        response = method(url)
        statuses.append(response.status_code)
        assert response.status_code in (404, 405), f"{method.__name__.upper()} {url} → {response.status_code}"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert not any(marker in body for marker in SECRET_MARKERS)
    assert 404 in statuses
    for obj in objects.values():
        assert type(obj).objects.get(pk=obj.pk).updated_at == obj.updated_at  # untouched
