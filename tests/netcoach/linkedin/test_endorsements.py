"""Reading the optional files: Endorsement_Received_Info.csv, Endorsement_Given_Info.csv,
Recommendations_Received.csv and Recommendations_Given.csv, in each header they come in; and
every file of the archive, listed with what becomes of it."""

import pytest

from tests.netcoach.linkedin.zips import (
    ANA,
    BEN,
    CONNECTIONS_2023,
    PREAMBLE,
    PROFILE_CSV,
    csv_text,
    read,
    utc,
)

ENDORSED = (
    "Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,Endorser Public Url,"
    "Endorsement Status"
)
ENDORSING = ENDORSED.replace("Endorser", "Endorsee")
RECOMMENDATIONS = "First Name,Last Name,Company,Job Title,Text,Creation Date,Status"


def basic_2023(**extra) -> dict[str, str]:
    """A Basic archive of late 2023: Ana and Ben as connections, with URLs, and the user's
    profile; `extra` adds or replaces files."""
    connections = csv_text(
        CONNECTIONS_2023,
        f"Ana,Silva,{ANA},,Acme,CTO,08 Feb 2023",
        f"Ben,Smith,{BEN},,Globex,Engineer,01 Jan 2022",
        preamble=PREAMBLE,
    )
    return {"Connections.csv": connections, "Profile.csv": PROFILE_CSV, **extra}


def endorsements_received(*rows, header=ENDORSED):
    return {"Endorsement_Received_Info.csv": csv_text(header, *rows)}


# -- Reading --------------------------------------------------------------------------------


def test_endorsements_of_one_person_on_one_day_are_one_row_with_their_skills():
    export = read(
        basic_2023(
            **endorsements_received(
                "2022/11/15 07:59:13 UTC,Product Management,Ana,Silva,www.linkedin.com/in/ana-silva,ACCEPTED",
                "2022/11/15 07:58:00 UTC,Roadmapping,Ana,Silva,www.linkedin.com/in/ana-silva,ACCEPTED",
                "2023/01/02 10:00:00 UTC,Product Management,Ana,Silva,www.linkedin.com/in/ana-silva,ACCEPTED",
                "2023/01/02 11:00:00 UTC,SQL,Ben,Smith,www.linkedin.com/in/ben-smith,REJECTED",
            )
        )
    )

    days = [(d.profile_key, d.skills, d.endorsed_at, d.import_key) for d in export.endorsements]
    assert days == [
        ("ana-silva", ["Product Management", "Roadmapping"], utc(2022, 11, 15, 7, 59, 13),
         "endorsement:received:ana-silva:2022-11-15"),
        ("ana-silva", ["Product Management"], utc(2023, 1, 2, 10),
         "endorsement:received:ana-silva:2023-01-02"),
        ("ben-smith", ["SQL"], utc(2023, 1, 2, 11), "endorsement:received:ben-smith:2023-01-02"),
    ]  # fmt: skip
    assert export.endorsements[0].profile_url == ANA  # the URL without a scheme, normalised
    assert export.endorsement_counts == {"received": 4, "given": 0}


@pytest.mark.parametrize(
    ("header", "row"),
    [
        # As seen since 2022: the profile URL without a scheme.
        (ENDORSED, "2022/11/15 07:59:13 UTC,SQL,Ana,Silva,www.linkedin.com/in/ana-silva,ACCEPTED"),
        # Older and trimmed archives: no status, no URL, columns in another order.
        (
            "Endorser First Name,Endorser Last Name,Skill Name,Endorsement Date",
            "Ana,Silva,SQL,2022/11/15 07:59:13 UTC",
        ),
        # Re-saved in a spreadsheet: ISO dates.
        (ENDORSED, "2022-11-15 07:59:13,SQL,Ana,Silva,https://www.linkedin.com/in/ana-silva,"),
    ],
)
def test_an_endorsement_is_read_in_each_header_it_comes_in(header, row):
    export = read(basic_2023(**endorsements_received(row, header=header)))

    (day,) = export.endorsements
    assert (day.name_key, day.skills, day.endorsed_at) == (
        "ana silva",
        ["SQL"],
        utc(2022, 11, 15, 7, 59, 13),
    )
    assert not export.warnings


