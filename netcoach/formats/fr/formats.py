# French dates as netcoach writes them: "28 nov. 2026", "samedi 28 nov." (N is the abbreviated
# month with its period, as French typography writes it). Numbers: "1 234" (a narrow no-break
# space) and "0,8", Django's French defaults.
DATE_FORMAT = "j N Y"
DATETIME_FORMAT = "j N Y, H:i"
SHORT_DATE_FORMAT = "j N Y"
SHORT_DATETIME_FORMAT = "j N Y, H:i"
MONTH_DAY_FORMAT = "j N"
YEAR_MONTH_FORMAT = "F Y"
TIME_FORMAT = "H:i"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]

WEEKDAY_DATE_FORMAT = "l j N"
WEEKDAY_DATETIME_FORMAT = "l j N Y, H:i"
SHORT_MONTH_FORMAT = "N"
SHORT_YEAR_MONTH_FORMAT = "N Y"

# A birthday: "15 March", "15 March 1980" ("15 mars", "15 mars 1980").
BIRTHDAY_FORMAT = "j F"
BIRTHDAY_YEAR_FORMAT = "j F Y"
