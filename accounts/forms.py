from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .choices import CURRENCY_CHOICES, TIME_ZONE_CHOICES, UNKNOWN_CURRENCY, UNKNOWN_TIME_ZONE
from .models import Profile
from .widgets import PlainSelect


def _label(name: str) -> str:
    return capfirst(Profile._meta.get_field(name).verbose_name)


class ProfileForm(forms.ModelForm):
    """The profile's settings. The bounds and the lists live on the model's fields (so restore checks them too);
    the form offers the lists as <select>s and shows the bounds to the browser."""

    # About 600 zones, grouped by region: written by PlainSelect, not one widget template per option.
    time_zone = forms.ChoiceField(
        label=_label("time_zone"),
        choices=TIME_ZONE_CHOICES,
        widget=PlainSelect,
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
            *Profile.WEEKDAY_FIELDS,
            "signature",
            "signature_en",
            "vat_mode",
            "untriaged_reminder_hours",
            "ghosting_reminder_days",
            "digest_frequency",
            "intake_enabled",
        ]
        widgets = {
            "signature": forms.Textarea(attrs={"rows": 4}),
            "signature_en": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.IntegerField | forms.DecimalField):
                field.widget.attrs.update(_bounds(name))

    def clean(self):
        cleaned = super().clean()
        minimum, target = cleaned.get("minimum_hourly_rate"), cleaned.get("target_hourly_rate")
        if minimum is not None and target is not None and target < minimum:
            self.add_error("target_hourly_rate", _("Your target rate cannot be below your minimum rate."))
        return cleaned


def _bounds(name: str) -> dict:
    """The min and max attributes of a number input, read from the model field's validators."""
    validators = Profile._meta.get_field(name).validators
    lows = [v.limit_value for v in validators if isinstance(v, MinValueValidator)]
    highs = [v.limit_value for v in validators if isinstance(v, MaxValueValidator)]
    return {**({"min": max(lows)} if lows else {}), **({"max": min(highs)} if highs else {})}
