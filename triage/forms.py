"""Forms of triage: the decision, the user's reply templates, the skills they offer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.widgets import DateInput, PlainSelect
from clients.models import RedFlagKind
from projects.forms.incoming import skill_names_clean
from projects.models import NEXT_STATES, DecisionReason, State

from .replies import VARIABLES, unknown_variables
from .rules import ACTION_LABELS


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
        return skill_names_clean(self.cleaned_data["skills"])
