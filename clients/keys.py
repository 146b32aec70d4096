"""Normalised keys used to recognise the same client under different spellings.

Pure functions, no database: the model stores their results so that matching is one indexed query.
"""

import re
import unicodedata

# Legal forms dropped from company names, so "Dupont SARL" and "dupont" are the same company.
LEGAL_FORMS = frozenset(
    {
        # French
        "sarl", "sas", "sasu", "eurl", "sa", "sci", "snc", "scop", "scp", "selarl", "selas", "ei", "eirl",
        "earl", "gie", "sca", "cie", "et", "ste", "societe",
        # English and others
        "ltd", "limited", "llc", "llp", "lp", "inc", "incorporated", "corp", "corporation", "co", "plc",
        "gmbh", "ag", "bv", "nv", "srl", "sl", "spa",
    }
)  # fmt: skip

# Addresses anyone can open: sharing the domain says nothing about being the same client.
WEBMAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "outlook.fr", "hotmail.com", "hotmail.fr", "live.com",
        "live.fr", "msn.com", "yahoo.com", "yahoo.fr", "ymail.com", "orange.fr", "wanadoo.fr", "free.fr",
        "sfr.fr", "neuf.fr", "bbox.fr", "numericable.fr", "laposte.net", "icloud.com", "me.com", "mac.com",
        "proton.me", "protonmail.com", "pm.me", "gmx.com", "gmx.fr", "gmx.de", "aol.com", "aol.fr",
        "tutanota.com", "yandex.com", "mail.com", "zoho.com",
    }
)  # fmt: skip
# Providers with a domain per country (yahoo.co.uk, hotmail.be...).
WEBMAIL_PROVIDERS = frozenset({"gmail", "yahoo", "hotmail", "outlook", "live", "gmx", "proton", "protonmail", "aol"})

PHONE_KEY_DIGITS = 9


def _fold(text: str) -> str:
    """Lower case, without accents."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def name_key(name: str) -> str:
    """A person's name ignoring case, accents, punctuation and spacing."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", _fold(name)).split())


def company_key(company: str) -> str:
    """A company name ignoring case, accents, punctuation and legal forms (SARL, SAS, Ltd...)."""
    folded = _fold(company).replace(".", "")  # S.A.R.L. -> sarl
    words = re.sub(r"[^0-9a-z]+", " ", folded).split()
    return " ".join(word for word in words if word not in LEGAL_FORMS)


def phone_key(phone: str) -> str:
    """The last nine digits: "+33 6 12 34 56 78" and "06.12.34.56.78" are the same number."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) < 6:
        return ""
    return digits[-PHONE_KEY_DIGITS:]


def email_domain(email: str) -> str:
    _, at, domain = (email or "").strip().lower().rpartition("@")
    return domain if at else ""


def is_webmail(domain: str) -> bool:
    domain = domain.lower()
    return domain in WEBMAIL_DOMAINS or domain.split(".", 1)[0] in WEBMAIL_PROVIDERS


def company_number_clean(value: str) -> str:
    """Digits only: "123 456 789 00012" -> "12345678900012"."""
    return re.sub(r"[\s.\-]", "", value or "")


def siren_of(company_number: str) -> str:
    """A SIRET's first nine digits are its SIREN; a SIREN is itself."""
    number = company_number_clean(company_number)
    return number[:9] if len(number) in (9, 14) and number.isdigit() else ""
