"""Made-up people and companies for the demo: names, e-mail addresses, phones, SIREN/SIRET numbers.

Pure functions of a seeded `random.Random`, no database.
"""

import random
import re
import unicodedata
from dataclasses import dataclass

from . import samples


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    language: str  # "fr" or "en"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def slug(text: str) -> str:
    """ASCII, lower case, words joined by hyphens: "Atelier Lumière" -> "atelier-lumiere"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(re.sub(r"[^0-9a-z]+", " ", folded.lower()).split())


def unique_person(rng: random.Random, language: str, used: set[str]) -> Person:
    """A person whose full name is not in `used` yet (and is added to it)."""
    firsts, lasts = (
        (samples.FRENCH_FIRST_NAMES, samples.FRENCH_LAST_NAMES)
        if language == "fr"
        else (samples.ENGLISH_FIRST_NAMES, samples.ENGLISH_LAST_NAMES)
    )
    for _attempt in range(200):
        person = Person(rng.choice(firsts), rng.choice(lasts), language)
        if person.name not in used:
            break
    else:  # every combination taken: tell namesakes apart with a middle initial
        person = Person(f"{rng.choice(firsts)} {chr(65 + rng.randrange(26))}.", rng.choice(lasts), language)
    used.add(person.name)
    return person


def company_name(rng: random.Random, language: str) -> str:
    if language == "fr":
        legal = rng.choice(samples.FRENCH_LEGAL_FORMS)
        base = f"{rng.choice(samples.FRENCH_COMPANY_PREFIXES)} {rng.choice(samples.FRENCH_COMPANY_CORES)}"
        return f"{base} {legal}".strip()
    return f"{rng.choice(samples.ENGLISH_COMPANY_CORES)} {rng.choice(samples.ENGLISH_COMPANY_SUFFIXES)}"


def company_domain(company: str, language: str) -> str:
    words = [w for w in slug(company).split("-") if w not in {"sarl", "sas", "sasu", "eurl", "scop", "ltd", "co"}]
    return "-".join(words) + (".fr" if language == "fr" else ".co.uk")


def email_address(rng: random.Random, person: Person, domain: str) -> str:
    first, last = slug(person.first_name).replace("-", ""), slug(person.last_name).replace("-", "")
    local = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}", "contact"])
    return f"{local}@{domain}"


def webmail_address(rng: random.Random, person: Person) -> str:
    first, last = slug(person.first_name).replace("-", ""), slug(person.last_name).replace("-", "")
    local = rng.choice([f"{first}.{last}", f"{first}{last}{rng.randint(1, 99)}", f"{first[0]}.{last}"])
    return f"{local}@{rng.choice(samples.WEBMAIL_DOMAINS)}"


def phone_number(rng: random.Random, language: str) -> str:
    if language == "fr":
        return f"0{rng.choice('67')} " + " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4))
    return f"+44 7{rng.randint(100, 999)} {rng.randint(100000, 999999)}"


def luhn_check_digit(digits: str) -> str:
    """The digit that makes `digits + it` pass the Luhn check, as SIREN and SIRET numbers do."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:  # doubled: these are the odd positions counting from the check digit
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def siren(rng: random.Random) -> str:
    body = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(7))
    return body + luhn_check_digit(body)


def siret(rng: random.Random) -> str:
    body = siren(rng) + "".join(str(rng.randint(0, 9)) for _ in range(4))
    return body + luhn_check_digit(body)
