"""Reply drafts: the default wording (triage.reply_texts) or the user's own, filled with a request's facts.

The default wording is put together sentence by sentence from the facts: a sentence about a fact that
was not checked is left out or switched for one that asks (reply_texts describes the notation), so a
draft never fills a gap with vague words. The user's own templates (ReplyTemplate rows) are one block
of text with the same {variables} and "[vous|tu]" notation; there a variable whose fact is missing shows,
in brackets, what to write in its place. French drafts get French typography (accounts.typography).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import ModuleType
from urllib.parse import quote

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.formatting import date_format, money
from accounts.models import VatMode
from accounts.typography import french_typography
from projects.models import BudgetKind, Channel, State

from .decisions import REASONS_FOR
from .reply_texts import DEFAULTS, FOLLOW_UPS, TEXTS

VARIABLES = {
    "greeting": _("The greeting line: “Bonjour Camille,”, or “Bonjour,” when the client has no greeting set."),
    "client_name": _("The client's full name, as on their record."),
    "title": _("The request's title."),
    "free_from": _('When you are free again, with its preposition: "from 12 March 2027" / "à partir du 12 mars 2027".'),
    "proposed_start": _("The start you propose, with its preposition, like free_from."),
    "counter_offer": _("Your counter-offer with its VAT mention: “4 400 € HT” or “€80 an hour excl. VAT”."),
    "smaller_scope": _("The deliverables of a smaller scope, for a fixed price."),
    "colleague_name": _("The name of the colleague you refer the client to."),
    "colleague_contact": _("That colleague's email and phone."),
    "referred_by": _("The colleague who sent you this client."),
    "skills_outside": _("The skills the request needs and you do not offer."),
    "questions": _("What to ask the client (the scope, the budget, the dates), one per line."),
    "signature": _("Your signature in the reply's language, from your settings."),
}
FOLLOW_UP_KINDS = tuple(FOLLOW_UPS)  # "nudge": a negotiation unanswered; "warm_again": the calendar has room now
QUESTION_CODES = ("scope", "budget", "dates")

ADDRESS_FORM = re.compile(r"\[([^\[\]|]*)\|([^\[\]|]*)\]")
REPLY_PREFIX = re.compile(r"^\s*re\s*:\s*", re.IGNORECASE)
NO_REPLY_STATES = {State.IGNORED}


@dataclass(frozen=True)
class ReplyFacts:
    """What a draft says: only facts that were checked; a missing one switches the sentence."""

    language: str  # "fr" | "en" (the client's)
    address_form: str  # "vous" | "tu"
    client_name: str  # full name, for the record; never the greeting by itself
    greeting: str  # clients.Client.greeting as stored, "" if the user left it empty
    client_email: str
    title: str
    channel: str  # projects.models.Channel value; a "Re:" subject only for Channel.EMAIL
    signature: str  # already chosen for the reply's language (Profile.signature_for(language))
    vat_mode: str  # accounts.models.VatMode value
    currency: str = "EUR"
    first_reply: bool = True  # False when a negotiation offer was already sent
    referred_by: str = ""  # name of the colleague who sent the client ("" if none)
    free_from: date | None = None  # only set when the calendar was checked and has a window
    proposed_start: date | None = None  # only set when checked (the start the user proposes)
    counter_offer: Decimal | None = None  # in counter_offer_kind: a fixed fee, an hourly or a daily rate
    counter_offer_kind: str = BudgetKind.FIXED
    reduced_scope: bool = False  # offer a smaller scope: only ever True for a fixed price
    colleague_name: str = ""
    colleague_contact: str = ""
    missing: tuple[str, ...] = ()  # what to ask the client: "scope", "budget", "dates"
    skills_outside: tuple[str, ...] = ()  # skill names, for a decline/refer for skills
    smaller_scope: str = ""  # the deliverables of the smaller scope, as the user wrote them ("" → to fill in)
    answered_before: bool = False  # a reply declining this same request was already sent


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


def _fixed(facts: ReplyFacts) -> bool:
    return facts.counter_offer_kind == BudgetKind.FIXED


def _questions_asked(facts: ReplyFacts) -> list[str]:
    return [code for code in dict.fromkeys(facts.missing) if code in QUESTION_CODES]


# The names a default text's conditions may use (see triage.reply_texts).
CONDITIONS: dict[str, Callable[[ReplyFacts], bool]] = {
    "free_from": lambda f: f.free_from is not None,
    "proposed_start": lambda f: f.proposed_start is not None,
    "counter_offer": lambda f: f.counter_offer is not None,
    "fixed": _fixed,
    "smaller_scope": lambda f: f.reduced_scope and _fixed(f),
    "colleague": lambda f: bool(f.colleague_name.strip()),
    "contact": lambda f: bool(f.colleague_contact.strip()),
    "referred_by": lambda f: bool(f.referred_by.strip()),
    "skills": lambda f: any(s.strip() for s in f.skills_outside),
    "missing": lambda f: bool(_questions_asked(f)),
    "first_reply": lambda f: f.first_reply,
    "answered_before": lambda f: f.answered_before,
    "email": lambda f: f.channel == Channel.EMAIL,
    "phone": lambda f: f.channel == Channel.PHONE,
}
# The default wording shown as one block of text (to start the user's own): every fact known, a first
# reply by email, nothing out of the ordinary.
ASSUMED = {
    **dict.fromkeys(CONDITIONS, True),
    **dict.fromkeys(("smaller_scope", "referred_by", "answered_before", "phone"), False),
}


def reply_language(language: str) -> str:
    return "en" if language == "en" else "fr"


def _texts(language: str) -> ModuleType:
    return TEXTS[reply_language(language)]


def _default_case(decision: str, reason: str, language: str) -> dict | None:
    if decision in NO_REPLY_STATES:
        return None
    texts = DEFAULTS.get((decision, reason)) or DEFAULTS.get((decision, None))
    return texts[reply_language(language)] if texts else None


def _kept(sentence, holds: Callable[[str], bool]) -> str:
    """The sentence's text when its condition holds, else ""."""
    if isinstance(sentence, str):
        return sentence
    condition, text = sentence
    for name in condition.split():
        wanted = not name.startswith("!")
        if holds(name.lstrip("!")) is not wanted:
            return ""
    return text


