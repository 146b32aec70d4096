"""Money, hours and dates written for the active locale: used by the templates, the rules' reasons and the mails.

Dates follow the named formats of config/formats/ ("5 Feb 2026", "5 févr. 2026"), the same on every page.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import dateformat, timezone
from django.utils.formats import get_format, get_format_modules, number_format
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import get_language, gettext, ngettext_lazy

CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF", "CAD": "$CA"}


def money(amount, currency="EUR") -> str:
    """An amount in the active locale: "1 234,50 €" in French, "€1,234.50" in English."""
    if amount in (None, ""):
        return ""
    decimals = 0 if Decimal(amount) == Decimal(amount).to_integral_value() else 2
    number = number_format(amount, decimals, use_l10n=True, force_grouping=True)
    symbol = CURRENCY_SYMBOLS.get(currency or "EUR", currency)
    if (get_language() or "fr").startswith("fr"):
        return f"{number}\u00a0{symbol}"
    return f"{symbol}{number}"


def hours(value) -> str:
    """Hours without useless decimals: 7 h, 7,5 h."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    decimals = 0 if value == value.to_integral_value() else 1
    return f"{number_format(value, decimals, use_l10n=True, force_grouping=True)}\u00a0h"


def _month_short(month: int) -> str:
    """The language's own abbreviation ("févr."), from its format module; Django's catalogue says "fév"."""
    for module in get_format_modules():
        names = getattr(module, "MONTHS_SHORT", None)
        if names:
            return names[month - 1]
    return dateformat.format(date(2000, month, 1), "M")


def _with_month(pattern: str, month: int) -> str:
    """The format with its "M" spelled out as a literal, so that dateformat writes our abbreviation."""
    spelled, characters = [], iter(pattern)
    for character in characters:
        if character == "\\":
            spelled.append(character + next(characters, ""))
        elif character == "M":
            spelled.append("".join("\\" + letter for letter in _month_short(month)))
        else:
            spelled.append(character)
    return "".join(spelled)


def date_format(value, format_name: str = "DATE_FORMAT") -> str:
    """Django's `date_format`, with the language's own month abbreviations: use it for every date people read."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, _with_month(get_format(format_name), value.month))


def day(value) -> str:
    """A date with its year: "5 Feb 2026", "5 févr. 2026"."""
    return date_format(value, "DATE_FORMAT")


def day_short(value, year: int | None = None) -> str:
    """Without the year when it is `year` (this year by default): "5 Feb"; "5 Feb 2025" otherwise."""
    if value in (None, ""):
        return ""
    local = timezone.localtime(value) if isinstance(value, datetime) and timezone.is_aware(value) else value
    shown = year or timezone.localdate().year
    return date_format(value, "MONTH_DAY_FORMAT" if local.year == shown else "DATE_FORMAT")


def moment(value) -> str:
    """A date and time in the user's time zone: "5 Feb 2026, 14:30", "5 févr. 2026 à 14:30"."""
    if not isinstance(value, datetime):
        return day(value)
    return date_format(value, "DATETIME_FORMAT")


def month_short(value) -> str:
    """The month alone, abbreviated: "Feb", "févr." (a chart's columns, where the year is clear)."""
    return _month_short(value.month) if value not in (None, "") else ""


# Django's units, taken into our catalogue so that French can say "il y a 2 ans" (Django's says "2 années").
TIME_STRINGS = {
    "year": ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    "month": ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    "week": ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    "day": ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    "hour": ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    "minute": ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
}


def ago(value, now: datetime | None = None) -> str:
    """How long ago, in one unit that reads well: "just now", "3 hours ago", "2 weeks ago" (never "2 weeks,
    6 days ago"); a moment to come says "in 2 days"."""
    if value in (None, ""):
        return ""
    now = now or timezone.now()
    if isinstance(value, date) and not isinstance(value, datetime):
        value = timezone.make_aware(datetime(value.year, value.month, value.day))
    if abs(now - value) < timedelta(minutes=1):
        return gettext("just now")
    if value > now:
        return gettext("in %(age)s") % {"age": timeuntil(value, now, time_strings=TIME_STRINGS, depth=1)}
    return gettext("%(age)s ago") % {"age": timesince(value, now, time_strings=TIME_STRINGS, depth=1)}


def ago_changes_at(value, now: datetime) -> datetime:
    """The first moment after `now` at which ago(value) may read differently: the next whole minute, hour or
    day of the age (earlier than needed for weeks, months and years, never later); a moment to come, in a
    minute."""
    if isinstance(value, date) and not isinstance(value, datetime):
        value = timezone.make_aware(datetime(value.year, value.month, value.day))
    age = now - value
    if age < timedelta(0):
        return now + timedelta(minutes=1)
    if age < timedelta(hours=1):
        step = timedelta(minutes=1)
    elif age < timedelta(days=1):
        step = timedelta(hours=1)
    else:
        step = timedelta(days=1)
    return value + step * (age // step + 1)
