"""Forms of the calendar and time off pages: validation only, no business rules."""

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.form_checks import check_date_range
from accounts.widgets import DateInput

from ..models import TimeOff


class TimeOffForm(forms.ModelForm):
    class Meta:
        model = TimeOff
        fields = ["label", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}
        help_texts = {"label": _("Holidays, training, a public holiday...")}

    def clean(self):
        cleaned = super().clean()
        check_date_range(self, "start", "end", _("The end cannot be before the start."))
        return cleaned


class FindSlotForm(forms.Form):
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.5"), max_value=Decimal(5000), max_digits=7, decimal_places=2
    )
    earliest = forms.DateField(label=_("Earliest start"), widget=DateInput())
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput(), required=False)
    include_holds = forms.BooleanField(label=_("Count tentative holds as taken"), required=False)

    def clean(self):
        cleaned = super().clean()
        check_date_range(self, "earliest", "deadline", _("The deadline cannot be before the earliest start."))
        earliest, deadline = cleaned.get("earliest"), cleaned.get("deadline")
        if earliest and deadline and deadline - earliest > timedelta(days=20 * 366):
            self.add_error("deadline", _("Look at most twenty years ahead."))
        return cleaned
