"""Clients as CSV: the columns we export, and reading a file from another tool, row by row.

No database here: the caller gives what already exists (to spot duplicates) and writes the result.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from accounts.listing import csv_cell_unguard
from accounts.models import Language

from . import keys
from .models import AddressForm

MAX_IMPORT_BYTES = 512 * 1024
MAX_IMPORT_ROWS = 2000

# The columns an import reads (and a few usual aliases); the export adds what Tact derives.
IMPORTED = [
    "name",
    "company",
    "email",
    "phone",
    "website",
    "company_number",
    "language",
    "address_form",
    "tags",
    "notes",
]
HEADER = [*IMPORTED, "risk_level", "blacklisted", "archived"]
ALIASES = {
    "nom": "name",
    "full name": "name",
    "contact": "name",
    "entreprise": "company",
    "societe": "company",
    "organisation": "company",
    "organization": "company",
    "e mail": "email",
    "mail": "email",
    "courriel": "email",
    "email address": "email",
    "telephone": "phone",
    "tel": "phone",
    "phone number": "phone",
    "site": "website",
    "site web": "website",
    "url": "website",
    "siren": "company_number",
    "siret": "company_number",
    "siren siret": "company_number",
    "langue": "language",
    "form of address": "address_form",
    "vouvoiement": "address_form",
    "etiquettes": "tags",
    "tag": "tags",
    "note": "notes",
    "commentaires": "notes",
}
LANGUAGE_WORDS = {"fr": "fr", "french": "fr", "francais": "fr", "en": "en", "english": "en", "anglais": "en"}
ADDRESS_WORDS = {"vous": "vous", "tu": "tu"}


class ImportFileError(Exception):
    """The file cannot be read at all (encoding, no header, too big)."""


@dataclass
class ImportRow:
    number: int  # the line in the file, header being line 1
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    duplicate_of: str = ""

    @property
    def importable(self) -> bool:
        return not self.errors and not self.duplicate_of

    @property
    def tags(self) -> list[str]:
        return [name.strip() for name in self.values.get("tags", "").replace(";", ",").split(",") if name.strip()]


@dataclass(frozen=True)
class Existing:
    """What the owner already has, to recognise duplicates: email -> name, SIREN -> name, name+company -> name."""

    emails: dict[str, str]
    sirens: dict[str, str]
    names: dict[tuple[str, str], str]


def decode(data: bytes) -> str:
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(_("The file is too big: at most %(size)d KB.") % {"size": MAX_IMPORT_BYTES // 1024})
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("The file is not a text file."))


def _column(header: str) -> str:
    words = keys.name_key(header).split()
    snake = "_".join(words)
    return snake if snake in HEADER else ALIASES.get(" ".join(words), "")


def read_rows(text: str) -> list[dict[str, str]]:
    """The rows as dicts keyed by our column names; unknown columns are ignored."""
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in French write ";", others ","; the header line tells which.
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise ImportFileError(_("The file is empty."))
    columns = [_column(name.strip()) for name in header]
    if "name" not in columns:
        raise ImportFileError(
            _("The file has no “name” column. Expected columns: %(columns)s.") % {"columns": ", ".join(IMPORTED)}
        )
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_IMPORT_ROWS:
            raise ImportFileError(_("Too many rows: at most %(count)d at a time.") % {"count": MAX_IMPORT_ROWS})
        values = {column: "" for column in IMPORTED}
        for column, cell in zip(columns, cells, strict=False):
            if column in IMPORTED:
                # Our exports guard a cell that reads as a formula ("'=…"): the import gives back the text.
                values[column] = csv_cell_unguard(cell.strip())
        values["_line"] = str(reader.line_num)
        rows.append(values)
    return rows


def _check(values: dict[str, str]) -> list[str]:
    errors = []
    if not values["name"]:
        errors.append(_("The name is missing."))
    elif len(values["name"]) > 200:
        errors.append(_("The name is longer than 200 characters."))
    if len(values["company"]) > 200:
        errors.append(_("The company is longer than 200 characters."))
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.append(_("“%(email)s” is not a valid email address.") % {"email": values["email"]})
    if values["website"]:
        try:
            URLValidator()(values["website"])
        except ValidationError:
            errors.append(_("“%(url)s” is not a valid web address.") % {"url": values["website"]})
    if len(values["phone"]) > 40:
        errors.append(_("The phone number is longer than 40 characters."))
    number = keys.company_number_clean(values["company_number"])
    if number and not (number.isdigit() and len(number) in (9, 14)):
        errors.append(_("A SIREN has 9 digits and a SIRET 14: “%(number)s”.") % {"number": values["company_number"]})
    language = keys.name_key(values["language"])
    if language and language not in LANGUAGE_WORDS:
        errors.append(_("Unknown language “%(language)s”: use fr or en.") % {"language": values["language"]})
    address = keys.name_key(values["address_form"])
    if address and address not in ADDRESS_WORDS:
        errors.append(_("Unknown form of address “%(value)s”: use vous or tu.") % {"value": values["address_form"]})
    return errors


def clean_values(values: dict[str, str]) -> dict[str, str]:
    """The fields of a valid row, as client_create takes them."""
    return {
        "name": values["name"],
        "company": values["company"],
        "email": values["email"],
        "phone": values["phone"],
        "website": values["website"],
        "company_number": keys.company_number_clean(values["company_number"]),
        "language": LANGUAGE_WORDS.get(keys.name_key(values["language"]), Language.FRENCH),
        "address_form": ADDRESS_WORDS.get(keys.name_key(values["address_form"]), AddressForm.VOUS),
        "notes": values["notes"],
    }


def check_rows(rows: list[dict[str, str]], existing: Existing) -> list[ImportRow]:
    """Each row with its errors, or the client it duplicates (existing, or an earlier row of the file)."""
    checked = []
    seen_emails: dict[str, int] = {}
    seen_sirens: dict[str, int] = {}
    seen_names: dict[tuple[str, str], int] = {}
    for values in rows:
        row = ImportRow(number=int(values.pop("_line", 0)), values=values, errors=_check(values))
        checked.append(row)
        if row.errors:
            continue
        email = values["email"].lower()
        siren = keys.siren_of(values["company_number"])
        name = (keys.name_key(values["name"]), keys.company_key(values["company"]))
        if email and email in existing.emails:
            row.duplicate_of = existing.emails[email]
        elif siren and siren in existing.sirens:
            row.duplicate_of = existing.sirens[siren]
        elif name in existing.names:
            row.duplicate_of = existing.names[name]
        elif email and email in seen_emails:
            row.duplicate_of = _("row %(number)d of this file") % {"number": seen_emails[email]}
        elif siren and siren in seen_sirens:
            row.duplicate_of = _("row %(number)d of this file") % {"number": seen_sirens[siren]}
        elif name in seen_names:
            row.duplicate_of = _("row %(number)d of this file") % {"number": seen_names[name]}
        else:
            if email:
                seen_emails[email] = row.number
            if siren:
                seen_sirens[siren] = row.number
            seen_names[name] = row.number
    return checked


def export_row(client) -> list:
    """One client as a CSV row (tags must be prefetched)."""
    return [
        client.name,
        client.company,
        client.email,
        client.phone,
        client.website,
        client.company_number,
        client.language,
        client.address_form,
        ", ".join(tag.name for tag in client.tags.all()),
        client.notes,
        client.risk_level,
        "yes" if client.is_blacklisted else "no",
        "yes" if client.archived_at else "no",
    ]
