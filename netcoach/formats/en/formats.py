# English dates as netcoach writes them: "Nov 28, 2026", "Sat, Nov 28". (Django's syntax:
# https://docs.djangoproject.com/en/stable/ref/templates/builtins/#date)
DATE_FORMAT = "M j, Y"
DATETIME_FORMAT = "M j, Y, H:i"
SHORT_DATE_FORMAT = "M j, Y"
SHORT_DATETIME_FORMAT = "M j, Y, H:i"
MONTH_DAY_FORMAT = "M j"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1  # Monday: the weekly review's weeks start on Mondays in both languages.

WEEKDAY_DATE_FORMAT = "D, M j"
WEEKDAY_DATETIME_FORMAT = "D, M j, Y, H:i"
SHORT_MONTH_FORMAT = "M"
SHORT_YEAR_MONTH_FORMAT = "M Y"

# A birthday: "15 March", "15 March 1980" ("15 mars", "15 mars 1980").
BIRTHDAY_FORMAT = "j F"
BIRTHDAY_YEAR_FORMAT = "j F Y"
