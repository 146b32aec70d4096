"""Forms of colleagues and referrals: their choices come from the owner's selectors, never from another owner."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.widgets import DateInput
from clients.selectors import client_list
from projects.selectors import incoming_request_list, skill_list

from .models import Colleague, Direction, Outcome, Referral


def split_names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


class ColleagueForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, max_length=200, assume_scheme="https")
    new_skills = forms.CharField(
        label=_("Other skills"),
        required=False,
        max_length=500,
        help_text=_("Comma-separated, e.g. illustration, motion design. New skills are added to your list."),
    )

    class Meta:
        model = Colleague
        fields = [
            "name",
            "email",
            "phone",
            "website",
            "skills",
            "speaks_french",
            "speaks_english",
            "trusted",
            "busy_until",
            "notes",
        ]
        widgets = {
            "skills": forms.CheckboxSelectMultiple,
            "busy_until": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = skill_list(owner=owner).order_by("name")
        self.fields["skills"].required = False
        self.fields["skills"].help_text = ""

    def clean_new_skills(self) -> list[str]:
        names = split_names(self.cleaned_data["new_skills"])
        too_long = [name for name in names if len(name) > 60]
        if too_long:
            raise forms.ValidationError(
                _("A skill name has at most 60 characters: %(name)s"), params={"name": too_long[0]}
            )
        return names

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("speaks_french") and not cleaned.get("speaks_english"):
            self.add_error("speaks_english", _("Tick at least one language this colleague works in."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        return {"skills": data.pop("skills"), "new_skill_names": data.pop("new_skills"), **data}


class ColleagueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    skill = forms.ModelChoiceField(
        label=_("Skill"),
        queryset=None,
        required=False,
        empty_label=_("All skills"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].queryset = skill_list(owner=owner).order_by("name")


class ReferralReceivedForm(forms.Form):
    """The short form: who the colleague sent me and what they need; the rest is filled at triage."""

    client_name = forms.CharField(label=_("Client name"), max_length=200)
    client_email = forms.EmailField(label=_("Email"), required=False)
    client_company = forms.CharField(label=_("Company"), max_length=200, required=False)
    need = forms.CharField(label=_("What they need"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))


class ReferralForm(forms.ModelForm):
    """A referral recorded after the fact, or edited: its date, outcome and value."""

    class Meta:
        model = Referral
        fields = ["direction", "referred_on", "client", "incoming", "description", "outcome", "value"]
        widgets = {"referred_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"value": _("What the work was worth, if known.")}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = client_list(owner=owner, include_archived=True)
        self.fields["incoming"].queryset = incoming_request_list(owner=owner).order_by("-received_at")
        if self.instance.pk:
            del self.fields["direction"]

    def clean_referred_on(self):
        referred_on = self.cleaned_data["referred_on"]
        if referred_on > timezone.localdate():
            raise forms.ValidationError(_("A referral cannot be dated in the future."))
        return referred_on

    def clean(self):
        cleaned = super().clean()
        client, incoming = cleaned.get("client"), cleaned.get("incoming")
        if client and incoming and incoming.client_id != client.pk:
            self.add_error("incoming", _("This request comes from another client."))
        return cleaned

    def service_kwargs(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("referred_on", "client", "incoming", "description", "outcome", "value")
        }


class ReferralFilterForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[("", _("Both ways")), *Direction.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Any outcome")), *Outcome.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
