"""CSV exports that are safe to open in a spreadsheet.

Names and positions come from LinkedIn and are hostile: a cell starting with `=`, `+`, `-`, `@`,
a tab or a carriage return would run as a formula in Excel or LibreOffice (CSV injection).
"""

import csv

from django.utils import timezone

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

PEOPLE_HEADER = ["Name", "Company", "Position", "Profile URL", "Email", "Last interaction"]


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
    """People annotated with `last_interaction_at` (see `with_last_interaction_subquery()`)."""
    write_rows(
        out,
        PEOPLE_HEADER,
        (
            [
                person.full_name,
                person.company,
                person.position,
                person.profile_url,
                person.email,
                timezone.localdate(person.last_interaction_at).isoformat()
                if person.last_interaction_at
                else "",
            ]
            for person in people
        ),
    )
