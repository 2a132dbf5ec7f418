"""Connections.csv, Invitations.csv and Notes.csv read into rows (netcoach/linkedin/people.py)."""

from datetime import date

from netcoach.linkedin.rows import Owner, RowWarning
from tests.netcoach.linkedin.zips import (
    ANA,
    CONNECTIONS_2023,
    INVITATIONS_2023,
    ME,
    PREAMBLE,
    csv_text,
    read,
    utc,
)

# -- Connections.csv ------------------------------------------------------------------------


def test_it_reads_connections_of_the_2021_era_without_preamble_or_url():
    export = read(
        {
            "Connections.csv": csv_text(
                "First Name,Last Name,Email Address,Company,Position,Connected On",
                "Zoë,Martin,,Globex,CTO,08 Feb 2021",
                "Ben,Smith,ben@example.com,,,01 Jan 2020",
            )
        }
    )
    first, second = export.connections
    assert first.line == 2
    assert (first.first_name, first.last_name, first.company, first.position) == (
        "Zoë",
        "Martin",
        "Globex",
        "CTO",
    )
    assert (first.profile_url, first.profile_key, first.name_key) == ("", "", "zoe martin")
    assert first.connected_on == date(2021, 2, 8)
    assert (second.line, second.email, second.company) == (3, "ben@example.com", "")
    assert export.files == {"connections": "Connections.csv"}


def test_it_skips_the_notes_preamble_before_the_connections_header():
    export = read(
        {
            "Connections.csv": csv_text(
                CONNECTIONS_2023,
                "Ana,Silva,https://www.linkedin.com/in/ana-silva,,Acme,Engineer,07 Jun 2023",
                preamble=PREAMBLE,
            )
        }
    )
    (row,) = export.connections
    assert row.line == 5
    assert row.profile_url == "https://www.linkedin.com/in/ana-silva"
    assert row.profile_key == "ana-silva"
    assert row.connected_on == date(2023, 6, 7)


def test_it_skips_hidden_profiles():
    export = read(
        {
            "Connections.csv": csv_text(
                CONNECTIONS_2023,
                ",,,,,,07 Jun 2023",
                "Ana,Silva,https://www.linkedin.com/in/ana-silva,,,,06 Jun 2023",
                ",,,,,,05 Jun 2023",
                preamble=PREAMBLE,
            )
        }
    )
    assert [row.profile_key for row in export.connections] == ["ana-silva"]
    assert export.connections[0].line == 6
    assert export.hidden_connections == 2


def test_it_reads_a_file_resaved_by_a_spreadsheet():
    text = csv_text(
        CONNECTIONS_2023,
        "Ana,Silva,https://www.linkedin.com/in/ana-silva,,Acme,Engineer,29-Nov-21",
        preamble=PREAMBLE,
    )
    export = read({"Connections.csv": "\ufeff" + text.replace("\n", "\r\n") + "\r\n"})
    (row,) = export.connections
    assert row.connected_on == date(2021, 11, 29)
    assert row.position == "Engineer"
    assert export.warnings == []


def test_it_keeps_quoted_commas_credentials_stray_spaces_and_emoji():
    export = read(
        {
            "Connections.csv": csv_text(
                CONNECTIONS_2023,
                ' Jane ,"Doe, Ph.D.",https://www.linkedin.com/in/jdoe,,"Smith, Jones & Partners",'
                '"Head of Sales, EMEA",08 Feb 2026',
                "Sam 🚀,Lee,https://www.linkedin.com/in/sam-lee,,,,08 Feb 2026",
                preamble=PREAMBLE,
            )
        }
    )
    jane, sam = export.connections
    assert (jane.first_name, jane.last_name, jane.name_key) == (
        "Jane",
        "Doe, Ph.D.",
        "jane doe ph d",
    )
    assert (jane.company, jane.position) == ("Smith, Jones & Partners", "Head of Sales, EMEA")
    assert (sam.first_name, sam.name_key) == ("Sam 🚀", "sam lee")


def test_it_keys_people_by_the_decoded_lower_cased_slug():
    export = read(
        {
            "Connections.csv": csv_text(
                CONNECTIONS_2023,
                "Zoë,Martin,https://www.linkedin.com/in/zo%C3%AB-martin-1a2b,,,,08 Feb 2026",
                "Ben,Smith,www.linkedin.com/in/Ben-Smith/,,,,08 Feb 2026",
                "No,Slug,https://www.linkedin.com/in,,,,08 Feb 2026",
                preamble=PREAMBLE,
            )
        }
    )
    zoe, ben, no_slug = export.connections
    assert zoe.profile_key == "zoë-martin-1a2b"
    assert zoe.profile_url == "https://www.linkedin.com/in/zoë-martin-1a2b"
    assert (ben.profile_key, ben.profile_url) == (
        "ben-smith",
        "https://www.linkedin.com/in/ben-smith",
    )
    assert (no_slug.profile_key, no_slug.profile_url, no_slug.name_key) == ("", "", "no slug")


def test_it_maps_connection_columns_by_name_in_any_order():
    export = read(
        {
            "connections.csv": csv_text(
                "Connected On,Position,Company,Last Name,First Name",
                "08 Feb 2026,CTO,Globex,Martin,Zoë",
            )
        }
    )
    (row,) = export.connections
    assert (row.first_name, row.last_name, row.company, row.position) == (
        "Zoë",
        "Martin",
        "Globex",
        "CTO",
    )


def test_it_keeps_a_row_whose_date_is_unreadable_and_warns():
    export = read(
        {
            "Connections.csv": csv_text(
                CONNECTIONS_2023,
                "Ana,Silva,https://www.linkedin.com/in/ana-silva,,,,08 Feb 2026",
                "Ben,Smith,https://www.linkedin.com/in/ben-smith,,,,yesterday",
                preamble=PREAMBLE,
            )
        }
    )
    assert [row.connected_on for row in export.connections] == [date(2026, 2, 8), None]
    assert export.warnings == [
        RowWarning(
            "Connections.csv", 6, "Connected On", "unreadable date 'yesterday': imported without it"
        )
    ]


