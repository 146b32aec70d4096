"""Every named URL pattern of the app, read from the URLconf, and the objects their ids name."""

import factory
from django.urls import URLPattern, URLResolver, get_resolver

from tests import factories
from triage.models import ReplyTemplate


def _client(owner):
    return factories.ClientFactory(owner=owner, name="Secret Client Ltd")


def _reply_template(owner):
    template = ReplyTemplate.objects.filter(owner=owner).first()
    return template or factories.ReplyTemplateFactory(owner=owner, subject="Secret subject")


def _project(owner):
    return factories.ProjectFactory(client=_client(owner), title="Secret project")


# For each URL keyword: how to make the owner's object it names.
OBJECT_MAKERS = {
    "client_id": _client,
    "incoming_id": lambda owner: factories.IncomingRequestFactory(client=_client(owner), title="Secret request"),
    "project_id": _project,
    "invoice_id": lambda owner: factories.InvoiceFactory(
        project=_project(owner), number=factory.Sequence(lambda n: f"SECRET-{n}")
    ),
    "red_flag_id": lambda owner: factories.RedFlagFactory(client=_client(owner), note="Secret note"),
    "colleague_id": lambda owner: factories.ColleagueFactory(owner=owner, name="Secret Colleague"),
    "referral_id": lambda owner: factories.ReferralFactory(
        colleague=factories.ColleagueFactory(owner=owner), description="Secret referral"
    ),
    "time_off_id": lambda owner: factories.TimeOffFactory(owner=owner, label="Secret holiday"),
    "booking_id": lambda owner: factories.BookingFactory(project=_project(owner)),
    "template_id": _reply_template,
    "reply_template_id": _reply_template,
    "reminder_id": lambda owner: factories.ReminderFactory(incoming__client=_client(owner)),
    "message_id": lambda owner: factories.InboundMessageFactory(
        incoming__client=_client(owner), subject="Secret subject", text="Secret text"
    ),
    "outbound_id": lambda owner: factories.OutboundMessageFactory(
        decision__incoming__client=_client(owner), subject="Secret reply", body="Secret text"
    ),
}
# Public pages reached by a secret token instead of a login: tested in their own modules.
TOKEN_KWARGS = {"token", "uidb64"}
SECRET_MARKERS = [b"Secret", b"SECRET-"]


def _walk(resolver: URLResolver, namespace: str | None = None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if inner == "admin":
                continue  # the operator's Django admin: staff only, protected by Django itself
            yield from _walk(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), tuple(sorted(entry.pattern.converters))


def url_patterns() -> list[tuple[str, tuple[str, ...]]]:
    """(name, keywords) of every named pattern outside the admin."""
    return sorted(set(_walk(get_resolver())))


def patterns_with_owned_ids():
    return [(name, kwargs) for name, kwargs in url_patterns() if kwargs and all(k in OBJECT_MAKERS for k in kwargs)]


def unknown_keywords() -> set[str]:
    return {k for _name, kwargs in url_patterns() for k in kwargs if k not in OBJECT_MAKERS and k not in TOKEN_KWARGS}
