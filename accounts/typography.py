"""French typography for the text Tact writes: the non-breaking spaces French puts around punctuation.

One convention, the one of the Lexique des règles typographiques de l'Imprimerie nationale as word
processors apply it:

* a narrow no-break space (U+202F, "espace fine insécable") before ``;`` ``!`` ``?``;
* a no-break space (U+00A0) before ``:``, after ``«`` and before ``»``.

Only the spaces around punctuation that ends a word are set: a space the text has is replaced by the
right one, and a missing one is added when the mark follows a letter and ends the word. So a URL
(``https://``, ``?page=2``), a time (``14:30``), an email address or a ratio (``1:2``) are left alone, and
the function is idempotent: ``french_typography(french_typography(t)) == french_typography(t)``.
"""

from __future__ import annotations

import re

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