def _compose(case: dict, texts: ModuleType, holds: Callable[[str], bool]) -> tuple[str, str]:
    """The (subject, body) template of a case, with the sentences the facts allow."""
    opening = []
    if case.get("opening"):
        if not holds("first_reply"):
            opening = [texts.OPENINGS["after_offer"]]
        else:
            opening = [texts.OPENINGS["phone" if holds("phone") else case["opening"]]]
            if holds("referred_by"):
                opening.append(texts.OPENINGS["referred_by"])
    paragraphs = []
    for index, paragraph in enumerate(case["body"]):
        sentences = [text for text in (_kept(s, holds) for s in paragraph) if text]
        if index == 0:
            sentences = opening + sentences
        if sentences:
            paragraphs.append(" ".join(sentences))
    closing = case.get("closing", texts.CLOSING)
    body = "\n\n".join(["{greeting}", *paragraphs, closing + "\n{signature}"])
    return texts.SUBJECT["email" if holds("email") else "other"], body


def default_for(decision: str, reason: str, language: str) -> tuple[str, str] | None:
    """The default (subject, body) for a case, as one text to start from; None when no reply is needed."""
    case = _default_case(decision, reason, language)
    return _compose(case, _texts(language), ASSUMED.__getitem__) if case else None


def template_variables(text: str) -> set[str]:
    """The {names} a template uses; a format error raises ValueError."""
    names = set()
    for _literal, name, _spec, _conversion in string.Formatter().parse(text):
        if name is not None:
            names.add(name)
    return names


def unknown_variables(text: str) -> set[str]:
    return template_variables(text) - set(VARIABLES)


def choose_form(text: str, tu: bool) -> str:
    """Keep the *vous* or the *tu* half of every "[vous|tu]"."""
    return ADDRESS_FORM.sub(lambda m: m.group(2) if tu else m.group(1), text)


def _from_date(day: date, language: str) -> str:
    if language == "fr":
        return f"à partir du {'1er' if day.day == 1 else day.day} {date_format(day, 'F Y')}"
    return "from " + date_format(day, "j F Y")


def _amount(facts: ReplyFacts, texts: ModuleType) -> str:
    """The counter-offer, saying what it is with VAT and, for a rate, per what."""
    pattern = texts.AMOUNT.get(facts.vat_mode, texts.AMOUNT[VatMode.EXCLUDED])
    per = texts.PER.get(facts.counter_offer_kind, "")
    return pattern.format(amount=money(facts.counter_offer, facts.currency), per=per)


