from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .choices import CURRENCY_CHOICES, TIME_ZONE_CHOICES, UNKNOWN_CURRENCY, UNKNOWN_TIME_ZONE
from .models import Profile
from .widgets import PlainSelect

NO_WORKING_HOURS = _(
    "Your working week has no hours: give at least one day some, or the calendar can never fit a project."
)


def _label(name: str) -> str:
    return capfirst(Profile._meta.get_field(name).verbose_name)


class ProfileForm(forms.ModelForm):
    """The profile's settings. The bounds and the lists live on the model's fields (so restore checks them too);
    the form offers the lists as <select>s and shows the bounds to the browser."""

    # About 600 zones, grouped by region: written by PlainSelect, not one widget template per option. The
    # filter box above it is static/js/select-filter.js's; without JavaScript the grouped list is all there is.
    time_zone = forms.ChoiceField(
        label=_label("time_zone"),
        choices=TIME_ZONE_CHOICES,
        widget=PlainSelect(attrs={"data-filter": _("Find a time zone: Paris, Montreal, UTC…")}),
        error_messages={"invalid_choice": UNKNOWN_TIME_ZONE},
    )
    currency = forms.ChoiceField(
        label=_label("currency"), choices=CURRENCY_CHOICES, error_messages={"invalid_choice": UNKNOWN_CURRENCY}
    )

    class Meta:
        model = Profile
        fields = [
            "language",
            "time_zone",
            "currency",
            "minimum_hourly_rate",
            "target_hourly_rate",
            "hours_per_day",
            "vat_mode",
            *Profile.WEEKDAY_FIELDS,
            "signature",
            "signature_en",
            "untriaged_reminder_hours",
            "ghosting_reminder_days",
            "digest_frequency",
            "intake_enabled",
        ]
        widgets = {
            "signature": forms.Textarea(attrs={"rows": 4}),
            "signature_en": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "language": _(
                "The language of your pages and of the emails Tact sends you; the switch at the foot of every page "
                "changes it too."
            ),
            "intake_enabled": _("Off, the link below answers “not found”."),
        }
        error_messages = {
            name: {
                "max_value": _("A day has 24 hours at most."),
                "min_value": _("Hours cannot be negative."),
            }
            for name in Profile.WEEKDAY_FIELDS
        }

    # The sections of the settings page, in order; the working week is drawn as one row of seven days.
    SECTIONS = (
        (_("Language and region"), ("language", "time_zone", "currency")),
        (_("Rates"), ("minimum_hourly_rate", "target_hourly_rate", "hours_per_day", "vat_mode")),
        (_("Working week"), Profile.WEEKDAY_FIELDS),
        (_("Signature"), ("signature", "signature_en")),
        (_("Reminders and digest"), ("untriaged_reminder_hours", "ghosting_reminder_days", "digest_frequency")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.IntegerField | forms.DecimalField):
                field.widget.attrs.update(_bounds(name))

    def sections(self) -> list[dict]:
        """The page's sections, each with its bound fields; the public form's switch is drawn with its link."""
        return [
            {"legend": legend, "fields": [self[name] for name in names], "week": names == Profile.WEEKDAY_FIELDS}
            for legend, names in self.SECTIONS
        ]

    def clean(self):
        cleaned = super().clean()
        minimum, target = cleaned.get("minimum_hourly_rate"), cleaned.get("target_hourly_rate")
        if minimum is not None and target is not None and target < minimum:
            self.add_error("target_hourly_rate", _("Your target rate cannot be below your minimum rate."))
        days = [cleaned.get(name) for name in Profile.WEEKDAY_FIELDS]
        if all(hours is not None for hours in days) and sum(days, Decimal(0)) == 0:
            self.add_error(None, NO_WORKING_HOURS)
        return cleaned


def _bounds(name: str) -> dict:
    """The min and max attributes of a number input, read from the model field's validators."""
    validators = Profile._meta.get_field(name).validators
    lows = [v.limit_value for v in validators if isinstance(v, MinValueValidator)]
    highs = [v.limit_value for v in validators if isinstance(v, MaxValueValidator)]
    return {**({"min": max(lows)} if lows else {}), **({"max": min(highs)} if highs else {})}
