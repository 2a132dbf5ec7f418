"""CSV exports that are safe to open in a spreadsheet.

Names and positions come from LinkedIn and are hostile: a cell starting with `=`, `+`, `-`, `@`,
a tab or a carriage return would run as a formula in Excel or LibreOffice (CSV injection).
"""

import csv

from django.utils import timezone

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

PEOPLE_HEADER = [
    "Name",
    "Company",
    "Position",
    "Profile URL",
    "Email",
    "Last real interaction",
    "Later interaction, not real",
]


def neutralise(value) -> str:
    """The cell as text, prefixed with a quote when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def write_rows(out, header, rows):
    """Writes `header` and `rows` to the file-like `out`, every cell neutralised."""
    writer = csv.writer(out)
    writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])


def write_people(out, people):
    """People annotated by `with_last_real_interaction()` and `with_last_interaction_subquery()`:
    the date of the last real interaction, as beside a status, and of a later one-way message
    (or other interaction that did not reset the clock) when there is one."""
    write_rows(out, PEOPLE_HEADER, (_person_row(person) for person in people))


def _person_row(person) -> list:
    later = person.later_interaction
    return [
        person.full_name,
        person.company,
        person.position,
        person.profile_url,
        person.email,
        _day(person.last_real_at),
        _day(later[1]) if later else "",
    ]


def _day(moment) -> str:
    return timezone.localdate(moment).isoformat() if moment else ""