def test_a_recommendation_is_read_with_its_text_verbatim():
    text = 'Ana led our <b>launch</b>, "end to end".\nI would work with her again.'
    quoted = '"' + text.replace('"', '""') + '"'
    export = read(
        basic_2023(
            **{
                "Recommendations_Received.csv": csv_text(
                    RECOMMENDATIONS, f'Ana,Silva,Acme,CTO,{quoted},"7/1/23, 9:56 AM",VISIBLE'
                ),
                "Recommendations_Given.csv": csv_text(
                    RECOMMENDATIONS,
                    'Ben,Smith,Globex,Engineer,Solid engineer.,"12/24/22, 5:05 PM",',
                ),
            }
        )
    )

    received, given = export.recommendations
    assert (received.direction, received.name_key, received.text, received.created_at) == (
        "received",
        "ana silva",
        text,
        utc(2023, 7, 1, 9, 56),
    )
    assert received.import_key == "recommendation:received:ana silva:7/1/23, 9:56 AM"
    assert (given.direction, given.created_at) == ("given", utc(2022, 12, 24, 17, 5))
    assert export.recommendation_counts == {"received": 1, "given": 1}


def test_a_row_without_a_readable_date_is_skipped_with_a_warning():
    export = read(
        basic_2023(
            **endorsements_received("15/11/2022 07:59,SQL,Ana,Silva,,ACCEPTED", ",SQL,Ben,Smith,,")
        )
    )

    assert export.endorsements == []
    assert export.endorsement_counts == {"received": 2, "given": 0, "undated": 2}
    (warning,) = export.warnings
    assert (warning.file, warning.line, warning.column) == (
        "Endorsement_Received_Info.csv",
        2,
        "Endorsement Date",
    )
    assert warning.message == "unreadable date '15/11/2022 07:59': endorsement skipped"


def test_an_optional_file_missing_a_column_is_left_out_and_the_rest_is_imported():
    export = read(basic_2023(**endorsements_received("SQL,Ana", header="Skill Name,First")))

    assert len(export.connections) == 2
    assert "endorsements_received" not in export.files
    (warning,) = export.warnings
    assert warning.message == (
        "Endorsement_Received_Info.csv is missing the columns Endorsement Date, "
        "Endorser First Name, Endorser Last Name: is it the file LinkedIn exported? "
        "The file was not read."
    )
    seen = {f.name: (f.status, f.note) for f in export.files_seen}
    assert seen["Endorsement_Received_Info.csv"] == (
        "known",
        "not read: missing Endorsement Date, Endorser First Name, Endorser Last Name",
    )


def test_an_empty_optional_file_is_read_as_nothing():
    export = read(basic_2023(**{"Recommendations_Given.csv": ""}))

    assert export.recommendations == [] and not export.warnings
    assert {f.name: (f.status, f.note) for f in export.files_seen}["Recommendations_Given.csv"] == (
        "read",
        "empty",
    )


# -- Every file of the archive -----------------------------------------------------------

CONNECTIONS = csv_text("First Name,Last Name,Connected On", "Ana,Silva,08 Feb 2021")


def test_every_member_of_the_archive_is_listed_with_what_became_of_it():
    export = read(
        {
            "Connections.csv": CONNECTIONS,
            "Profile.csv": PROFILE_CSV,
            "Rich Media.csv": "Date/Time,Media Description,Media Link\n",
            "Jobs/Job Applications.csv": "Application Date,Company Name\n",
            "Articles/Articles/my-first-article.html": "<html></html>",
            "old/Connections.csv": CONNECTIONS,
            "a/b/Invitations.csv": "From,To\n",
            "__MACOSX/._Connections.csv": "x",
            "resume.pdf": b"%PDF-1.4",
            "Jobs/": "",
        }
    )

    assert [(f.name, f.status, f.note) for f in export.files_seen] == [
        ("Connections.csv", "read", ""),
        ("Profile.csv", "read", ""),
        ("Rich Media.csv", "known", ""),
        ("Jobs/Job Applications.csv", "known", ""),
        ("Articles/Articles/my-first-article.html", "known", ""),
        ("old/Connections.csv", "known", "another copy was read: Connections.csv"),
        ("a/b/Invitations.csv", "known", "more than one folder deep"),
        ("__MACOSX/._Connections.csv", "known", "macOS resource fork"),
        ("resume.pdf", "unknown", ""),
    ]


def test_a_bare_csv_is_the_one_file_read():
    export = read({"Connections.csv": CONNECTIONS})
    assert [(f.name, f.status) for f in export.files_seen] == [("Connections.csv", "read")]
