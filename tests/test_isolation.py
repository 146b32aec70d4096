"""No user ever reads or changes another user's data: every URL of the app, tried with another user's ids.

The URL patterns are read from the URLconf, so a new page with an id in its URL is covered the day it
lands, and a new kind of id fails this test until it is added to OBJECT_MAKERS.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests import factories

pytestmark = pytest.mark.django_db

# For each URL keyword: how to make the owner's object it names.
OBJECT_MAKERS = {
    "client_id": lambda owner: factories.ClientFactory(owner=owner, name="Secret Client Ltd"),
    "incoming_id": lambda owner: factories.IncomingRequestFactory(
        client=factories.ClientFactory(owner=owner), title="Secret request"
    ),
    "project_id": lambda owner: factories.ProjectFactory(
        client=factories.ClientFactory(owner=owner), title="Secret project"
    ),
    "invoice_id": lambda owner: factories.InvoiceFactory(
        project=factories.ProjectFactory(client=factories.ClientFactory(owner=owner)), number="SECRET-1"
    ),
    "red_flag_id": lambda owner: factories.RedFlagFactory(
        client=factories.ClientFactory(owner=owner), note="Secret note"
    ),
    "colleague_id": lambda owner: factories.ColleagueFactory(owner=owner, name="Secret Colleague"),
    "referral_id": lambda owner: factories.ReferralFactory(
        colleague=factories.ColleagueFactory(owner=owner), description="Secret referral"
    ),
    "time_off_id": lambda owner: factories.TimeOffFactory(owner=owner, label="Secret holiday"),
    "booking_id": lambda owner: factories.BookingFactory(
        project=factories.ProjectFactory(client=factories.ClientFactory(owner=owner))
    ),
    "template_id": lambda owner: factories.ReplyTemplateFactory(owner=owner, subject="Secret subject"),
    "reply_template_id": lambda owner: factories.ReplyTemplateFactory(owner=owner, subject="Secret subject"),
}
# Public pages reached by a secret token instead of a login: tested in their own modules.
PUBLIC_TOKEN_KWARGS = {"token"}
SECRET_MARKERS = [b"Secret", b"SECRET-1"]


def _walk(resolver: URLResolver, prefix: str = "", namespace: str | None = None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if inner == "admin":
                continue  # the operator's Django admin: staff only, tested by Django itself
            yield from _walk(entry, prefix + str(entry.pattern), f"{inner}" if inner else None)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry.pattern.converters.keys()


def url_patterns_with_ids():
    return sorted(
        {(name, tuple(sorted(kwargs))) for name, kwargs in _walk(get_resolver()) if kwargs},
    )


def test_every_id_in_a_url_is_known_to_this_test():
    unknown = {
        kwarg
        for _name, kwargs in url_patterns_with_ids()
        for kwarg in kwargs
        if kwarg not in OBJECT_MAKERS and kwarg not in PUBLIC_TOKEN_KWARGS and not kwarg.startswith(("uidb", "tok"))
    }
    assert not unknown, f"add these URL keywords to OBJECT_MAKERS: {sorted(unknown)}"


@pytest.mark.parametrize(
    "url_name, kwargs",
    [p for p in url_patterns_with_ids() if all(k in OBJECT_MAKERS for k in p[1])],
    ids=lambda value: value if isinstance(value, str) else ",".join(value),
)
def test_another_user_gets_404_and_sees_nothing(client, owner, other_user, url_name, kwargs):
    objects = {kwarg: OBJECT_MAKERS[kwarg](owner) for kwarg in kwargs}
    url = reverse(url_name, kwargs={kwarg: obj.pk for kwarg, obj in objects.items()})
    client.force_login(other_user)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code in (404, 405), f"{method.__name__.upper()} {url} → {response.status_code}"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert not any(marker in body for marker in SECRET_MARKERS)
    assert any(method(url).status_code == 404 for method in (client.get, client.post))
    for obj in objects.values():
        assert type(obj).objects.get(pk=obj.pk).updated_at == obj.updated_at  # untouched
