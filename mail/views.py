"""The mail settings page and its actions, and the page of one message read from the mailbox."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .forms import MailAccountForm
from .models import FailureKind
from .selectors import inbound_counts, inbound_message_get, inbound_skipped_recent, inbound_thread, mail_account_get
from .services import (
    mail_account_check,
    mail_account_delete,
    mail_account_enable,
    mail_account_read_soon,
    mail_account_save,
)


@require_http_methods(["GET", "POST"])
def mail_settings_view(request: HttpRequest) -> HttpResponse:
    account = mail_account_get(owner=request.user)
    initial = {} if account else {"address": request.user.email, "imap_login": request.user.email}
    form = MailAccountForm(request.POST or None, instance=account, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            mail_account_save(owner=request.user, **form.account_fields())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your mail settings are saved. Test the connection to be sure they work."))
            return redirect("mail:settings")
    context = {
        "form": form,
        "account": account,
        "error_label": FailureKind(account.last_error_kind).label if account and account.last_error_kind else "",
        "counts": inbound_counts(owner=request.user) if account else {},
        "skipped": inbound_skipped_recent(owner=request.user) if account else [],
    }
    return render(request, "mail/settings.html", context, status=400 if form.errors else 200)


@require_POST
def mail_check_view(request: HttpRequest) -> HttpResponse:
    """Connect now and say which step failed, if one did."""
    result = mail_account_check(owner=request.user)
    if result is None:
        messages.error(request, _("Save your mail settings first."))
    elif result.ok:
        messages.success(request, result.message)
    else:
        messages.error(request, result.message)
    return redirect("mail:settings")


@require_POST
def mail_read_now_view(request: HttpRequest) -> HttpResponse:
    if mail_account_read_soon(owner=request.user):
        messages.success(request, _("Tact is reading your mailbox: new requests appear in the inbox in a moment."))
    else:
        messages.error(request, _("Reading is stopped: resume it first."))
    return redirect("mail:settings")


@require_POST
def mail_enable_view(request: HttpRequest) -> HttpResponse:
    """Stop reading the mailbox, or resume it; what was read stays."""
    enabled = request.POST.get("enabled") == "1"
    if mail_account_enable(owner=request.user, enabled=enabled) is not None:
        if enabled:
            messages.success(request, _("Tact reads your mailbox again."))
        else:
            messages.success(request, _("Tact no longer reads your mailbox. The requests already read stay."))
    return redirect("mail:settings")


@require_http_methods(["GET", "POST"])
def mail_delete_view(request: HttpRequest) -> HttpResponse:
    account = mail_account_get(owner=request.user)
    if account is None:
        return redirect("mail:settings")
    if request.method == "POST":
        mail_account_delete(owner=request.user)
        messages.success(request, _("Your mail settings and passwords are deleted. The requests already read stay."))
        return redirect("mail:settings")
    return render(request, "mail/delete.html", {"account": account})


@require_GET
def message_detail_view(request: HttpRequest, message_id: int) -> HttpResponse:
    """A message as it was read: who sent it, when, its text and its attachments; and the rest of its thread."""
    message = inbound_message_get(owner=request.user, message_id=message_id)
    thread = inbound_thread(owner=request.user, incoming_id=message.incoming_id) if message.incoming_id else []
    return render(
        request, "mail/message_detail.html", {"message": message, "others": [m for m in thread if m.pk != message.pk]}
    )
