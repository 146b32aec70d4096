"""Forms of the account-wide pages: restoring a backup, deleting the account."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .backup import BackupError, backup_loads, restore_job_active, restore_job_is_stale


class RestoreForm(forms.Form):
    MAX_SIZE = 50 * 1024 * 1024

    backup = forms.FileField(label=_("Backup file (.json)"))

    def clean_backup(self):
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

    def clean(self):
        job = restore_job_active(owner=self.user)
        if job and not restore_job_is_stale(job):
            raise forms.ValidationError(_("A backup is being restored into this account: wait until it ends."))
        return super().clean()
