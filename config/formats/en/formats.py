"""English dates, British rules: the day before the month ("5 Feb 2026"), 24-hour times."""

DATE_FORMAT = "j M Y"  # 5 Feb 2026
SHORT_DATE_FORMAT = "j M Y"  # never numeric: 02/05/2026 is February in the US and May in Europe
MONTH_DAY_FORMAT = "j M"  # 5 Feb, where the year is clear
YEAR_MONTH_FORMAT = "F Y"  # February 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j M Y, H:i"  # 5 Feb 2026, 14:30
SHORT_DATETIME_FORMAT = "j M Y, H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# <input type="date"> sends ISO dates; a date typed by hand reads the British way.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d %b %Y", "%d %B %Y"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]

MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
