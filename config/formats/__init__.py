"""How dates and times read in each language (FORMAT_MODULE_PATH): one unambiguous style, never 02/05/2026.

Each module also lists MONTHS_SHORT, the abbreviations a reader of that language expects ("févr.", not Django's
"fév"); `accounts.formatting` writes them in place of the format's "M". Anything left out (numbers, separators)
falls back to Django's own module for the language.
"""
