"""Checks several apps' forms share."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

REASONABLE_YEARS = 50


def check_date_range(form: forms.Form, start_field: str, end_field: str, message) -> None:
    """The end after the start, and both within fifty years of today (no year 9999 in the calendar)."""
    today = timezone.localdate()
    for field in (start_field, end_field):
        value = form.cleaned_data.get(field)
        if value and abs(value.year - today.year) > REASONABLE_YEARS:
            form.add_error(field, _("Choose a date within fifty years of today."))
    start, end = form.cleaned_data.get(start_field), form.cleaned_data.get(end_field)
    if start and end and end < start:
        form.add_error(end_field, message)
