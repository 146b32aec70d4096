"""Forms around requests: logging one, editing one, the public intake, the Requests page filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.form_checks import check_date_range
from accounts.models import Language
from accounts.widgets import DateInput
from clients.models import AddressForm

from ..models import BudgetKind, Channel, State

MAX_DESCRIPTION = 5000
MAX_SKILLS = 500


def one_line(text: str) -> str:
    """A field meant for one line (a name, a title) with every run of blanks, line breaks included, made one space:
    it ends up in mail headers and subjects."""
    return " ".join(text.split())


def skills_merged(*groups) -> list[str]:
    """Skill names from several lists, in order, each once whatever its case."""
    merged = {}
    for names in groups:
        for name in names:
            merged.setdefault(name.casefold(), name)
    return list(merged.values())


def skill_names_clean(text: str) -> list[str]:
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
        return skill_names_clean(self.cleaned_data["skills"])

    def clean(self):
        cleaned = super().clean()
        check_date_range(self, "desired_start", "deadline", _("The deadline cannot be before the desired start."))
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


class EstimateFieldMixin(forms.Form):
    """The hours the user expects the work to take: theirs to judge, so never asked of a prospect."""

    estimated_hours = forms.DecimalField(
        label=_("Estimated hours"), min_value=0, max_digits=7, decimal_places=2, required=False
    )


class IncomingRequestForm(EstimateFieldMixin, RequestFieldsMixin):
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


class IncomingEditForm(EstimateFieldMixin, RequestFieldsMixin):
    """Correct a request still being triaged, with the same limits as logging one."""

    client_language = forms.ChoiceField(
        label=_("Client's language"),
        choices=Language.choices,
        help_text=_("Stored on the client: their other requests are answered in it too."),
    )

    field_order = [
        "client_language",
        "title",
        "description",
        "skills",
        "estimated_hours",
        "budget_kind",
        "budget_amount",
        "desired_start",
        "deadline",
    ]

    def __init__(self, *args, incoming, **kwargs):
        # The skills a prospect asked for on the public form are offered here with the request's own: saving
        # makes them skills of the owner's (incoming_request_update then forgets the prospect's text).
        requested = [name.strip() for name in incoming.skills_requested.split(",")]
        skills = skills_merged((skill.name for skill in incoming.skills.all()), filter(None, requested))
        kwargs.setdefault(
            "initial",
            {
                "title": incoming.title,
                "description": incoming.description,
                "client_language": incoming.client.language,
                "skills": ", ".join(skills),
                "estimated_hours": incoming.estimated_hours,
                "budget_kind": incoming.budget_kind,
                "budget_amount": incoming.budget_amount,
                "desired_start": incoming.desired_start,
                "deadline": incoming.deadline,
            },
        )
        super().__init__(*args, **kwargs)
        if incoming.skills_requested:
            self.fields["skills"].help_text = _(
                "With those asked for on your public form: saving adds them to your skills, so remove any you don’t "
                "want there."
            )

    def request_fields(self) -> dict:
        return {**super().request_fields(), "estimated_hours": self.cleaned_data["estimated_hours"]}


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

    def clean_name(self):
        return one_line(self.cleaned_data["name"])

    def clean_company(self):
        return one_line(self.cleaned_data["company"])

    def clean_phone(self):
        return one_line(self.cleaned_data["phone"])

    def clean_title(self):
        return one_line(self.cleaned_data["title"])

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class RequestFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), choices=State.choices, required=False)
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("All channels")), *Channel.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
