"""The mail settings form: where requests arrive (IMAP) and how replies leave (SMTP)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .hosts import HostRefused, all_internal, check_public_host
from .models import MailAccount, Security

PASSWORD_HELP = _("Stored encrypted, never shown again. Leave blank to keep the saved one.")


class MailAccountForm(forms.ModelForm):
    """Passwords are write-only: the field is always empty, and blank keeps the saved password."""

    imap_password = forms.CharField(
        label=_("IMAP password"),
        required=False,
        strip=False,
        max_length=255,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )
    smtp_password = forms.CharField(
        label=_("SMTP password"),
        required=False,
        strip=False,
        max_length=255,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = MailAccount
        fields = [
            "address",
            "imap_host",
            "imap_port",
            "imap_security",
            "imap_login",
            "imap_folder",
            "sending_mode",
            "smtp_host",
            "smtp_port",
            "smtp_security",
            "smtp_login",
            "sent_folder",
        ]
        help_texts = {
            "address": _("Replies go out from (or with Reply-To) this address."),
            "imap_host": _("For example imap.gmail.com, imap.fastmail.com or ssl0.ovh.net."),
            "imap_folder": _("A dedicated address’s INBOX, or a folder you file requests into."),
            "smtp_host": _("Only for your own SMTP server."),
            "sent_folder": _("For example Sent. Empty: no copy."),
        }

    # The passwords are no model fields of the form: a blank one must not reach the account, even in memory.
    field_order = [
        *Meta.fields[: Meta.fields.index("imap_login") + 1],
        "imap_password",
        *Meta.fields[Meta.fields.index("imap_folder") : Meta.fields.index("smtp_login") + 1],
        "smtp_password",
        "sent_folder",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_account = self.instance.pk is not None
        for name in ("imap_password", "smtp_password"):
            saved = self.has_account and bool(getattr(self.instance, name))
            self.fields[name].help_text = PASSWORD_HELP if saved else _("Stored encrypted, never shown again.")
        self.fields["imap_port"].widget.attrs.update(min=1, max=65535)
        self.fields["smtp_port"].widget.attrs.update(min=1, max=65535)

    def _check_host(self, host: str, security: str, field: str) -> None:
        """A host on a private network is refused on a hosted site; an unencrypted one everywhere but there."""
        if not host:
            return
        try:
            addresses = check_public_host(host)
        except HostRefused as error:
            self.add_error(field, str(error))
            return
        except (OSError, UnicodeError):
            return  # not found now: the connection test says so, and the user may fix their DNS later
        if security == Security.NONE and not (settings.MAIL_ALLOW_PRIVATE_HOSTS and all_internal(addresses)):
            self.add_error(
                field.replace("host", "security"),
                _("Without SSL/TLS or STARTTLS the password would cross the network in clear: choose one."),
            )

    def clean_imap_port(self):
        return _port(self.cleaned_data["imap_port"])

    def clean_smtp_port(self):
        return _port(self.cleaned_data["smtp_port"])

    def clean(self):
        cleaned = super().clean()
        if not self.has_account and not cleaned.get("imap_password"):
            self.add_error("imap_password", _("The password of this mailbox is needed to read it."))
        self._check_host(cleaned.get("imap_host", ""), cleaned.get("imap_security", ""), "imap_host")
        if cleaned.get("sending_mode") == "own":
            if not cleaned.get("smtp_host"):
                self.add_error("smtp_host", _("Your SMTP server’s name is needed to send from it."))
            self._check_host(cleaned.get("smtp_host", ""), cleaned.get("smtp_security", ""), "smtp_host")
        return cleaned

    def account_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in [*self.Meta.fields, "imap_password", "smtp_password"]}


def _port(value):
    if value is not None and not 1 <= value <= 65535:
        raise forms.ValidationError(_("A port is a number from 1 to 65535."))
    return value
