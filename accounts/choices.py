"""The values a profile's time zone and currency may take: one list for the model, the settings form and restore.

The model fields carry the validators (so `full_clean` refuses a bad value wherever it comes from: the
settings page, a backup being restored, the admin); the form offers the same values as a <select>.
"""

from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .formatting import CURRENCY_SYMBOLS

# Every IANA name the zone database of this installation knows (the `tzdata` package), except "localtime"
# (the server's own clock, not a place) and "Factory" (a placeholder that is nobody's time).
TIME_ZONES = frozenset(available_timezones()) - {"localtime", "Factory"}

UNKNOWN_TIME_ZONE = _("Unknown time zone: use a name such as Europe/Paris.")

# The regions of the IANA names, as the settings page groups them; names without a region go under "Other time zones".
TIME_ZONE_REGIONS = {
    "Africa": _("Africa"),
    "America": _("America"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic Ocean"),
    "Australia": _("Australia"),
    "Brazil": _("Brazil"),
    "Canada": _("Canada"),
    "Chile": _("Chile"),
    "Etc": _("Fixed offsets (Etc)"),
    "Europe": _("Europe"),
    "Indian": _("Indian Ocean"),
    "Mexico": _("Mexico"),
    "Pacific": _("Pacific Ocean"),
    "US": _("United States"),
}


def _time_zone_choices():
    """Grouped by region for the <select>: ("Europe", [("Europe/Paris", "Paris"), ...]), ..., then the others."""
    grouped: dict[str, list[tuple[str, str]]] = {region: [] for region in TIME_ZONE_REGIONS}
    others = []
    for name in sorted(TIME_ZONES):
        region, _slash, place = name.partition("/")
        if region in grouped and place:
            grouped[region].append((name, place.replace("_", " ").replace("/", " / ")))
        else:
            others.append((name, name.replace("_", " ")))
    groups = [(TIME_ZONE_REGIONS[region], places) for region, places in grouped.items() if places]
    return [*groups, (_("Other time zones"), others)] if others else groups


TIME_ZONE_CHOICES = _time_zone_choices()


def validate_time_zone(value: str) -> None:
    if value not in TIME_ZONES:
        raise ValidationError(UNKNOWN_TIME_ZONE, code="unknown_time_zone")


# The currencies the app can write an amount in (accounts/formatting.py knows their symbols). A currency
# added there needs its name here too: the import fails until it has one.
CURRENCY_NAMES = {
    "EUR": _("Euro"),
    "USD": _("US dollar"),
    "GBP": _("Pound sterling"),
    "CHF": _("Swiss franc"),
    "CAD": _("Canadian dollar"),
}
CURRENCIES = tuple(CURRENCY_SYMBOLS)
CURRENCY_CHOICES = [(code, format_lazy("{} ({})", CURRENCY_NAMES[code], CURRENCY_SYMBOLS[code])) for code in CURRENCIES]

UNKNOWN_CURRENCY = format_lazy(_("Unknown currency: use one of {currencies}."), currencies=", ".join(CURRENCIES))


def validate_currency(value: str) -> None:
    if value not in CURRENCIES:
        raise ValidationError(UNKNOWN_CURRENCY, code="unknown_currency")
