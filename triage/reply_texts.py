"""The default reply texts, per decision, reason and language, as data (triage.replies puts them together).

The texts are content, not interface strings: the decisions' replies live in reply_texts_fr / reply_texts_en,
the follow-ups below, all written for Tact. Each follows the same shape: the reason and the context first,
then the answer, then an alternative (a colleague, a later date, a smaller scope, a piece of advice). Calm,
never arguing.

A case is a dict: "opening" (which of the language's OPENINGS starts the first paragraph, or None when
the text opens itself), an optional "closing", and "body", a tuple of paragraphs. A paragraph is a tuple
of sentences; a sentence is a text, or a (condition, text) pair kept only when the condition holds.
A condition is one or more names separated by spaces, all required; "!name" requires the opposite
(the names are triage.replies.CONDITIONS). So a missing fact switches the sentence: it never fills it.
French texts write both forms of address: "[vous|tu]" keeps the first part for *vous*, the second for *tu*.
"""

from __future__ import annotations

from . import reply_texts_en, reply_texts_fr

TEXTS = {"fr": reply_texts_fr, "en": reply_texts_en}

# (decision, reason or None for "any other reason") -> language -> case
DEFAULTS: dict[tuple[str, str | None], dict[str, dict]] = {
    key: {language: module.CASES[key] for language, module in TEXTS.items()} for key in reply_texts_fr.CASES
}

# kind -> language -> case: messages written after the decision, when something changed.
FOLLOW_UPS: dict[str, dict[str, dict]] = {
    # A negotiation left unanswered: a reminder of the offer, and an easy way out.
    "nudge": {
        "fr": {
            "opening": None,
            "body": (
                (
                    "Je me permets de revenir vers [vous|toi] au sujet de « {title} » : je [vous |t']avais fait une "
                    "proposition, et je voulais savoir où [vous en êtes|tu en es].",
                ),
                (
                    ("counter_offer fixed", "Pour rappel, mon prix pour l'ensemble du projet est de {counter_offer}."),
                    ("counter_offer !fixed", "Pour rappel, mon tarif est de {counter_offer}."),
                    ("proposed_start", "Je peux commencer {proposed_start}."),
                ),
                (
                    "Si le projet a changé ou n'est plus d'actualité, un mot suffit : je comprendrai très bien. "
                    "Sinon, je reste [à votre|à ta] disposition pour en parler.",
                ),
            ),
        },
        "en": {
            "opening": None,
            "body": (
                ("I'm following up on “{title}”: I sent you a proposal, and wanted to see where things stand.",),
                (
                    ("counter_offer fixed", "As a reminder, my fee for the whole project is {counter_offer}."),
                    ("counter_offer !fixed", "As a reminder, my rate is {counter_offer}."),
                    ("proposed_start", "I can start {proposed_start}."),
                ),
                (
                    "If the project has changed or is off the table, a quick word is enough: I'll completely "
                    "understand. Otherwise, I'm happy to talk it through.",
                ),
            ),
        },
    },
    # A request declined for lack of time and kept warm: the calendar has room now (free_from).
    "warm_again": {
        "fr": {
            "opening": None,
            "body": (
                (
                    "Je reviens vers [vous|toi] au sujet de « {title} » : quand [vous m'en avez|tu m'en as] parlé, "
                    "mon planning ne me permettait pas de m'en charger.",
                ),
                (
                    ("free_from", "Il s'est libéré depuis : je suis disponible {free_from}."),
                    (
                        "free_from",
                        "Si le projet est toujours d'actualité, [dites-le-moi|dis-le-moi] et je [vous |t']envoie "
                        "un devis.",
                    ),
                    (
                        "!free_from",
                        "Si le projet est toujours d'actualité, je regarderai volontiers avec [vous|toi] quand je "
                        "pourrais le prendre en charge.",
                    ),
                ),
                ("S'il a trouvé preneur entre-temps, je [vous|te] souhaite une belle réussite.",),
            ),
        },
        "en": {
            "opening": None,
            "body": (
                (
                    "I'm getting back to you about “{title}”: when you told me about it, my calendar didn't leave "
                    "room for it.",
                ),
                (
                    ("free_from", "That's changed: I'm free {free_from}."),
                    ("free_from", "If the project is still on, just let me know and I'll send you a quote."),
                    (
                        "!free_from",
                        "If the project is still on, I'd be glad to look at when I could take it on with you.",
                    ),
                ),
                ("If someone else has taken it on in the meantime, I wish you every success with it.",),
            ),
        },
    },
}
