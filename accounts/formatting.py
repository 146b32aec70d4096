"""Money and hours written for the active locale: used by the templates, the rules' reasons and the replies."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import get_language

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
