"""French typography for the text Tact writes: the non-breaking spaces French puts around punctuation.

One convention, the one of the Lexique des règles typographiques de l'Imprimerie nationale as word
processors apply it:

* a narrow no-break space (U+202F, "espace fine insécable") before ``;`` ``!`` ``?``;
* a no-break space (U+00A0) before ``:``, after ``«`` and before ``»``.

Only the spaces around punctuation that ends a word are set: a space the text has is replaced by the
right one, and a missing one is added when the mark follows a letter and ends the word. So a URL
(``https://``, ``?page=2``), a time (``14:30``), an email address or a ratio (``1:2``) are left alone, and
the function is idempotent: ``french_typography(french_typography(t)) == french_typography(t)``.

Two more things a sentence with a name or a figure in it needs: French elides "de" before a name that
starts with a vowel or a mute h ("d'Amandine", "de Paul": `elide_de`), and gettext chooses a plural by a
whole number while a score may be 0.5 (`plural_number`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils import translation

NBSP = "\u00a0"
NNBSP = "\u202f"

_SPACES = "[ \t\u00a0\u202f]"
# A space (or several) between a word and the mark: the space becomes the right one.
_SPACED_MARK = re.compile(rf"(?<=\S){_SPACES}+([;:!?])")
# No space between a letter (or a closing bracket, quote) and a mark that ends the word: add one.
_GLUED_MARK = re.compile(r"(?:(?<=[^\W\d_])|(?<=[)\]»]))([;:!?])(?=[\s!?»)]|$)")
_OPENING_QUOTE = re.compile(rf"«{_SPACES}*")
_CLOSING_QUOTE = re.compile(rf"(?<=\S){_SPACES}*»")


def _space_before(mark: str) -> str:
    return NBSP if mark == ":" else NNBSP


def french_typography(text: str) -> str:
    """The text with French non-breaking spaces before ; : ! ? and inside « »."""
    if not text:
        return text
    text = _SPACED_MARK.sub(lambda m: _space_before(m.group(1)) + m.group(1), text)
    text = _GLUED_MARK.sub(lambda m: _space_before(m.group(1)) + m.group(1), text)
    text = _OPENING_QUOTE.sub("«" + NBSP, text)
    return _CLOSING_QUOTE.sub(NBSP + "»", text)


# A name elides "de" when it starts with a vowel (accents included) or an h, taken as mute as in most first
# names (Hélène, Hugo); a Y before a consonant is a vowel (Yves), before a vowel a consonant (Yann).
_VOWEL_START = re.compile(r"^(?:[aeiouàâäéèêëîïôöùûüœæh]|y(?![aeiouyàâäéèêëîïôöùûü]))", re.IGNORECASE)


def elides(name: str) -> bool:
    """Whether French writes "d'" rather than "de" before this name."""
    return bool(_VOWEL_START.match(name.strip()))


def elide_de(text: str, *names: str) -> str:
    """The French text with each "de <name>" written "d'<name>" where the name asks for it.

    Only "de" right before one of these names changes, so the translation keeps its natural
    "de %(client)s" and the rest of the sentence is left as the translator wrote it.
    """
    for name in names:
        name = name.strip()
        if name and elides(name):
            text = re.sub(rf"\b([Dd])e\s+{re.escape(name)}", lambda m, name=name: f"{m.group(1)}'{name}", text)
    return text


def plural_number(value: Decimal | int) -> int:
    """The whole number gettext should pick a plural form by, for a figure that may have a fraction.

    A whole number is itself. A fraction is plural in English ("0.5 points", "1.5 points") and follows
    its whole part in French ("0,5 point", "1,5 point", "2,5 points").
    """
    value = Decimal(value)
    whole = int(value)
    if value == whole:
        return whole
    return whole if (translation.get_language() or "").startswith("fr") else 2
