"""CSV exports that are safe to open in a spreadsheet, in two forms.

Names and positions come from LinkedIn and are hostile: a cell starting with `=`, `+`, `-`, `@`,
a tab or a carriage return would run as a formula in Excel or LibreOffice (CSV injection).

- **For a spreadsheet** (`spreadsheet`): UTF-8 with a byte order mark, which tells Excel the
  encoding (without it, accents come out garbled), and the separator of the user's language: a
  semicolon where the decimal separator is a comma (French), as a French Excel expects, else a
  comma.
- **Plain CSV** (`csv`): RFC 4180, comma-separated UTF-8 without a byte order mark, for programs.

Each export's default follows the language: the spreadsheet form where the decimal separator
is a comma, plain CSV elsewhere; both are always offered.
"""

import csv

from django.utils import formats, timezone
from django.utils.translation import pgettext_lazy

SPREADSHEET = "spreadsheet"
PLAIN = "csv"
FORMATS = (SPREADSHEET, PLAIN)
BOM = "\ufeff"

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

PEOPLE_HEADER = [
    pgettext_lazy("CSV column", "Name"),
    pgettext_lazy("CSV column", "First name"),
    pgettext_lazy("CSV column", "Last name"),
    pgettext_lazy("CSV column", "Company"),
    pgettext_lazy("CSV column", "Position"),
    pgettext_lazy("CSV column", "Profile URL"),
    pgettext_lazy("CSV column", "Email"),
    pgettext_lazy("CSV column", "Last real interaction"),
    pgettext_lazy("CSV column", "Later interaction, not real"),
]


def uses_decimal_comma() -> bool:
    """Whether the active language writes 0,8: its spreadsheets separate cells with `;`."""
    return formats.get_format("DECIMAL_SEPARATOR") == ","


def default_format() -> str:
    """The form an export takes when none is asked for: the language's."""
    return SPREADSHEET if uses_decimal_comma() else PLAIN


def chosen_format(asked: str | None) -> str:
    """`asked` when it names a form (`spreadsheet`, `csv`), else the language's default."""
    return asked if asked in FORMATS else default_format()


def delimiter_for(form: str) -> str:
    return ";" if form == SPREADSHEET and uses_decimal_comma() else ","


def neutralise(value) -> str:
    """The cell as text, prefixed with a quote when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def write_rows(out, header, rows, form: str = PLAIN):
    """Writes `header` and `rows` to the file-like `out` in the form `form`, every cell
    neutralised (the spreadsheet form starts with a byte order mark)."""
    if form == SPREADSHEET:
        out.write(BOM)
    writer = csv.writer(out, delimiter=delimiter_for(form))
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])


def write_people(out, people, form: str = PLAIN):
    """People annotated by `with_last_real_interaction()` and `with_last_interaction_subquery()`:
    names (whole, then first and last, for personalised messages), job, addresses, the date of
    the last real interaction, as beside a status, and of a later one-way message (or other
    interaction that did not reset the clock) when there is one. The header is in the active
    language; dates are ISO (YYYY-MM-DD), which every spreadsheet reads as dates."""
    write_rows(out, PEOPLE_HEADER, (_person_row(person) for person in people), form)


def _person_row(person) -> list:
    later = person.later_interaction
    return [
        person.full_name,
        person.first_name,
        person.last_name,
        person.company,
        person.position,
        person.profile_url,
        person.email,
        _day(person.last_real_at),
        _day(later[1]) if later else "",
    ]


def _day(moment) -> str:
    return timezone.localdate(moment).isoformat() if moment else ""
