"""The pages over the whole workspace: reminders, search, backup, restore and account deletion."""

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from accounts.auth_views import end_session_after_too_many_wrong_passwords
from accounts.background import enqueue_after_commit
from accounts.cache import OnDemand
from accounts.htmx import partial_requested
from accounts.listing import paginate
from accounts.models import get_owned_or_404
from accounts.throttle import password_check_failed, password_checks_exhausted

from .backup import (
    BackupError,
    account_delete,
    backup_dumps,
    backup_export,
    restore_job_active,
    restore_job_is_stale,
    restore_job_latest,
    restore_job_start,
)
from .forms import DeleteAccountForm, RestoreForm
from .models import Reminder
from .notifications import reminder_list, reminder_mark_read, reminder_text, reminder_url
from .search import MIN_LENGTH, global_search
from .tasks import restore_backup_task


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@require_http_methods(["GET"])
def reminder_list_view(request: HttpRequest) -> HttpResponse:
    page = paginate(request, reminder_list(owner=request.user))
    items = [(reminder, reminder_text(reminder), reminder_url(reminder)) for reminder in page]
    return render(request, "workspace/reminder_list.html", {"page": page, "items": items})


@require_POST
def reminder_read_view(request: HttpRequest, reminder_id: int) -> HttpResponse:
    get_owned_or_404(Reminder, owner=request.user, pk=reminder_id)
    reminder_mark_read(owner=request.user, reminder_id=reminder_id)
    return redirect("reminder_list")


@require_POST
def reminder_read_all_view(request: HttpRequest) -> HttpResponse:
    count = reminder_mark_read(owner=request.user)
    messages.success(
        request,
        ngettext("%(count)d reminder marked as read.", "%(count)d reminders marked as read.", count) % {"count": count},
    )
    return redirect("reminder_list")


@require_GET
def backup_download_view(request: HttpRequest) -> HttpResponse:
    if restore_job_active(owner=request.user):
        messages.error(request, _("A backup is being restored into this account: download one once it has ended."))
        return redirect("backup_restore")
    document = backup_dumps(backup_export(owner=request.user))
    response = HttpResponse(document, content_type="application/json; charset=utf-8")
    filename = f"tact-backup-{request.user.username}-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"  # the user's whole data: no browser or proxy cache keeps a copy
    return response


@require_http_methods(["GET", "POST"])
def backup_restore_view(request: HtmxHttpRequest) -> HttpResponse:
    """Upload a backup, then follow its restore (a background job) on this same page."""
    job = restore_job_latest(owner=request.user)
    form = RestoreForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        if job and restore_job_is_stale(job):  # its worker stopped: send it again, it finishes or undoes itself
            enqueue_after_commit(restore_backup_task, job.pk)
            form.add_error(None, _("The previous restore had stopped; it has been sent again. Try once it has ended."))
        else:
            try:
                job = restore_job_start(
                    owner=request.user, document=form.cleaned_data["backup"], language=get_language() or ""
                )
            except BackupError as error:
                form.add_error("backup", error.messages)
            else:
                enqueue_after_commit(restore_backup_task, job.pk)
                return redirect("backup_restore")
    template = "workspace/backup_restore.html"
    if partial_requested(request):
        template += "#restore"
    stale = bool(job and restore_job_is_stale(job))
    return render(request, template, {"form": form, "job": job, "stale": stale})


@require_http_methods(["GET", "POST"])
def account_delete_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and password_checks_exhausted(request):
        return end_session_after_too_many_wrong_passwords(request)
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and not form.is_valid() and "password" in form.errors:
        password_check_failed(request)
        if password_checks_exhausted(request):
            return end_session_after_too_many_wrong_passwords(request)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        account_delete(owner=user)
        messages.success(request, _("Your account and all your data are deleted."))
        return redirect("login")
    return render(request, "workspace/account_delete.html", {"form": form})


@require_GET
def search_view(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    live = partial_requested(request)
    # Read on demand: the results are a cached fragment (templates/workspace/search.html).
    results = OnDemand(lambda: global_search(owner=request.user, query=query, limit=5 if live else 25))
    template = "workspace/search.html#results" if live else "workspace/search.html"
    context = {"results": results, "query": query, "live": live, "min_length": MIN_LENGTH}
    return render(request, template, context)
