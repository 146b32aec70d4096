"""Client pages: thin views that parse a form, call a selector or a service, and render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from accounts.widgets import with_plain_selects

from . import services
from .csv_io import ImportFileError, decode
from .forms import (
    BlacklistAddForm,
    BlacklistForm,
    ClientForm,
    ClientImportForm,
    RedFlagForm,
    WithdrawForm,
)
from .matching import client_find_matches
from .models import RedFlagKind, RedFlagStatus
from .selectors import (
    client_get,
    client_import_preview,
    red_flag_get,
)

IMPORT_SESSION_KEY = "clients_import"


def _add_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "POST"])
def client_create_view(request: HttpRequest) -> HttpResponse:
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client = services.client_create(owner=request.user, **form.service_fields())
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Client added."))
            _warn_about_matches(request, client)
            return redirect("clients:client_detail", client_id=client.pk)
    return render(request, "clients/client_form.html", {"form": form})


def _warn_about_matches(request: HttpRequest, client) -> None:
    report = client_find_matches(
        owner=request.user,
        name=client.name,
        company=client.company,
        email=client.email,
        phone=client.phone,
        company_number=client.company_number,
        exclude_client_id=client.pk,
    )
    for match in report.matches[:3]:
        messages.warning(
            request,
            _("This may be the same client as %(other)s (%(reasons)s).")
            % {"other": match.client, "reasons": ", ".join(str(label) for label in match.reason_labels)},
        )


@require_http_methods(["GET", "POST"])
def client_edit_view(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get(owner=request.user, client_id=client_id)
    form = ClientForm(request.POST or None, instance=client)
    if request.method == "POST" and form.is_valid():
        try:
            services.client_update(client=client, **form.service_fields())
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Client saved."))
            return redirect("clients:client_detail", client_id=client.pk)
    return render(request, "clients/client_form.html", {"form": form, "client": client})


@require_POST
def client_archive_view(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get(owner=request.user, client_id=client_id)
    services.client_archive(client=client)
    messages.success(request, _("Client archived: hidden from lists, history kept."))
    return redirect("clients:client_detail", client_id=client.pk)


@require_POST
def client_unarchive_view(request: HttpRequest, client_id: int) -> HttpResponse:
    client = client_get(owner=request.user, client_id=client_id)
    services.client_unarchive(client=client)
    messages.success(request, _("Client restored."))
    return redirect("clients:client_detail", client_id=client.pk)


# --- Red flags -----------------------------------------------------------------------------------


def _preselect(request: HttpRequest, form: RedFlagForm) -> None:
    """?incoming=<id>, ?project=<id> and ?kind=<kind> preselect the link, if they are this client's."""
    for name in ("incoming", "project"):
        value = request.GET.get(name, "")
        if value.isdigit() and form.fields[name].queryset.filter(pk=value).exists():
            form.initial[name] = int(value)
    if request.GET.get("kind") in RedFlagKind.values:
        form.initial["kind"] = request.GET["kind"]


@require_http_methods(["GET", "POST"])
def red_flag_add_view(request: HttpRequest, client_id: int) -> HttpResponse:
    """Also reached from a request or a project page with ?incoming=<id> or ?project=<id>."""
    client = client_get(owner=request.user, client_id=client_id)
    form_kwargs = {"owner": request.user, "client": client}
    if request.method == "POST":
        form = RedFlagForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                services.red_flag_add(owner=request.user, client=client, **form.cleaned_data)
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, _("Red flag added."))
                return redirect(reverse("clients:client_detail", args=[client.pk]) + "#flags")
    else:
        form = RedFlagForm(initial={"occurred_on": timezone.localdate()}, **form_kwargs)
        _preselect(request, form)
    return render(request, "clients/red_flag_form.html", {"form": form, "client": client})


