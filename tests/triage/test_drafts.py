"""Drafts a freelancer sends as is: every default draft and follow-up, in French (vous, tu) and English,
with every fact and with facts missing, read the way a careful reader would; and French typography."""

import re
from datetime import date
from decimal import Decimal

import pytest

from accounts.models import VatMode
from accounts.typography import NBSP, NNBSP, french_typography
from projects.models import BudgetKind, Channel, DecisionReason, State
from triage import reply_texts
from triage.replies import (
    CONDITIONS,
    DEFAULTS,
    FOLLOW_UP_KINDS,
    ReplyFacts,
    render_draft,
    render_follow_up,
    template_cases,
)

# --- French typography -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Merci ! Et vous ?", f"Merci{NNBSP}! Et vous{NNBSP}?"),
        ("Merci! Et vous?", f"Merci{NNBSP}! Et vous{NNBSP}?"),
        ("Deux points : voilà ; et puis", f"Deux points{NBSP}: voilà{NNBSP}; et puis"),
        ("« Boutique en ligne »", f"«{NBSP}Boutique en ligne{NBSP}»"),
        ("«Boutique»", f"«{NBSP}Boutique{NBSP}»"),
        ("Vraiment ?!", f"Vraiment{NNBSP}?!"),
        ("Note:\nla suite", f"Note{NBSP}:\nla suite"),
        ("(TVA non applicable) :", f"(TVA non applicable){NBSP}:"),
    ],
)
def test_french_typography_puts_the_non_breaking_spaces(text, expected):
    assert french_typography(text) == expected
    assert french_typography(expected) == expected  # idempotent: a typographed text stays as it is


@pytest.mark.parametrize(
    "text",
    [
        "https://example.com/devis?id=12&v=2",
        "mailto:alex@example.net",
        "Rendez-vous à 14:30 ou 9:05.",
        "Écrire à alex@example.net ou +33 6 12 34 56 78.",
        "Un ratio 16:9, et 3,5 h.",
        "",
    ],
)
def test_french_typography_leaves_urls_times_and_emails_alone(text):
    assert french_typography(text) == text


def test_french_typography_fixes_a_space_of_the_wrong_kind():
    assert french_typography(f"Oui{NBSP}? Non\u202f: peut-être ;") == f"Oui{NNBSP}? Non{NBSP}: peut-être{NNBSP};"


# --- Every default draft --------------------------------------------------------------------------------

VARIANTS = {"fr-vous": ("fr", "vous"), "fr-tu": ("fr", "tu"), "en": ("en", "vous")}
# Every case a user may word, and every default text even when no decision reaches it today.
CASES = list(dict.fromkeys([*template_cases(), *((d, r or "") for d, r in DEFAULTS)]))
SCOPE = {"fr": "la page d'accueil et le catalogue", "en": "the home page and the catalogue"}
SKILLS = ("Illustration", "Motion design")


def facts_for(facts_kind: str, language: str, address_form: str) -> ReplyFacts:
    base = dict(
        language=language,
        address_form=address_form,
        client_name="Camille Martin",
        client_email="camille@example.com",
        title="Boutique en ligne",
        signature="Dominique Petit",
    )
    full = dict(
        greeting="Madame Martin" if (language, address_form) == ("fr", "vous") else "Camille",
        channel=Channel.EMAIL,
        vat_mode=VatMode.EXCLUDED,
        referred_by="Sam Leroy",
        free_from=date(2027, 3, 12),
        proposed_start=date(2027, 3, 1),
        counter_offer=Decimal("4400"),
        counter_offer_kind=BudgetKind.FIXED,
        reduced_scope=True,
        smaller_scope=SCOPE[language],
        colleague_name="Alex Dupont",
        colleague_contact="alex@example.net · 06 12 34 56 78",
        missing=("scope", "budget", "dates"),
        skills_outside=SKILLS,
    )
    if facts_kind == "full":
        return ReplyFacts(**base, **full)
    if facts_kind == "after_offer":  # a second message: an hourly rate, VAT included, from the website form
        changes = dict(
            first_reply=False,
            channel=Channel.WEBSITE,
            vat_mode=VatMode.INCLUDED,
            counter_offer=Decimal("70"),
            counter_offer_kind=BudgetKind.HOURLY,
            missing=("budget",),
            answered_before=True,
        )
        return ReplyFacts(**base, **{**full, **changes})
    # Nothing checked: no greeting set, by phone, no date, no amount, no colleague, nothing to ask.
    return ReplyFacts(**base, greeting="", channel=Channel.PHONE, vat_mode=VatMode.EXEMPT)


FACT_KINDS = ("full", "after_offer", "missing")
RENDERINGS = [
    *(pytest.param("draft", d, r, id=f"{d}-{r or 'other'}") for d, r in CASES),
    *(pytest.param("follow_up", kind, "", id=kind) for kind in FOLLOW_UP_KINDS),
]


