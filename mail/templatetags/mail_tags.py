"""The mail facts of a request, for its triage page: the original message, the client's answers."""

from django import template

from ..models import InboundKind
from ..selectors import inbound_thread

register = template.Library()


@register.inclusion_tag("mail/request_mail_facts.html", takes_context=True)
def request_mail_facts(context, incoming) -> dict:
    """One query: the messages read about this request, owner-scoped like every read."""
    thread = inbound_thread(owner=context["request"].user, incoming_id=incoming.pk)
    original = next((m for m in thread if m.kind == InboundKind.REQUEST), None)
    answers = [m for m in thread if m.kind == InboundKind.ANSWER]
    return {
        "incoming": incoming,
        "original": original,
        "answers": answers,
        "latest_answer": answers[-1] if answers else None,
    }
