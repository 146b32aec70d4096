"""Reply drafts: every default, in both languages and both forms of address, filled with the facts."""

import re
from datetime import date
from decimal import Decimal

import pytest

from accounts.models import VatMode
from projects.models import BudgetKind, Channel, DecisionReason, State
from triage.forms import ReplyTemplateForm
from triage.replies import (
    DEFAULTS,
    VARIABLES,
    ReplyFacts,
    default_for,
    render_draft,
    template_cases,
    unknown_variables,
)

CASES = template_cases()
PLACEHOLDER = re.compile(r"[{}\[\]|]")


def full_facts(language="fr", address_form="vous", **changes) -> ReplyFacts:
    values = dict(
        language=language,
        address_form=address_form,
        client_name="Camille Martin",
        greeting="Camille",
        client_email="camille@example.com",
        title="Boutique en ligne",
        channel=Channel.EMAIL,
        signature="Dominique Petit, développeuse web",
        vat_mode=VatMode.EXCLUDED,
        currency="EUR",
        free_from=date(2027, 3, 12),
        proposed_start=date(2027, 3, 1),
        counter_offer=Decimal("4400"),
        reduced_scope=True,
        smaller_scope="la page d'accueil et le catalogue",
        colleague_name="Alex Dupont",
        colleague_contact="alex@example.net · 06 12 34 56 78",
    )
    values.update(changes)
    return ReplyFacts(**values)


def empty_facts(language, address_form) -> ReplyFacts:
    return ReplyFacts(
        language=language,
        address_form=address_form,
        client_name="Camille Martin",
        greeting="",
        client_email="",
        title="Boutique en ligne",
        channel=Channel.WEBSITE,
        signature="Dominique",
        vat_mode=VatMode.EXCLUDED,
    )


VARIANTS = [("en", "vous"), ("fr", "vous"), ("fr", "tu")]


@pytest.mark.parametrize("decision, reason", CASES, ids=[f"{d}-{r}" for d, r in CASES])
@pytest.mark.parametrize("language, address_form", VARIANTS, ids=["en", "fr-vous", "fr-tu"])
def test_every_default_draft_is_filled_and_leaves_no_placeholder(decision, reason, language, address_form):
    for facts in (full_facts(language, address_form), empty_facts(language, address_form)):
        draft = render_draft(decision=decision, reason=reason, facts=facts)
        assert not PLACEHOLDER.search(draft.subject + draft.body), draft.body
        hello = "Hello" if language == "en" else "Bonjour"
        assert draft.body.split("\n", 1)[0] == (f"{hello} {facts.greeting}," if facts.greeting else f"{hello},")
        assert "Camille Martin" not in draft.body  # the full name is for the record, never the greeting
        assert draft.body.rstrip().endswith(facts.signature)
        assert "Boutique en ligne" in draft.subject
        assert "' " not in draft.body and "  " not in draft.body  # an elision or a choice left a gap


@pytest.mark.parametrize("decision, reason", CASES, ids=[f"{d}-{r}" for d, r in CASES])
def test_french_drafts_say_vous_or_tu_as_the_client_is_addressed(decision, reason):
    vous = render_draft(decision=decision, reason=reason, facts=full_facts("fr", "vous")).body
    tu = render_draft(decision=decision, reason=reason, facts=full_facts("fr", "tu")).body
    assert re.search(r"\b(vous|votre|vos)\b", vous, re.I)
    assert not re.search(r"\b(te|ton|ta|tes|toi|tu)\b", vous.split("\n\n", 1)[1], re.I)
    assert re.search(r"\b(te|t'|ton|ta|tes|toi|tu)\b", tu, re.I)
    assert not re.search(r"\b(vous|votre|vos)\b", tu, re.I)


def test_the_facts_appear_in_the_client_s_language():
    fr = render_draft(decision=State.REFERRED, reason=DecisionReason.NO_TIME, facts=full_facts("fr", "vous")).body
    en = render_draft(decision=State.REFERRED, reason=DecisionReason.NO_TIME, facts=full_facts("en", "vous")).body
    assert "Alex Dupont" in fr and "alex@example.net" in fr and "à partir du 12 mars 2027" in fr
    assert "Alex Dupont" in en and "from 12 March 2027" in en


