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
            "untriaged_reminder_hours",
            "ghosting_reminder_days",
            "digest_frequency",
            "intake_enabled",
        ]
        widgets = {"signature": forms.Textarea(attrs={"rows": 4})}

    def clean_currency(self):
        currency = self.cleaned_data["currency"].upper()
        if len(currency) != 3 or not currency.isalpha():
            raise forms.ValidationError(_("Use a three-letter currency code, such as EUR."))
        return currency

    def clean_time_zone(self):
        from zoneinfo import available_timezones

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


class RestoreForm(forms.Form):
    MAX_SIZE = 50 * 1024 * 1024

    backup = forms.FileField(label=_("Backup file (.json)"))

    def clean_backup(self):
        from .backup import BackupError, backup_loads

        upload = self.cleaned_data["backup"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(_("This file is too large for a Tact backup (50 MB at most)."))
        try:
            return backup_loads(upload.read())
        except BackupError as error:
            raise forms.ValidationError(error.messages) from error


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password, to confirm"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
