"""Values longer than what netcoach keeps are cut, with a warning naming the file, line and
column; an archive of too many files is refused (netcoach/linkedin/frames.py: COLUMN_LIMITS,
archive.py: MAX_MEMBERS)."""

import pytest

from contacts.models import Contact
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.archive import MAX_MEMBERS, ExportError
from tests.netcoach.linkedin.zips import CONNECTIONS_2023, csv_text, make_zip, read


def connections(*rows):
    return {"Connections.csv": csv_text(CONNECTIONS_2023, *rows)}


def test_a_long_value_is_cut_to_its_column_with_a_warning_naming_file_line_and_column():
    huge = "A" * 40_000
    export = read(
        connections(
            "Ana,Silva,https://www.linkedin.com/in/ana-silva,,Acme,Engineer,01 Feb 2024",
            f"Ben,Smith,https://www.linkedin.com/in/ben-smith,,{huge},Engineer,02 Feb 2024",
        )
    )

    ben = next(row for row in export.connections if row.first_name == "Ben")
    assert ben.company == "A" * 300
    [warning] = [w for w in export.warnings if w.column == "Company"]
    assert (warning.file, warning.line) == ("Connections.csv", 3)
    assert "40000 characters, more than the 300 kept" in warning.message


@pytest.mark.django_db
def test_the_import_stores_the_cut_value_and_says_so(user):
    long_position = "Head of " + "very " * 200 + "important things"
    data = make_zip(
        connections(
            f"Ana,Silva,https://www.linkedin.com/in/ana-silva,,Acme,{long_position},01 Feb 2024"
        )
    )

    run = import_file(data, "export.zip", user)

    ana = Contact.objects.get(owner=user, first_name="Ana")
    assert ana.position == long_position[:500]
    assert any(w["column"] == "Position" and w["line"] == 2 for w in run.warnings)


def test_an_archive_of_too_many_files_is_refused():
    files = connections("Ana,Silva,,,Acme,Engineer,01 Feb 2024")
    files |= {f"extra/{i}.csv": "" for i in range(MAX_MEMBERS)}
    with pytest.raises(ExportError, match=f"more than the {MAX_MEMBERS} a LinkedIn export has"):
        read(files)