def render(what, case, reason, facts):
    if what == "draft":
        return render_draft(decision=case, reason=reason, facts=facts)
    return render_follow_up(kind=case, facts=facts)


# Words that fill a gap instead of saying a fact, calques, and claims no rule checked.
FILLER = [
    "un budget adapté",
    "a budget matched",
    "quelques semaines",
    "in a few weeks",
    "dès que nous serons d'accord",
    "as soon as we agree",
    "coordonnées sur demande",
    "details on request",
    "au périmètre réduit",
    "with a reduced scope",
    "a colleague i trust",
    "having read your request",
    "à la lecture de",
    "mon planning me permet",
    "my calendar has room",
    "none",
    "{",
    "}",
    "[",
    "]",
    "|",
]
SAID_BEFORE = [
    "as i said",
    "previous reply",
    "previous answer",
    "comme je vous l",
    "comme je te l",
    "réponse précédente",
]
SAID_BEFORE += ["précédente réponse", "comme je vous le disais", "comme je te le disais"]
GENDERED = re.compile(
    r"\w·\w|\(e\)|\b(ravie?|heureux|heureuse|engagée?|désolée?|prête?|contente?|certaine?|sûre|occupée?"
    r"|débordée?|convaincue?|intéressée?|disposée?|honorée?|contactée?|sollicitée?|chère?)s?\b",
    re.IGNORECASE,
)
MONTHS = re.compile(
    r"\b(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|January|February"
    r"|March|April|May|June|July|August|September|October|November|December)\b"
)
VAT = {
    VatMode.EXCLUDED: ("\u00a0HT", "excl. VAT"),
    VatMode.INCLUDED: ("\u00a0TTC", "incl. VAT"),
    VatMode.EXEMPT: ("TVA non applicable, art. 293 B du CGI", "VAT not applicable"),
}
SENTENCE_END = re.compile(r"(?<!excl\.)(?<!incl\.)(?<!art\.)(?<=[.!?])\s+|\n")


def amount_sentences(body: str) -> list[str]:
    return [sentence for sentence in SENTENCE_END.split(body) if "€" in sentence]


@pytest.mark.parametrize("facts_kind", FACT_KINDS)
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("what, case, reason", RENDERINGS)
def test_a_draft_says_only_what_was_checked_and_reads_as_sent(what, case, reason, variant, facts_kind):
    language, address_form = VARIANTS[variant]
    facts = facts_for(facts_kind, language, address_form)
    draft = render(what, case, reason, facts)
    subject, body, low = draft.subject, draft.body, draft.body.lower()
    french = language == "fr"
    paragraphs = body.split("\n\n")

    # Filled, and no filler: a missing fact switches the sentence.
    assert subject and body.endswith("\n" + facts.signature)
    for words in FILLER:
        assert words not in low and words not in subject.lower(), words
    if not facts.answered_before:
        assert not any(words in low for words in SAID_BEFORE)
    assert "  " not in body and "' " not in body and " ," not in body and ".." not in body
    assert not re.search(r"\bvous[a-zà-ÿ]", body)  # a "[vous |t']" without its space

    # The first person (and the client) never shows a gender.
    assert not GENDERED.search(body), GENDERED.search(body)

    # The greeting: the name the user chose for this client, never the full name; none when none was set.
    hello = "Bonjour" if french else "Hello"
    assert paragraphs[0] == (f"{hello} {facts.greeting}," if facts.greeting else f"{hello},")
    assert facts.client_name not in body

    # French typography is already applied, and no ordinary space is left before ; : ! ? » or after «.
    if french:
        assert french_typography(body) == body
        assert french_typography(subject.removeprefix("Re: ")) == subject.removeprefix("Re: ")
        assert not re.search(r"[ ][;:!?»]|«[ ]", body + subject)
    else:
        assert re.search(r"\b\w+'(s|re|ll|d|ve|t|m)\b", body)  # English with contractions

    # The channel: "Re:" only for a reply by email.
    assert subject.startswith("Re: ") is (facts.channel == Channel.EMAIL)
    assert facts.channel == Channel.EMAIL or not subject.lower().startswith("re")

    # Dates only when the calendar gave them; availability only then.
    if facts.free_from is None and facts.proposed_start is None:
        assert not MONTHS.search(body) and "2027" not in body
    if facts.proposed_start is None:
        assert not re.search(r"je peux commencer|i can start|i could start|i can begin|démarrage à partir", low)
        assert "cette date vous conviendrait" not in low and "would that work" not in low
    if facts.free_from is None:
        assert not re.search(r"disponible|i'm free|s'est libéré|that's changed", low)

    # An amount only when there is a counter-offer, and then with its VAT mention and what it is.
    amounts = amount_sentences(body)
    if facts.counter_offer is None:
        assert not amounts and "€" not in body
    for sentence in amounts:
        assert VAT[facts.vat_mode][0 if french else 1] in sentence, sentence
        fixed = facts.counter_offer_kind == BudgetKind.FIXED
        if not re.search(r"compte|count on", sentence):
            assert re.search(
                (r"\bprix\b" if fixed else r"\btarif\b") if french else ("fee" if fixed else "rate"), sentence
            )
        if not fixed:
            assert re.search(r"de l'heure|an hour", sentence)

    # A smaller scope only for a fixed price, as the deliverables the user wrote.
    offers_scope = facts.reduced_scope and facts.counter_offer_kind == BudgetKind.FIXED
    if not offers_scope:
        assert "périmètre plus restreint" not in low and "smaller scope" not in low and SCOPE[language] not in body

    # A first reply and a reply after an offer open differently; a referral is acknowledged on a first reply.
    opens = DEFAULTS.get((case, reason), DEFAULTS.get((case, None), {})).get(language, {}).get("opening")
    if what == "draft" and opens:
        after = "à la suite de ma proposition" if french else "following my proposal"
        assert (after in paragraphs[1]) is (not facts.first_reply)
        if facts.referred_by:
            assert (facts.referred_by in body) is facts.first_reply
    if not facts.referred_by or not facts.first_reply:
        assert "Sam Leroy" not in body

    # Colleagues, skills and questions are named when they were given, and only then.
    if case == State.REFERRED and facts.colleague_name:
        assert facts.colleague_name in body and facts.colleague_contact in body
    if not facts.colleague_name:
        assert "Alex Dupont" not in body
    if reason == DecisionReason.OUTSIDE_SKILLS and facts.skills_outside:
        assert all(skill in body for skill in facts.skills_outside)
    if reason != DecisionReason.OUTSIDE_SKILLS:
        assert not any(skill in body for skill in SKILLS)
    if reason == DecisionReason.MISSING_DETAILS:
        asked = [line for line in body.splitlines() if line.startswith("- ")]
        assert len(asked) == len(facts.missing)
        assert any("budget" in line for line in asked) is ("budget" in facts.missing)


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_smaller_scope_left_to_fill_in_shows_where_to_write_the_deliverables(variant):
    language, address_form = VARIANTS[variant]
    facts = facts_for("full", language, address_form)
    facts = ReplyFacts(**{**facts.__dict__, "smaller_scope": ""})
    body = render_draft(decision=State.NEGOTIATING, reason=DecisionReason.RATE_BELOW_MINIMUM, facts=facts).body
    marker = reply_texts.TEXTS[language].MISSING["smaller_scope"]
    assert marker in body and not re.sub(re.escape(marker), "", body).count("[")


