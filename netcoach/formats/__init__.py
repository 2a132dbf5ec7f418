"""The app's date formats, one module per language (`en/formats.py`, `fr/formats.py`), found by
Django through settings.FORMAT_MODULE_PATH.

Django's own names (DATE_FORMAT, DATETIME_FORMAT, MONTH_DAY_FORMAT, YEAR_MONTH_FORMAT…) work with
`|date:"DATE_FORMAT"` and `django.utils.formats.date_format`. The app's extra names
(WEEKDAY_DATE_FORMAT…) are read by `localized()` here and by the `|date_as` template filter
(netcoach/templatetags/dates.py); a third language is a third module with the same names.
"""

from django.utils import dateformat, formats, translation

#: The extra names every language's module defines.
EXTRA_FORMATS = (
    "WEEKDAY_DATE_FORMAT",
    "WEEKDAY_DATETIME_FORMAT",
    "SHORT_MONTH_FORMAT",
    "SHORT_YEAR_MONTH_FORMAT",
    "BIRTHDAY_FORMAT",
    "BIRTHDAY_YEAR_FORMAT",
)


def format_string(name: str) -> str:
    """The format string called `name` in the active language: one of Django's, or one of
    EXTRA_FORMATS (the English one where a language lacks it)."""
    if name not in EXTRA_FORMATS:
        return formats.get_format(name)
    for module in formats.get_format_modules(translation.get_language() or "en"):
        if hasattr(module, name):
            return getattr(module, name)
    from netcoach.formats.en import formats as english

    return getattr(english, name)


def localized(value, name: str = "DATE_FORMAT") -> str:
    """A date or datetime in the active language's format `name` ("28 nov. 2026")."""
    if value in (None, ""):
        return ""
    return dateformat.format(value, format_string(name))