def test_it_keeps_the_only_row_whose_date_is_unreadable():
    export = read(
        {
            "Connections.csv": csv_text(
                CONNECTIONS_2023,
                "Ben,Smith,https://www.linkedin.com/in/ben-smith,,,,yesterday",
                preamble=PREAMBLE,
            )
        }
    )
    assert [row.connected_on for row in export.connections] == [None]
    assert len(export.warnings) == 1


# -- Invitations.csv ------------------------------------------------------------------------


def test_it_reads_invitations_without_profile_urls():
    export = read(
        {
            "Invitations.csv": csv_text(
                "From,To,Sent At,Message,Direction",
                'Ana Silva,Alex Morgan,"7/1/23, 9:56 AM",,INCOMING',
                'Alex Morgan,Ben Smith,"12/31/22, 12:05 PM","Hi Ben, we met in Lisbon",OUTGOING',
            )
        }
    )
    incoming, outgoing = export.invitations
    assert (incoming.direction, incoming.name, incoming.name_key) == (
        "incoming",
        "Ana Silva",
        "ana silva",
    )
    assert incoming.sent_at == utc(2023, 7, 1, 9, 56)
    assert (incoming.owner_name, incoming.profile_key, incoming.message) == ("Alex Morgan", "", "")
    assert (outgoing.direction, outgoing.name, outgoing.line) == ("outgoing", "Ben Smith", 3)
    assert outgoing.sent_at == utc(2022, 12, 31, 12, 5)
    assert outgoing.message == "Hi Ben, we met in Lisbon"


def test_it_reads_the_profile_urls_of_late_2023_invitations():
    export = read(
        {
            "Invitations.csv": csv_text(
                INVITATIONS_2023,
                f'Ana Silva,Alex Morgan,"7/1/23, 9:56 AM",,INCOMING,'
                f"https://www.linkedin.com/in/ana-silva,{ME}",
                f'Alex Morgan,Ben Smith,"7/2/23, 10:00 PM",,OUTGOING,{ME},'
                "https://www.linkedin.com/in/ben-smith",
            )
        }
    )
    incoming, outgoing = export.invitations
    assert (incoming.profile_key, incoming.owner_profile_key) == ("ana-silva", "alex-morgan")
    assert incoming.profile_url == "https://www.linkedin.com/in/ana-silva"
    assert (outgoing.profile_key, outgoing.owner_profile_key) == ("ben-smith", "alex-morgan")
    assert outgoing.sent_at == utc(2023, 7, 2, 22, 0)
    assert export.owner == Owner("Alex", "Morgan", "alex morgan", "alex-morgan")


def test_it_treats_a_profile_url_without_slug_as_no_url():
    bare = "https://www.linkedin.com/in"
    export = read(
        {
            "Invitations.csv": csv_text(
                INVITATIONS_2023,
                f'Ana Silva,Alex Morgan,"7/1/23, 9:56 AM",,INCOMING,{bare},{bare}',
            )
        }
    )
    (row,) = export.invitations
    assert (row.profile_url, row.profile_key, row.owner_profile_key) == ("", "", "")
    assert row.name_key == "ana silva"


def test_it_keeps_hostile_invitation_notes_verbatim_for_escaping():
    export = read(
        {
            "Invitations.csv": csv_text(
                "From,To,Sent At,Message,Direction",
                'Eve,Alex Morgan,"7/1/23, 9:56 AM",<script>alert(1)</script>,INCOMING',
            )
        }
    )
    assert export.invitations[0].message == "<script>alert(1)</script>"


def test_it_skips_an_invitation_with_an_unknown_direction_and_warns():
    export = read(
        {
            "Invitations.csv": csv_text(
                "From,To,Sent At,Message,Direction",
                'Ana Silva,Alex Morgan,"7/1/23, 9:56 AM",,SIDEWAYS',
                'Ana Silva,Alex Morgan,"someday",,INCOMING',
            )
        }
    )
    (row,) = export.invitations
    assert (row.line, row.sent_at) == (3, None)
    assert export.warnings == [
        RowWarning(
            "Invitations.csv", 2, "Direction", "unknown direction 'SIDEWAYS': invitation skipped"
        ),
        RowWarning(
            "Invitations.csv", 3, "Sent At", "unreadable date 'someday': imported without it"
        ),
    ]


# -- Notes.csv ------------------------------------------------------------------------------


def test_it_reads_notes():
    export = read(
        {
            "Notes.csv": csv_text(
                "Connection First Name,Connection Last Name,Connection Profile URL,Note,Created On,"
                "Edited On",
                f'Ana,Silva,{ANA},"Met at Web Summit, likes data",2025-07-30 18:20:00 UTC,'
                "2025-07-31 08:00:00 UTC",
                "Ben,Smith,,Ask about Berlin,last summer,",
            )
        }
    )
    ana, ben = export.notes
    assert (ana.line, ana.profile_key, ana.text) == (
        2,
        "ana-silva",
        "Met at Web Summit, likes data",
    )
    assert ana.created_at == utc(2025, 7, 30, 18, 20)
    assert ana.import_key == "note:ana-silva:2025-07-30 18:20:00 UTC"
    assert (ben.profile_key, ben.name_key, ben.created_at) == ("", "ben smith", None)
    assert ben.import_key == "note:ben smith:last summer"
    assert export.warnings == [
        RowWarning(
            "Notes.csv", 3, "Created On", "unreadable date 'last summer': imported without it"
        )
    ]
