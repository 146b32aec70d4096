"""Forms around requests: logging one, the public intake, the inbox filters, decisions, reply templates."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Language
from accounts.widgets import PlainSelect
from clients.models import AddressForm, RedFlagKind

from ..models import NEXT_STATES, BudgetKind, Channel, DecisionReason, State
from ..replies import VARIABLES, unknown_variables
from ..triage import ACTION_LABELS

MAX_DESCRIPTION = 5000
MAX_SKILLS = 500


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _skill_names(text: str) -> list[str]:
    names = [" ".join(name.split()) for name in text.split(",")]
    names = [name for name in names if name]
    for name in names:
        if len(name) > 60:
            raise forms.ValidationError(_("A skill has at most 60 characters: “%(skill)s”."), params={"skill": name})
    return names


class RequestFieldsMixin(forms.Form):
    """What every request has, whoever types it in."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=MAX_DESCRIPTION, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    skills = forms.CharField(
        label=_("Skills needed"),
        max_length=MAX_SKILLS,
        required=False,
        help_text=_("Separated by commas, e.g. “WordPress, SEO”."),
    )
    budget_kind = forms.ChoiceField(label=_("Budget type"), choices=BudgetKind.choices, initial=BudgetKind.FIXED)
    budget_amount = forms.DecimalField(label=_("Budget"), min_value=0, max_digits=12, decimal_places=2, required=False)
    desired_start = forms.DateField(label=_("Desired start"), required=False, widget=DateInput())
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())

    def clean_skills(self):
        return _skill_names(self.cleaned_data["skills"])

    def clean(self):
        cleaned = super().clean()
        start, deadline = cleaned.get("desired_start"), cleaned.get("deadline")
        if start and deadline and deadline < start:
            self.add_error("deadline", _("The deadline cannot be before the desired start."))
        return cleaned

    def request_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "budget_kind": data["budget_kind"],
            "budget_amount": data["budget_amount"],
            "desired_start": data["desired_start"],
            "deadline": data["deadline"],
        }


class IncomingRequestForm(RequestFieldsMixin):
    client = forms.ModelChoiceField(label=_("Client"), queryset=None, required=False, empty_label=_("— A new client —"))
    client_name = forms.CharField(label=_("New client's name"), max_length=200, required=False)
    client_email = forms.EmailField(label=_("New client's email"), max_length=254, required=False)
    client_company = forms.CharField(label=_("Company"), max_length=200, required=False)
    client_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    client_language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.FRENCH)
    client_address_form = forms.ChoiceField(
        label=_("Form of address"), choices=AddressForm.choices, initial=AddressForm.VOUS
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.EMAIL)
    estimated_hours = forms.DecimalField(
        label=_("Estimated hours"), min_value=0, max_digits=7, decimal_places=2, required=False
    )

    field_order = [
        "client",
        "client_name",
        "client_email",
        "client_company",
        "client_phone",
        "client_language",
        "client_address_form",
        "channel",
        "title",
        "description",
        "skills",
        "estimated_hours",
        "budget_kind",
        "budget_amount",
        "desired_start",
        "deadline",
    ]

    def __init__(self, *args, clients, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = clients

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("client") and not cleaned.get("client_name"):
            self.add_error("client_name", _("Choose a client, or give the new client's name."))
        return cleaned

    def new_client(self) -> dict | None:
        data = self.cleaned_data
        if data["client"]:
            return None
        return {
            "name": data["client_name"],
            "email": data["client_email"],
            "company": data["client_company"],
            "phone": data["client_phone"],
            "language": data["client_language"],
            "address_form": data["client_address_form"],
        }

    def request_fields(self) -> dict:
        return {
            **super().request_fields(),
            "channel": self.cleaned_data["channel"],
            "estimated_hours": self.cleaned_data["estimated_hours"],
        }


class IntakeForm(RequestFieldsMixin):
    """The public form a prospect fills in; `website` is a honeypot that people never see."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email"), max_length=254)
    company = forms.CharField(label=_("Company"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    language = forms.ChoiceField(label=_("Language for the answer"), choices=Language.choices)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    field_order = [
        "name",
        "email",
        "company",
        "phone",
        "language",
        "title",
        "description",
        "skills",
        "budget_kind",
        "budget_amount",
        "desired_start",
        "deadline",
        "website",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].required = True

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), choices=State.choices, required=False)
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("All channels")), *Channel.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class DecisionForm(forms.Form):
    to = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.ChoiceField(label=_("Main reason"), choices=DecisionReason.choices, widget=PlainSelect)
    reply = forms.CharField(
        label=_("Reply"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 14})
    )
    note = forms.CharField(
        label=_("Private note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    counter_offer = forms.DecimalField(
        label=_("Counter-offer"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    proposed_start = forms.DateField(label=_("Proposed start"), required=False, widget=DateInput())
    hold = forms.BooleanField(label=_("Hold the hours tentatively in my calendar"), required=False)
    colleague = forms.ModelChoiceField(label=_("Colleague"), queryset=None, required=False, widget=PlainSelect)
    red_flag_kind = forms.ChoiceField(
        label=_("Add a red flag"),
        choices=[("", _("No red flag")), *RedFlagKind.choices],
        required=False,
        widget=PlainSelect,
    )
    blacklist = forms.BooleanField(label=_("Blacklist this client"), required=False)
    keep_warm = forms.BooleanField(label=_("Keep warm: remind me when my calendar frees up"), required=False)

    def __init__(self, *args, state: str, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(s.value, ACTION_LABELS[s]) for s in State if s in NEXT_STATES.get(state, ())]
        self.fields["colleague"].queryset = colleagues

    def clean(self):
        cleaned = super().clean()
        to = cleaned.get("to")
        if to == State.REFERRED and not cleaned.get("colleague"):
            self.add_error("colleague", _("Choose the colleague you refer the client to."))
        if cleaned.get("blacklist") and to != State.DECLINED:
            self.add_error("blacklist", _("Only a decline can blacklist the client."))
        if cleaned.get("red_flag_kind") and to not in (State.DECLINED, State.IGNORED):
            self.add_error("red_flag_kind", _("Only a decline or an archive can add a red flag."))
        return cleaned


class ReplyTemplateForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Body"), max_length=20000, widget=forms.Textarea(attrs={"rows": 16}))

    def _check(self, text: str) -> str:
        try:
            unknown = unknown_variables(text)
        except ValueError:
            raise forms.ValidationError(
                _("A brace is not closed: variables are written {client_name}; write {{ or }} for a brace.")
            ) from None
        if unknown:
            raise forms.ValidationError(
                _("Unknown variable: %(names)s. Available: %(known)s."),
                params={"names": ", ".join(sorted(unknown)), "known": ", ".join(VARIABLES)},
            )
        return text

    def clean_subject(self):
        return self._check(self.cleaned_data["subject"])

    def clean_body(self):
        return self._check(self.cleaned_data["body"])


class OfferedSkillsForm(forms.Form):
    skills = forms.CharField(
        label=_("The skills I offer"),
        max_length=2000,
        required=False,
        help_text=_("Separated by commas. A request needing another skill is flagged as outside your skills."),
    )

    def clean_skills(self):
        return _skill_names(self.cleaned_data["skills"])
