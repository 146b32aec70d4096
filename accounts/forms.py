from zoneinfo import available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Profile


class ProfileForm(forms.ModelForm):
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

    def clean_currency(self):
        currency = self.cleaned_data["currency"].upper()
        if len(currency) != 3 or not currency.isalpha():
            raise forms.ValidationError(_("Use a three-letter currency code, such as EUR."))
        return currency

    def clean_time_zone(self):

        time_zone = self.cleaned_data["time_zone"]
        if time_zone not in available_timezones():
            raise forms.ValidationError(_("Unknown time zone: use a name such as Europe/Paris."))
        return time_zone

    def clean(self):
        cleaned = super().clean()
        minimum, target = cleaned.get("minimum_hourly_rate"), cleaned.get("target_hourly_rate")
        if minimum is not None and target is not None and target < minimum:
            self.add_error("target_hourly_rate", _("Your target rate cannot be below your minimum rate."))
        return cleaned