@require_http_methods(["GET", "POST"])
def red_flag_edit_view(request: HttpRequest, red_flag_id: int) -> HttpResponse:
    flag = red_flag_get(owner=request.user, red_flag_id=red_flag_id)
    client = flag.client
    if flag.status == RedFlagStatus.WITHDRAWN:
        messages.error(request, _("A withdrawn flag is kept as it was."))
        return redirect("clients:client_detail", client_id=client.pk)
    form = RedFlagForm(request.POST or None, instance=flag, owner=request.user, client=client)
    if request.method == "POST" and form.is_valid():
        try:
            services.red_flag_update(red_flag=flag, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Red flag saved."))
            return redirect(reverse("clients:client_detail", args=[client.pk]) + "#flags")
    return render(request, "clients/red_flag_form.html", {"form": form, "client": client, "flag": flag})


@require_http_methods(["GET", "POST"])
def red_flag_withdraw_view(request: HttpRequest, red_flag_id: int) -> HttpResponse:
    flag = red_flag_get(owner=request.user, red_flag_id=red_flag_id)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.red_flag_withdraw(red_flag=flag, reason=form.cleaned_data["reason"])
        except services.RedFlagConflict as conflict:
            messages.error(request, str(conflict))
        else:
            messages.success(request, _("Red flag withdrawn; it stays in the history."))
        return redirect(reverse("clients:client_detail", args=[flag.client_id]) + "#flags")
    return render(request, "clients/red_flag_withdraw.html", {"form": form, "flag": flag, "client": flag.client})


@require_POST
def red_flag_confirm_view(request: HttpRequest, red_flag_id: int) -> HttpResponse:
    flag = red_flag_get(owner=request.user, red_flag_id=red_flag_id)
    dismiss = request.POST.get("action") == "dismiss"
    try:
        if dismiss:
            services.red_flag_dismiss(red_flag=flag)
        else:
            services.red_flag_confirm(red_flag=flag)
    except services.RedFlagConflict as conflict:
        messages.error(request, str(conflict))
    else:
        messages.success(request, _("Proposed flag dismissed.") if dismiss else _("Red flag confirmed."))
    return redirect(reverse("clients:client_detail", args=[flag.client_id]) + "#flags")


# --- Blacklist -----------------------------------------------------------------------------------


def _blacklist_change(request: HttpRequest, client_id: int, *, lift: bool) -> HttpResponse:
    client = client_get(owner=request.user, client_id=client_id)
    form = with_plain_selects((BlacklistForm if lift else BlacklistAddForm)(request.POST or None))
    if request.method == "POST" and form.is_valid():
        service = services.client_blacklist_lift if lift else services.client_blacklist
        try:
            service(owner=request.user, client=client, **form.cleaned_data)
        except services.BlacklistConflict as conflict:
            messages.error(request, str(conflict))
            return redirect("clients:client_detail", client_id=client.pk)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Blacklisting lifted.") if lift else _("Client blacklisted."))
            return redirect("clients:client_detail", client_id=client.pk)
    return render(request, "clients/blacklist_form.html", {"form": form, "client": client, "lift": lift})


@require_http_methods(["GET", "POST"])
def client_blacklist_view(request: HttpRequest, client_id: int) -> HttpResponse:
    return _blacklist_change(request, client_id, lift=False)


@require_http_methods(["GET", "POST"])
def client_blacklist_lift_view(request: HttpRequest, client_id: int) -> HttpResponse:
    return _blacklist_change(request, client_id, lift=True)


# --- CSV import ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def client_import_view(request: HttpRequest) -> HttpResponse:
    """Upload, then preview: nothing is written until the user confirms."""
    form = ClientImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = decode(upload.read())
            rows = client_import_preview(owner=request.user, text=text)
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            request.session[IMPORT_SESSION_KEY] = {"text": text, "filename": upload.name}
            return render(request, "clients/client_import_preview.html", _preview_context(rows, upload.name))
    pending = request.session.get(IMPORT_SESSION_KEY)
    if request.method == "GET" and pending:
        try:
            rows = client_import_preview(owner=request.user, text=pending["text"])
        except ImportFileError:
            request.session.pop(IMPORT_SESSION_KEY, None)
        else:
            return render(request, "clients/client_import_preview.html", _preview_context(rows, pending["filename"]))
    return render(request, "clients/client_import.html", {"form": form})


def _preview_context(rows, filename: str) -> dict:
    importable = [row for row in rows if row.importable]
    return {
        "rows": rows,
        "filename": filename,
        "importable_count": len(importable),
        "skipped_count": len(rows) - len(importable),
    }


@require_POST
def client_import_confirm_view(request: HttpRequest) -> HttpResponse:
    pending = request.session.pop(IMPORT_SESSION_KEY, None)
    if not pending:
        messages.error(request, _("There is no file waiting to be imported; upload it again."))
        return redirect("clients:client_import")
    try:
        created, skipped = services.client_import(owner=request.user, text=pending["text"])
    except ImportFileError as error:
        messages.error(request, str(error))
        return redirect("clients:client_import")
    messages.success(
        request,
        ngettext("%(count)d client imported.", "%(count)d clients imported.", len(created)) % {"count": len(created)},
    )
    if skipped:
        messages.warning(
            request,
            ngettext("%(count)d row skipped.", "%(count)d rows skipped.", len(skipped)) % {"count": len(skipped)},
        )
    return redirect("clients:client_list")


@require_POST
def client_import_cancel_view(request: HttpRequest) -> HttpResponse:
    request.session.pop(IMPORT_SESSION_KEY, None)
    messages.info(request, _("Import cancelled: nothing was imported."))
    return redirect("clients:client_list")
