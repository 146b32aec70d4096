from django import forms
from django.utils.translation import gettext_lazy as _

from .csv_io import MAX_IMPORT_BYTES
from .keys import company_number_clean
from .models import Client, RedFlag, RedFlagKind, RiskLevel
from .selectors import SORTS, tag_list


class ClientForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separated by commas, e.g. “agency, recurring”."),
    )

    class Meta:
        model = Client
        fields = [
            "name",
            "company",
            "email",
            "phone",
            "website",
            "company_number",
            "language",
            "address_form",
            "greeting",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"address_form": _("In English, vous reads as formal and tu as first-name terms.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["tags"] = ", ".join(tag.name for tag in self.instance.tags.all())

    def clean_company_number(self):
        number = company_number_clean(self.cleaned_data["company_number"])
        if number and not (number.isdigit() and len(number) in (9, 14)):
            raise forms.ValidationError(_("A SIREN has 9 digits and a SIRET 14."))
        return number

    def clean_tags(self):
        names = [name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()]
        for name in names:
            if len(name) > 50:
                raise forms.ValidationError(_("A tag has at most 50 characters: “%(tag)s”."), params={"tag": name})
        return names

    def _post_clean(self):
        # The model's own checks run in the service; here only field-level ones (no owner yet).
        pass

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)


YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]
SORT_CHOICES = [
    ("name", _("Name (A–Z)")),
    ("-name", _("Name (Z–A)")),
    ("company", _("Company")),
    ("risk", _("Risk, highest first")),
    ("flags", _("Most red flags")),
    ("recent", _("Recently added")),
]
assert {value for value, _label in SORT_CHOICES} == set(SORTS)


class ClientFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    risk = forms.ChoiceField(label=_("Risk"), required=False, choices=[("", _("All")), *RiskLevel.choices])
    tag = forms.ModelChoiceField(label=_("Tag"), required=False, queryset=None, empty_label=_("All"))
    blacklisted = forms.ChoiceField(label=_("Blacklisted"), required=False, choices=YES_NO)
    overdue = forms.BooleanField(label=_("Has an overdue invoice"), required=False)
    archived = forms.BooleanField(label=_("Archived clients"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].queryset = tag_list(owner=owner)

    def search_kwargs(self) -> dict:
        self.is_valid()  # a bad value drops that filter only
        data = getattr(self, "cleaned_data", {})
        blacklisted = {"yes": True, "no": False}.get(data.get("blacklisted") or "")
        return {
            "q": data.get("q", ""),
            "risk": data.get("risk", ""),
            "tag": data.get("tag"),
            "blacklisted": blacklisted,
            "overdue": data.get("overdue", False),
            "archived": data.get("archived", False),
            "sort": data.get("sort") or "name",
        }


class RedFlagForm(forms.ModelForm):
    class Meta:
        model = RedFlag
        fields = ["kind", "severity", "occurred_on", "note", "incoming", "project"]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"incoming": _("About the request"), "project": _("About the project")}

    def __init__(self, *args, owner, client, requests=None, projects=None, **kwargs):
        """`requests` and `projects`: the client's rows when the page has read them already; the options
        are then drawn from them instead of querying again (the querysets still validate a POST)."""
        super().__init__(*args, **kwargs)
        # The links' own querysets, narrowed through the scoping path to this client's rows.
        for name, order in (("incoming", ("-received_at", "-id")), ("project", ("-start", "-id"))):
            field = self.fields[name]
            field.queryset = field.queryset.owned_by(owner).filter(client=client).order_by(*order)
        self.fields["incoming"].required = False
        self.fields["project"].required = False
        if requests is not None:
            self._choices_from("incoming", sorted(requests, key=lambda r: (r.received_at, r.pk), reverse=True))
        if projects is not None:
            self._choices_from("project", sorted(projects, key=lambda p: (p.start, p.pk), reverse=True))

    def _choices_from(self, name: str, rows) -> None:
        """The same options as the field's queryset (same order), from rows already in memory."""
        field = self.fields[name]
        field.choices = [("", field.empty_label), *((row.pk, str(row)) for row in rows)]

    def _post_clean(self):
        pass


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why withdraw it?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional. The flag stays in the history, marked as withdrawn."),
    )


class BlacklistForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give a reason: you will want it when you read this again.")},
    )


class BlacklistAddForm(BlacklistForm):
    """Blacklisting asks what happened: the incident is recorded as a red flag of that kind."""

    kind = forms.ChoiceField(
        label=_("What happened"),
        choices=[("", _("Choose the kind of incident")), *RedFlagKind.choices],
        help_text=_("Recorded as a severe red flag, so the blacklist filtered by kind finds this client."),
        error_messages={"required": _("Choose the kind of incident.")},
    )
    field_order = ["kind", "reason"]


class BlacklistFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Flag kind"), required=False, choices=[("", _("All")), *RedFlagKind.choices])
    since = forms.DateField(label=_("Blacklisted from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the period is before its start."))
        return cleaned

    def search_kwargs(self) -> dict:
        self.is_valid()  # a bad value drops that filter only
        data = getattr(self, "cleaned_data", {})
        return {
            key: data.get(key) or default
            for key, default in (("q", ""), ("kind", ""), ("since", None), ("until", None))
        }


class ClientImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One client per row, with a header row. Columns: name (required), company, email, phone, website, "
            "company_number, language (fr/en), address_form (vous/tu), tags, notes."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is too big: at most %(size)d KB."), params={"size": MAX_IMPORT_BYTES // 1024}
            )
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Choose a .csv file."))
        return upload
