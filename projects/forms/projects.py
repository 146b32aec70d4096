"""Forms of the project and invoice pages: validation only, no business rules."""

from datetime import date, timedelta
from decimal import Decimal

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accounts.form_checks import check_date_range
from accounts.formatting import day_short
from accounts.widgets import DateInput
from clients.selectors import client_list

from ..models import Invoice, Project, ProjectStatus
from ..selectors import invoice_number_taken


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["client", "title", "start", "end", "hours", "price", "currency", "status"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = client_list(owner=owner, include_archived=self.instance.pk is not None)
        if self.instance.pk is None:
            del self.fields["status"]  # a new project is active

    def clean_currency(self):
        currency = self.cleaned_data["currency"].upper()
        if len(currency) != 3 or not currency.isalpha():
            raise forms.ValidationError(_("Use a three-letter currency code, such as EUR."))
        return currency

    def clean(self):
        cleaned = super().clean()
        check_date_range(self, "start", "end", _("The end cannot be before the start."))
        return cleaned


class WeeklyPlanForm(forms.Form):
    """One field per ISO week of the project: the hours booked that week."""

    def __init__(self, *args, weeks: list[tuple[date, date, date]], total: Decimal, initial_amounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.total = total
        self.weeks = weeks
        for monday, first, last in weeks:
            self.fields[self.field_name(monday)] = forms.DecimalField(
                label=_("Week %(week)s (%(first)s – %(last)s)")
                % {
                    "week": monday.isocalendar().week,
                    "first": day_short(first),
                    "last": day_short(last),
                },
                min_value=Decimal(0),
                max_digits=7,
                decimal_places=2,
                required=False,
                initial=(initial_amounts or {}).get(monday, Decimal(0)),
            )

    @staticmethod
    def field_name(monday: date) -> str:
        return f"week_{monday.isoformat()}"

    def amounts(self) -> dict[date, Decimal]:
        return {monday: self.cleaned_data.get(self.field_name(monday)) or Decimal(0) for monday, _f, _l in self.weeks}

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            planned = sum(self.amounts().values(), Decimal(0))
            if planned != self.total:
                raise forms.ValidationError(
                    _("The weeks add up to %(planned)s h; the project has %(total)s h.")
                    % {"planned": formats.number_format(planned), "total": formats.number_format(self.total)}
                )
        return cleaned


class InvoiceForm(forms.ModelForm):
    class Meta:
        model = Invoice
        fields = ["number", "amount", "issued_on", "due_on"]
        widgets = {"issued_on": DateInput(), "due_on": DateInput()}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if invoice_number_taken(owner=self.owner, number=number, exclude_id=self.instance.pk):
            raise forms.ValidationError(_("You already have an invoice with this number."))
        return number

    def clean(self):
        cleaned = super().clean()
        check_date_range(self, "issued_on", "due_on", _("The due date cannot be before the issue date."))
        return cleaned

    def validate_unique(self):
        """The number's uniqueness per owner is checked in clean_number (the owner is not a form field)."""


class InvoicePaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())

    def __init__(self, *args, invoice: Invoice, **kwargs):
        super().__init__(*args, **kwargs)
        self.invoice = invoice

    def clean_paid_on(self):
        paid_on = self.cleaned_data["paid_on"]
        if paid_on < self.invoice.issued_on:
            raise forms.ValidationError(_("An invoice cannot be paid before it was issued."))
        if paid_on > timezone.localdate() + timedelta(days=1):
            raise forms.ValidationError(_("A payment date cannot be in the future."))
        return paid_on


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *ProjectStatus.choices], required=False
    )
    client = forms.TypedChoiceField(label=_("Client"), coerce=int, required=False, empty_value=None)
    order = forms.ChoiceField(
        label=_("Order"),
        choices=[("-start", _("Latest first")), ("start", _("Oldest first")), ("title", _("Title"))],
        required=False,
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        clients = client_list(owner=owner, include_archived=True).order_by("name").values_list("pk", "name")
        self.fields["client"].choices = [("", _("Any client")), *clients]