def _questions(facts: ReplyFacts, texts: ModuleType) -> str:
    codes = _questions_asked(facts)
    between, last = texts.LIST_PUNCTUATION
    return "\n".join(
        f"- {texts.QUESTIONS[code]}{last if i == len(codes) - 1 else between}" for i, code in enumerate(codes)
    )


def _values(facts: ReplyFacts) -> dict[str, str]:
    language = reply_language(facts.language)
    texts = TEXTS[language]
    tu = language == "fr" and facts.address_form == "tu"
    greeting = " ".join(facts.greeting.split())
    skills = [s.strip() for s in facts.skills_outside if s.strip()]
    with translation.override(language):
        known = {
            "greeting": texts.GREETING["named"].format(name=greeting) if greeting else texts.GREETING["plain"],
            "client_name": facts.client_name,
            "title": facts.title,
            "signature": facts.signature.strip(),
            "colleague_name": facts.colleague_name.strip(),
            "colleague_contact": facts.colleague_contact.strip(),
            "referred_by": facts.referred_by.strip(),
            "skills_outside": ", ".join(skills[:-1]) + texts.AND + skills[-1] if len(skills) > 1 else "".join(skills),
            "questions": choose_form(_questions(facts, texts), tu),
            "free_from": _from_date(facts.free_from, language) if facts.free_from else "",
            "proposed_start": _from_date(facts.proposed_start, language) if facts.proposed_start else "",
            "counter_offer": _amount(facts, texts) if facts.counter_offer is not None else "",
            "smaller_scope": facts.smaller_scope.strip(),
        }
    return {name: value or texts.MISSING.get(name, "") for name, value in known.items()}


def fill(text: str, facts: ReplyFacts) -> str:
    """Choose the form of address, then put the facts in place of the {variables}."""
    text = choose_form(text, reply_language(facts.language) == "fr" and facts.address_form == "tu")
    values = _values(facts)
    out = []
    try:
        for literal, name, _spec, _conversion in string.Formatter().parse(text):
            out.append(literal)
            if name is not None:
                # Unknown names stay visible rather than failing: the template form refuses them anyway.
                out.append(values.get(name, "{" + name + "}"))
    except ValueError:  # a lone brace from an old or restored template: shown as written, never a 500
        return text
    return "".join(out)


def _finish(subject: str, body: str, facts: ReplyFacts) -> Draft:
    """Fill the texts; "Re:" only for a reply by email; French typography for a French draft."""
    subject, body = fill(subject, facts).strip(), fill(body, facts).strip()
    prefix = REPLY_PREFIX.match(subject)
    if prefix:
        subject = subject[prefix.end() :]
    if reply_language(facts.language) == "fr":
        subject, body = french_typography(subject), french_typography(body)
    if prefix and facts.channel == Channel.EMAIL:
        subject = "Re: " + subject  # as mail software writes it, so that the reply threads
    return Draft(subject=subject, body=body, email=facts.client_email)


def _holds(facts: ReplyFacts) -> Callable[[str], bool]:
    return lambda name: CONDITIONS[name](facts)


def render_draft(*, decision: str, reason: str, facts: ReplyFacts, custom: tuple[str, str] | None = None) -> Draft:
    """The draft for one decision in the client's language; `custom` is the user's (subject, body)."""
    if custom:
        return _finish(*custom, facts)
    case = _default_case(decision, reason, facts.language)
    if case is None:
        return Draft(subject="", body="", email=facts.client_email)
    return _finish(*_compose(case, _texts(facts.language), _holds(facts)), facts)


def render_follow_up(*, kind: str, facts: ReplyFacts, custom: tuple[str, str] | None = None) -> Draft:
    """A message after the decision: "nudge" (a negotiation unanswered), "warm_again" (room in the calendar)."""
    if kind not in FOLLOW_UPS:
        raise ValueError(f"Unknown follow-up: {kind}")
    if custom:
        return _finish(*custom, facts)
    case = FOLLOW_UPS[kind][reply_language(facts.language)]
    return _finish(*_compose(case, _texts(facts.language), _holds(facts)), facts)


def template_cases() -> list[tuple[str, str]]:
    """Every (decision, reason) a user may word their own way: the pairs a decision allows, with a reply."""
    return [
        (decision, reason)
        for decision, reasons in REASONS_FOR.items()
        if decision not in NO_REPLY_STATES
        for reason in reasons
    ]