def test_a_counter_offer_is_written_as_money_with_its_unit():
    fixed = render_draft(
        decision=State.NEGOTIATING, reason=DecisionReason.RATE_BELOW_MINIMUM, facts=full_facts("fr")
    ).body
    hourly = render_draft(
        decision=State.NEGOTIATING,
        reason=DecisionReason.RATE_BELOW_MINIMUM,
        facts=full_facts("en", counter_offer=Decimal(70), counter_offer_kind=BudgetKind.HOURLY),
    ).body
    assert "4\u00a0400\u00a0€\u00a0HT" in fixed and "la page d'accueil et le catalogue" in fixed
    assert "€70 an hour excl. VAT" in hourly
    assert "catalogue" not in hourly  # a smaller scope only for a fixed price


def test_the_first_of_the_month_is_written_the_french_way():
    body = render_draft(
        decision=State.NEGOTIATING,
        reason=DecisionReason.NO_TIME,
        facts=full_facts("fr", proposed_start=date(2027, 3, 1)),
    ).body
    assert "à partir du 1er mars 2027" in body


def test_an_ignored_request_needs_no_reply():
    draft = render_draft(decision=State.IGNORED, reason=DecisionReason.SPAM_OR_REPEAT, facts=full_facts())
    assert draft.body == "" and draft.mailto == ""


def test_the_user_s_template_replaces_the_default_and_uses_the_same_notation():
    draft = render_draft(
        decision=State.DECLINED,
        reason=DecisionReason.NO_TIME,
        facts=full_facts("fr", "tu"),
        custom=("Ta demande", "Salut {client_name}, [vous êtes|tu es] {free_from} sur ma liste. {signature}"),
    )
    assert (
        draft.body
        == "Salut Camille Martin, tu es à partir du 12 mars 2027 sur ma liste. Dominique Petit, développeuse web"
    )


def test_the_mailto_link_carries_the_subject_and_body():
    draft = render_draft(decision=State.ACCEPTED, reason=DecisionReason.FITS, facts=full_facts("en"))
    assert draft.mailto.startswith("mailto:camille%40example.com?subject=Re%3A%20Boutique")
    assert "body=Hello%20Camille" in draft.mailto


def test_every_decision_that_answers_has_defaults_in_both_languages():
    for decision, reason in CASES:
        assert default_for(decision, reason, "fr") and default_for(decision, reason, "en")
    for texts in DEFAULTS.values():
        assert set(texts) == {"fr", "en"}


@pytest.mark.parametrize(
    "body, valid",
    [
        ("Hello {client_name}, {signature}", True),
        ("Hello {client}", False),
        ("Hello {client_name.__class__}", False),
        ("Hello {client_name", False),
        ("Braces {{ like this }}", True),
    ],
)
def test_the_template_form_accepts_only_known_variables(body, valid):
    form = ReplyTemplateForm(data={"subject": "Re: {title}", "body": body})
    assert form.is_valid() is valid
    if not valid:
        assert "body" in form.errors


def test_every_variable_is_documented():
    assert set(VARIABLES) == {
        "greeting",
        "client_name",
        "title",
        "free_from",
        "proposed_start",
        "counter_offer",
        "smaller_scope",
        "colleague_name",
        "colleague_contact",
        "referred_by",
        "skills_outside",
        "questions",
        "signature",
    }


def test_in_my_own_wording_a_missing_fact_shows_what_to_write_in_its_place():
    draft = render_draft(
        decision=State.DECLINED,
        reason=DecisionReason.NO_TIME,
        facts=empty_facts("en", "vous"),
        custom=("Re: {title}", "{greeting} I'm free {free_from}, for {counter_offer}. {signature}"),
    )
    assert draft.body == "Hello, I'm free [date I'm free], for [amount]. Dominique"


def test_re_only_for_a_reply_by_email_whatever_the_wording():
    mine = ("Re : {title}", "{greeting}")
    by_email = render_draft(decision=State.ACCEPTED, reason="fits", facts=full_facts("fr"), custom=mine)
    by_form = render_draft(
        decision=State.ACCEPTED, reason="fits", facts=full_facts("fr", channel=Channel.WEBSITE), custom=mine
    )
    assert by_email.subject == "Re: Boutique en ligne"  # as mail software writes it, so that it threads
    assert by_form.subject == "Boutique en ligne"
    default = render_draft(decision=State.ACCEPTED, reason="fits", facts=full_facts("fr", channel=Channel.PHONE))
    assert default.subject == "Votre demande\u00a0: Boutique en ligne"


def test_the_default_wording_to_start_from_assumes_every_fact_and_uses_only_known_variables():
    for decision, reason in CASES:
        for language in ("fr", "en"):
            subject, body = default_for(decision, reason, language)
            assert subject == "Re: {title}"
            assert body.startswith("{greeting}\n\n") and body.endswith("\n{signature}")
            assert not unknown_variables(subject + body)
