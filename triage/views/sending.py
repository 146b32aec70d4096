"""A reply sent from the triage page: send it now or again, or say it left after an interrupted send.

Each action is a POST on the user's own reply (another's answers 404) and comes back to the request's page.
Sending itself is always the task's claim: two clicks, or a click and an automatic retry, send once.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mail.outbox import reply_resend_interrupted, reply_send_again
from mail.sending import outbound_get, outbound_mark_sent


def _back(outbound) -> HttpResponse:
    return redirect("projects:incoming_detail", incoming_id=outbound.incoming_id)


def _unchanged(request: HttpRequest) -> None:
    messages.warning(request, _("This reply is no longer in that state: nothing was changed."))


@require_POST
def outbound_send_view(request: HttpRequest, outbound_id: int) -> HttpResponse:
    """Send a reply that failed, or that has waited too long for its task."""
    outbound = outbound_get(owner=request.user, outbound_id=outbound_id)
    if reply_send_again(owner=request.user, outbound=outbound):
        messages.info(request, _("Sending your reply to %(email)s.") % {"email": outbound.to_address})
    else:
        _unchanged(request)
    return _back(outbound)


@require_POST
def outbound_resend_view(request: HttpRequest, outbound_id: int) -> HttpResponse:
    """An interrupted reply the user did not find in their Sent folder: send it again, on their word."""
    outbound = outbound_get(owner=request.user, outbound_id=outbound_id)
    if reply_resend_interrupted(owner=request.user, outbound=outbound):
        messages.info(request, _("Sending your reply to %(email)s again.") % {"email": outbound.to_address})
    else:
        _unchanged(request)
    return _back(outbound)


@require_POST
def outbound_mark_sent_view(request: HttpRequest, outbound_id: int) -> HttpResponse:
    """An interrupted reply the user found in their Sent folder: it left, nothing more to do."""
    outbound = outbound_get(owner=request.user, outbound_id=outbound_id)
    if outbound_mark_sent(owner=request.user, outbound=outbound):
        messages.success(request, _("Noted: the reply was sent."))
    else:
        _unchanged(request)
    return _back(outbound)
