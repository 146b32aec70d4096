"""French dates with the usual abbreviations (CLDR, Imprimerie nationale): "5 févr. 2026", "5 févr. 2026 à 14:30"."""

DATE_FORMAT = "j M Y"  # 5 févr. 2026
SHORT_DATE_FORMAT = "j M Y"  # never numeric: 05/02/2026 reads as 2 May to an American
MONTH_DAY_FORMAT = "j M"  # 5 févr., where the year is clear
YEAR_MONTH_FORMAT = "F Y"  # février 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = r"j M Y \à H:i"  # 5 févr. 2026 à 14:30
SHORT_DATETIME_FORMAT = r"j M Y \à H:i"
FIRST_DAY_OF_WEEK = 1  # lundi

# <input type="date"> sends ISO dates; a date typed by hand reads the French way.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]

MONTHS_SHORT = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
