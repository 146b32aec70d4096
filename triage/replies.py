"""Reply drafts: filling the default wording (triage.reply_texts) or the user's own with a request's facts.

French texts write the two forms of address at once: "[vous|tu]" keeps the first part for a client
addressed as *vous* and the second for one addressed as *tu*. The user's own templates (ReplyTemplate
rows) may use the same notation and the same {variables}; they override the defaults.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import quote

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.formatting import hours, money
from projects.models import BudgetKind, DecisionReason, State

from .reply_texts import DEFAULTS, FALLBACKS

VARIABLES = {
    "client_name": _("The client's name."),
    "title": _("The request's title."),
    "free_from": _('When you are free again, with its preposition: "from 12 March 2027" / "à partir du 12 mars 2027".'),
    "proposed_start": _("The start you propose, with its preposition, like free_from."),
    "counter_offer": _('Your counter-offer: "€4,400" or "€80 an hour".'),
    "smaller_scope": _('A smaller scope that fits the budget: "a first version of about 30 h of work".'),
    "colleague_name": _("The name of the colleague you refer the client to."),
    "colleague_contact": _("That colleague's email and phone."),
    "signature": _("Your signature, from your settings."),
}


ADDRESS_FORM = re.compile(r"\[([^\[\]|]*)\|([^\[\]|]*)\]")
NO_REPLY_STATES = {State.IGNORED}


@dataclass(frozen=True)
class ReplyFacts:
    """What a draft is filled with; every field may be missing except the names."""

    language: str
    address_form: str  # "vous" or "tu"
    client_name: str
    client_email: str
    title: str
    signature: str
    currency: str = "EUR"
    free_from: date | None = None
    proposed_start: date | None = None
    counter_offer: Decimal | None = None
    counter_offer_kind: str = BudgetKind.FIXED
    scope_hours: Decimal | None = None
    colleague_name: str = ""
    colleague_contact: str = ""


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str
    email: str = ""

    @property
    def mailto(self) -> str:
        if not self.body:
            return ""
        return f"mailto:{quote(self.email)}?subject={quote(self.subject)}&body={quote(self.body)}"


def reply_language(language: str) -> str:
    return "en" if language == "en" else "fr"


def default_for(decision: str, reason: str, language: str) -> tuple[str, str] | None:
    """The default (subject, body) for a case; None for a decision that needs no reply."""
    if decision in NO_REPLY_STATES:
        return None
    texts = DEFAULTS.get((decision, reason)) or DEFAULTS.get((decision, None))
    return texts[reply_language(language)] if texts else None


def template_variables(text: str) -> set[str]:
    """The {names} a template uses; a format error raises ValueError."""
    names = set()
    for _literal, name, _spec, _conversion in string.Formatter().parse(text):
        if name is not None:
            names.add(name)
    return names


def unknown_variables(text: str) -> set[str]:
    return template_variables(text) - set(VARIABLES)


def _values(facts: ReplyFacts) -> dict[str, str]:
    language = reply_language(facts.language)
    fallback = FALLBACKS[language]
    with translation.override(language):
        values = {
            "client_name": facts.client_name,
            "title": facts.title,
            "signature": facts.signature,
            "colleague_name": facts.colleague_name or fallback["colleague_name"],
            "colleague_contact": facts.colleague_contact or fallback["colleague_contact"],
        }
        for key in ("free_from", "proposed_start"):
            day = getattr(facts, key)
            if day is None:
                values[key] = fallback[key]
            elif language == "fr":
                values[key] = f"à partir du {'1er' if day.day == 1 else day.day} {date_format(day, 'F Y')}"
            else:
                values[key] = "from " + date_format(day, "j F Y")
        if facts.counter_offer is None:
            values["counter_offer"] = fallback["counter_offer"]
        else:
            amount = money(facts.counter_offer, facts.currency)
            per = {
                BudgetKind.HOURLY: {"en": " an hour", "fr": " de l'heure"},
                BudgetKind.DAILY: {"en": " a day", "fr": " par jour"},
            }.get(facts.counter_offer_kind, {})
            values["counter_offer"] = amount + per.get(language, "")
        if facts.scope_hours:
            values["smaller_scope"] = (
                f"a first version of about {hours(facts.scope_hours)} of work"
                if language == "en"
                else f"une première version d'environ {hours(facts.scope_hours)} de travail"
            )
        else:
            values["smaller_scope"] = fallback["smaller_scope"]
    return values


def fill(text: str, facts: ReplyFacts) -> str:
    """Choose the form of address, then put the facts in place of the {variables}."""
    tu = facts.address_form == "tu"
    text = ADDRESS_FORM.sub(lambda m: m.group(2) if tu else m.group(1), text)
    values = _values(facts)
    out = []
    for literal, name, _spec, _conversion in string.Formatter().parse(text):
        out.append(literal)
        if name is not None:
            # Unknown names stay visible rather than failing: the template form refuses them anyway.
            out.append(values.get(name, "{" + name + "}"))
    return "".join(out)


def render_draft(*, decision: str, reason: str, facts: ReplyFacts, custom: tuple[str, str] | None = None) -> Draft:
    """The draft for one decision in the client's language; `custom` is the user's (subject, body)."""
    texts = custom or default_for(decision, reason, facts.language)
    if texts is None:
        return Draft(subject="", body="", email=facts.client_email)
    subject, body = texts
    return Draft(subject=fill(subject, facts), body=fill(body, facts), email=facts.client_email)


def template_cases() -> list[tuple[str, str]]:
    """Every (decision, reason) a user may word their own way."""
    return [
        (decision, reason)
        for decision in (State.ACCEPTED, State.NEGOTIATING, State.REFERRED, State.DECLINED)
        for reason in DecisionReason.values
    ]
