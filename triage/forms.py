"""Forms of triage: the decision, the user's reply templates, the skills they offer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.widgets import DateInput, PlainSelect
from clients.models import RedFlagKind
from projects.forms.incoming import skill_names_clean
from projects.models import NEXT_STATES, DecisionReason, State

from .decisions import FIELDS_FOR, OPTIONAL_FIELDS, REASONS_FOR
from .replies import VARIABLES, unknown_variables
from .rules import ACTION_LABELS


class DecisionForm(forms.Form):
    """One decision control; the reasons and the fields follow the decision (triage.decisions)."""

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
    # The draft the reply started from: a reply that differs from it was edited, and is never replaced unasked.
    draft_base = forms.CharField(required=False, max_length=20000, widget=forms.HiddenInput)
    # The text before a redraft, so that the redraft can be undone.
    previous_reply = forms.CharField(required=False, max_length=20000, widget=forms.HiddenInput)
    # The draft's subject, for a reply sent from Tact (a reply by email keeps the client's "Re:" subject).
    subject = forms.CharField(required=False, max_length=998, widget=forms.HiddenInput)
    # Set by the "Record and send" button only.
    send = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, state: str, colleagues, decision: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        allowed = NEXT_STATES.get(state, ())
        self.fields["to"].choices = [(s.value, ACTION_LABELS[s]) for s in State if s in allowed]
        self.fields["colleague"].queryset = colleagues
        posted = self.data.get("to", "") if self.is_bound else ""
        self.decision = posted if posted in allowed else (decision if decision in allowed else "")
        if self.decision:
            reasons = REASONS_FOR[self.decision]
            self.fields["reason"].choices = [(r, DecisionReason(r).label) for r in reasons]

    @property
    def decision_fields(self) -> list:
        """The bound fields the chosen decision needs, in order; none before a decision is chosen."""
        return [self[name] for name in FIELDS_FOR.get(self.decision, ())]

    def clean(self):
        cleaned = super().clean()
        to = cleaned.get("to")
        if not to:
            return cleaned
        allowed = FIELDS_FOR[to]
        for name in OPTIONAL_FIELDS:  # a field of another decision (a stale value) is dropped, not recorded
            if name not in allowed:
                cleaned[name] = self.fields[name].clean(None) if name != "red_flag_kind" else ""
        if to == State.REFERRED and not cleaned.get("colleague"):
            self.add_error("colleague", _("Choose the colleague you refer the client to."))
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
