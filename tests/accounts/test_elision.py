"""French elision before a name ("d'Amandine", "de Paul") and plurals of figures with a fraction."""

from decimal import Decimal

import pytest
from django.utils import translation

from accounts.typography import elide_de, elides, plural_number


@pytest.mark.parametrize(
    "name, elided",
    [
        ("Amandine", True),
        ("Émile", True),
        ("Isabelle", True),
        ("Hélène", True),  # a mute h, as in most first names
        ("Yves", True),  # a Y before a consonant sounds like i
        ("Yann", False),  # before a vowel, like a consonant
        ("Paul", False),
        ("IBM", True),
        ("3 Suisses", False),
        ("", False),
    ],
)
def test_which_names_take_d_apostrophe(name, elided):
    assert elides(name) is elided


@pytest.mark.parametrize(
    "text, name, expected",
    [
        ("« Logo » de Amandine attend.", "Amandine", "« Logo » d'Amandine attend."),
        ("De Hélène, rien.", "Hélène", "D'Hélène, rien."),
        ("« Logo » de Paul attend.", "Paul", "« Logo » de Paul attend."),
        # only "de" right before the name changes: a word ending in -de, or "de" before another word, stays
        ("La commande de Amandine, de Amandine.", "Amandine", "La commande d'Amandine, d'Amandine."),
        ("Une aide de Odile.", "Amandine", "Une aide de Odile."),
        ("Le code Amandine.", "Amandine", "Le code Amandine."),
    ],
    ids=["vowel", "mute h, capital D", "consonant", "every occurrence", "another name", "-de ending a word"],
)
def test_elide_de_changes_only_de_before_the_name(text, name, expected):
    assert elide_de(text, name) == expected


@pytest.mark.parametrize(
    "language, value, expected",
    [
        ("en", Decimal("1"), 1),
        ("en", Decimal("2"), 2),
        ("en", Decimal("0.5"), 2),  # "0.5 points"
        ("en", Decimal("1.5"), 2),
        ("fr", Decimal("0.5"), 0),  # "0,5 point"
        ("fr", Decimal("1.5"), 1),  # "1,5 point"
        ("fr", Decimal("2.5"), 2),  # "2,5 points"
        ("fr", Decimal("1.00"), 1),
    ],
)
def test_plural_number_follows_each_language(language, value, expected):
    with translation.override(language):
        assert plural_number(value) == expected