def test_an_hourly_rate_is_never_offered_a_smaller_scope():
    facts = facts_for("full", "en", "vous")
    facts = ReplyFacts(**{**facts.__dict__, "counter_offer_kind": BudgetKind.HOURLY, "counter_offer": Decimal(70)})
    for decision, reason in CASES:
        body = render_draft(decision=decision, reason=reason, facts=facts).body
        assert "smaller scope" not in body and SCOPE["en"] not in body


def test_the_spam_or_repeat_decline_recalls_a_previous_answer_only_when_one_was_sent():
    facts = facts_for("full", "fr", "vous")
    first = render_draft(decision=State.DECLINED, reason=DecisionReason.SPAM_OR_REPEAT, facts=facts).body
    again = ReplyFacts(**{**facts.__dict__, "answered_before": True})
    second = render_draft(decision=State.DECLINED, reason=DecisionReason.SPAM_OR_REPEAT, facts=again).body
    assert "précédente réponse" not in first and "précédente réponse" in second


def test_the_warm_again_follow_up_gives_the_date_the_calendar_frees_up():
    facts = facts_for("full", "fr", "tu")
    body = render_follow_up(kind="warm_again", facts=facts).body
    assert "à partir du 12\u00a0mars 2027" in body or "à partir du 12 mars 2027" in body
    assert "Alex Dupont" not in body and "4\u00a0400" not in body


def test_an_unknown_follow_up_is_refused():
    with pytest.raises(ValueError):
        render_follow_up(kind="thanks", facts=facts_for("full", "en", "vous"))


def _sentences(case: dict):
    for paragraph in case["body"]:
        yield from paragraph


def test_every_condition_the_texts_use_is_known():
    cases = [case for texts in DEFAULTS.values() for case in texts.values()]
    cases += [case for texts in reply_texts.FOLLOW_UPS.values() for case in texts.values()]
    used = {
        name.lstrip("!") for case in cases for s in _sentences(case) if not isinstance(s, str) for name in s[0].split()
    }
    assert used <= set(CONDITIONS)
    for module in reply_texts.TEXTS.values():
        assert set(module.QUESTIONS) == {"scope", "budget", "dates"}
