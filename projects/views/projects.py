"""Projects: the list (filters, CSV), the project page with its bookings and invoices, editing."""

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from accounts.htmx import partial_requested
from accounts.listing import csv_response, paginate
from accounts.selectors import profile_get

from ..forms.projects import InvoiceForm, InvoicePaidForm, ProjectFilterForm, ProjectForm, WeeklyPlanForm
from ..ics import calendar_ics
from ..selectors import invoice_get, project_booking_list, project_get, project_invoice_list, project_search
from ..services.projects import (
    invoice_add,
    invoice_mark_paid,
    project_book_evenly,
    project_book_weekly,
    project_create,
    project_update,
    project_weeks,
)
from .calendar import ics_response


def _filtered_projects(request: HttpRequest):
    form = ProjectFilterForm(request.GET or None, owner=request.user)
    form.is_valid()  # an invalid filter is ignored, the valid ones still apply
    filters = getattr(form, "cleaned_data", {})
    projects = project_search(
        owner=request.user,
        q=filters.get("q", ""),
        status=filters.get("status", ""),
        client_id=filters.get("client"),
        order=filters.get("order") or "-start",
    )
    return form, projects


@require_GET
@vary_on_headers("HX-Request")
def project_list_view(request: HttpRequest) -> HttpResponse:
    form, projects = _filtered_projects(request)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": paginate(request, projects),
        "query": query.urlencode(),
        "today": timezone.localdate(),
    }
    template = "projects/project_list.html"
    if partial_requested(request):
        template += "#results"
    return render(request, template, context)


@require_GET
def project_export_view(request: HttpRequest) -> HttpResponse:
    _form, projects = _filtered_projects(request)
    header = [_("Title"), _("Client"), _("Start"), _("End"), _("Hours"), _("Price"), _("Currency"), _("Status")]
    header += [_("Invoices"), _("Invoiced"), _("Overdue invoices")]
    rows = (
        [
            p.title,
            p.client.name,
            p.start.isoformat(),
            p.end.isoformat(),
            p.hours,
            p.price,
            p.currency,
            p.get_status_display(),
            p.invoice_count,
            p.invoiced,
            p.overdue_count,
        ]
        for p in projects.iterator(chunk_size=500)
    )
    return csv_response("projects.csv", header, rows)


@require_http_methods(["GET", "POST"])
def project_create_view(request: HttpRequest) -> HttpResponse:
    currency = profile_get(owner=request.user).currency
    form = ProjectForm(request.POST or None, owner=request.user, initial={"currency": currency})
    if request.method == "POST" and form.is_valid():
        project = project_create(owner=request.user, **form.cleaned_data)
        messages.success(request, _("Project created; its hours are booked in your calendar."))
        return redirect("projects:project_detail", project_id=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": None})


@require_GET
def project_detail_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get(owner=request.user, project_id=project_id)
    invoices = list(project_invoice_list(owner=request.user, project=project))
    context = {
        "project": project,
        "bookings": project_booking_list(owner=request.user, project=project),
        "invoices": invoices,
        "invoiced": sum((invoice.amount for invoice in invoices), 0),
        "invoice_form": InvoiceForm(owner=request.user, initial={"issued_on": timezone.localdate()}),
        "today": timezone.localdate(),
    }
    return render(request, "projects/project_detail.html", context)


@require_http_methods(["GET", "POST"])
def project_edit_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get(owner=request.user, project_id=project_id)
    form = ProjectForm(request.POST or None, instance=project, owner=request.user)
    if request.method == "POST" and form.is_valid():
        saved = project_update(project=project, **form.cleaned_data)
        messages.success(request, _("Project saved; its bookings moved with it."))
        if saved.weekly_plan_reset:
            messages.warning(request, _("Its weekly amounts no longer fit, so its hours are spread evenly again."))
        return redirect("projects:project_detail", project_id=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@require_http_methods(["GET", "POST"])
def project_plan_view(request: HttpRequest, project_id: int) -> HttpResponse:
    """Explicit hours per week instead of an even spread."""
    project = project_get(owner=request.user, project_id=project_id)
    weeks = project_weeks(project)
    if request.method == "POST" and "even" in request.POST:
        project_book_evenly(project=project)
        messages.success(request, _("The project's hours are spread evenly again."))
        return redirect("projects:project_detail", project_id=project.pk)
    current = {}
    for booking in project_booking_list(owner=request.user, project=project):
        monday = booking.start - timedelta(days=booking.start.weekday())
        current[monday] = current.get(monday, 0) + booking.hours
    form = WeeklyPlanForm(request.POST or None, weeks=weeks, total=project.hours, initial_amounts=current)
    if request.method == "POST" and form.is_valid():
        project_book_weekly(project=project, amounts=form.amounts())
        messages.success(request, _("Weekly amounts saved."))
        return redirect("projects:project_detail", project_id=project.pk)
    return render(request, "projects/project_plan.html", {"form": form, "project": project})


@require_GET
def project_ics_view(request: HttpRequest, project_id: int) -> HttpResponse:
    """A one-off download of one project's bookings, to import in a calendar app."""
    project = project_get(owner=request.user, project_id=project_id)
    bookings = project_booking_list(owner=request.user, project=project).select_related("project", "incoming")
    content = calendar_ics(name=project.title, bookings=bookings)
    return ics_response(content, f"project-{project.pk}.ics", attachment=True)


# --- Invoices ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def invoice_add_view(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get(owner=request.user, project_id=project_id)
    form = InvoiceForm(request.POST or None, owner=request.user, initial={"issued_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        invoice_add(project=project, **form.cleaned_data)
        messages.success(request, _("Invoice added."))
        return redirect("projects:project_detail", project_id=project.pk)
    return render(request, "projects/invoice_form.html", {"form": form, "project": project})


@require_http_methods(["GET", "POST"])
def invoice_paid_view(request: HttpRequest, invoice_id: int) -> HttpResponse:
    invoice = invoice_get(owner=request.user, invoice_id=invoice_id)
    form = InvoicePaidForm(request.POST or None, invoice=invoice, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        invoice_mark_paid(invoice=invoice, paid_on=form.cleaned_data["paid_on"])
        if invoice.was_paid_late():
            messages.warning(request, _("Invoice %(number)s marked paid, late.") % {"number": invoice.number})
        else:
            messages.success(request, _("Invoice %(number)s marked paid.") % {"number": invoice.number})
        return redirect("projects:project_detail", project_id=invoice.project_id)
    return render(request, "projects/invoice_paid.html", {"form": form, "invoice": invoice})
