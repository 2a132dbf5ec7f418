import io
import struct
import zipfile
from datetime import UTC, date, datetime

import pytest

from netcoach.linkedin.archive import ExportError
from netcoach.linkedin.read import read_export
from netcoach.linkedin.rows import Owner, RowWarning
from tests.netcoach.linkedin.zips import (
    CONNECTIONS_2023,
    INVITATIONS_2023,
    ME,
    MESSAGES_2023,
    PREAMBLE,
    PROFILE,
    csv_text,
    make_zip,
    message,
)

PROFILE_CSV = csv_text(PROFILE, "Alex,Morgan,,,,Head of Product")


def read(files, **options):
    return read_export(make_zip(files), "Basic_LinkedInDataExport_02-08-2026.zip", **options)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


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


# -- messages.csv ---------------------------------------------------------------------------

ANA = "https://www.linkedin.com/in/ana-silva"
BEN = "https://www.linkedin.com/in/ben-smith"


def conversation_rows():
    return [
        message("c1", "Alex Morgan", ME, "Ana Silva", ANA, "2026-01-05 09:00:00 UTC", "Hello Ana"),
        message("c1", "Ana Silva", ANA, "Alex Morgan", ME, "2026-01-05 18:30:00 UTC", "Hi!"),
        message("c1", "Ana Silva", ANA, "Alex Morgan", ME, "2026-01-07 08:00:00 UTC", "Coffee?"),
        message("c2", "Alex Morgan", ME, "Ben Smith", BEN, "2026-01-06 23:59:59 UTC", "Ping"),
        message("c3", "Ben Smith", BEN, "Alex Morgan", ME, "2026-01-08 00:00:00 UTC", "Pong"),
    ]


def test_it_makes_one_interaction_per_conversation_and_day():
    export = read(
        {
            "messages.csv": csv_text(MESSAGES_2023, *conversation_rows()),
            "Profile.csv": PROFILE_CSV,
        }
    )
    days = {(d.conversation_id, d.day.isoformat()): d for d in export.conversation_days}
    assert sorted(days) == [
        ("c1", "2026-01-05"),
        ("c1", "2026-01-07"),
        ("c2", "2026-01-06"),
        ("c3", "2026-01-08"),
    ]
    both = days["c1", "2026-01-05"]
    assert both.direction == "both"
    assert (both.first_at, both.last_at) == (utc(2026, 1, 5, 9), utc(2026, 1, 5, 18, 30))
    assert both.message_count == 2
    assert both.summary == "Me: Hello Ana\nThem: Hi!"
    assert (both.counterpart_name, both.counterpart_profile_key) == ("Ana Silva", "ana-silva")
    assert both.counterpart_profile_url == ANA
    assert both.counterpart_name_key == "ana silva"
    assert both.import_key == "msg:c1:2026-01-05"
    assert days["c1", "2026-01-07"].direction == "to_me"
    assert days["c2", "2026-01-06"].direction == "from_me"
    assert days["c2", "2026-01-06"].counterpart_profile_key == "ben-smith"
    assert days["c3", "2026-01-08"].direction == "to_me"
    assert export.message_counts == {
        "messages": 5,
        "one_to_one": 5,
        "group": 0,
        "spam": 0,
        "sponsored": 0,
        "drafts": 0,
        "no_counterpart": 0,
        "undated": 0,
    }


def test_it_reads_messages_of_the_2021_era_without_recipient_urls():
    header = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER"
    )
    export = read(
        {
            "messages.csv": csv_text(
                header,
                f"c1,,Alex Morgan,{ME},Ana Silva,2021-03-01 10:00:00 UTC,,Hello,INBOX",
                f'c2,,Alex Morgan,{ME},"Jane Doe, Ph.D.",2021-03-02 10:00:00 UTC,,Hi,ARCHIVE',
            ),
            "Profile.csv": PROFILE_CSV,
        }
    )
    ana, jane = export.conversation_days
    assert (ana.counterpart_name, ana.counterpart_profile_key, ana.direction) == (
        "Ana Silva",
        "",
        "from_me",
    )
    # "Doe, Ph.D." is one person, not a group of two.
    assert jane.counterpart_name == "Jane Doe, Ph.D."
    assert export.message_counts["group"] == 0


def test_it_reads_fully_quoted_2026_messages_with_line_breaks():
    header = (
        '"CONVERSATION ID","CONVERSATION TITLE","FROM","SENDER PROFILE URL","TO",'
        '"RECIPIENT PROFILE URLS","DATE","SUBJECT","CONTENT","FOLDER","ATTACHMENTS",'
        '"IS MESSAGE DRAFT","IS CONVERSATION DRAFT"'
    )
    export = read(
        {
            "messages.csv": csv_text(
                header,
                f'"c1","","Ana Silva","{ANA}","Alex Morgan","{ME}","2026-01-05 09:00:00 UTC","",'
                '"Hi Alex,\nsee you ""soon""\n","INBOX","","false","false"',
                f'"c1","","Alex Morgan","{ME}","Ana Silva","{ANA}","bad date","",'
                '"Sure","INBOX","","false","false"',
                f'"c1","","Alex Morgan","{ME}","Ana Silva","{ANA}","2026-01-05 10:00:00 UTC","",'
                '"draft reply","INBOX","","true","false"',
            ),
            "Profile.csv": PROFILE_CSV,
        }
    )
    (day,) = export.conversation_days
    assert day.summary == 'Them: Hi Alex, see you "soon"'
    assert day.direction == "to_me"
    assert export.message_counts["drafts"] == 1
    assert export.message_counts["undated"] == 1
    # The first message spans lines 2-4, so the undated one sits on line 5.
    assert export.warnings == [
        RowWarning("messages.csv", 5, "DATE", "unreadable date 'bad date': message skipped")
    ]


def test_it_strips_html_from_message_content():
    hostile = (
        "<p>Hi&nbsp;Alex,</p><script>alert(1)</script><br>"
        '<a href="https://x.example">link</a> &lt;b&gt;bold&lt;/b&gt; &amp; more'
    )
    export = read(
        {
            "messages.csv": csv_text(
                MESSAGES_2023,
                message(
                    "c1", "Ana Silva", ANA, "Alex Morgan", ME, "2026-01-05 09:00:00 UTC", hostile
                ),
            ),
            "Profile.csv": PROFILE_CSV,
        }
    )
    assert export.conversation_days[0].summary == "Them: Hi Alex, link bold & more"


def test_it_truncates_long_summaries():
    rows = [
        message(
            "c1", "Ana Silva", ANA, "Alex Morgan", ME, f"2026-01-05 09:{i:02d}:00 UTC", "x" * 100
        )
        for i in range(10)
    ]
    export = read({"messages.csv": csv_text(MESSAGES_2023, *rows), "Profile.csv": PROFILE_CSV})
    (day,) = export.conversation_days
    assert len(day.summary) == 500
    assert day.summary.endswith("…")
    assert day.message_count == 10


def test_it_counts_group_conversations_without_making_interactions():
    export = read(
        {
            "messages.csv": csv_text(
                MESSAGES_2023,
                message("g1", "Ana Silva", ANA, "Alex Morgan", ME, "2026-01-05 09:00:00 UTC",
                        title="Product folks"),
                message("g2", "Alex Morgan", ME, "Ana Silva, Ben Smith", f"{ANA};{BEN}",
                        "2026-01-05 09:00:00 UTC"),
                message("g3", "Ana Silva", ANA, "Alex Morgan", ME, "2026-01-05 09:00:00 UTC"),
                message("g3", "Ben Smith", BEN, "Alex Morgan", ME, "2026-01-05 10:00:00 UTC"),
                message("g4", "Alex Morgan", ME, "Ana Silva, Ben Smith", f"{ANA},{BEN}",
                        "2026-01-05 09:00:00 UTC"),
                *conversation_rows(),
            ),
            "Profile.csv": PROFILE_CSV,
        }
    )  # fmt: skip
    assert {d.conversation_id for d in export.conversation_days} == {"c1", "c2", "c3"}
    assert export.message_counts["group"] == 5
    assert export.message_counts["one_to_one"] == 5


def test_it_counts_spam_and_sponsored_messages_without_making_interactions():
    export = read(
        {
            "messages.csv": csv_text(
                MESSAGES_2023,
                message("s1", "Eve Scam", "https://www.linkedin.com/in/eve", "Alex Morgan", ME,
                        "2026-01-05 09:00:00 UTC", folder="SPAM"),
                message("p1", "LinkedIn Member", "", "Alex Morgan", ME, "2026-01-05 09:00:00 UTC",
                        "<p>Offer</p>", folder="INBOX"),
                message("p2", "Acme Recruiting", "", "Alex Morgan", ME, "2026-01-05 09:00:00 UTC",
                        folder=""),
                message("p3", "Rita Recruiter", "https://www.linkedin.com/in/rita", "Alex Morgan",
                        ME, "2026-01-05 09:00:00 UTC", subject="Sponsored: grow your career"),
                message("p3", "Alex Morgan", ME, "Rita Recruiter",
                        "https://www.linkedin.com/in/rita", "2026-01-05 10:00:00 UTC"),
                *conversation_rows(),
            ),
            "Profile.csv": PROFILE_CSV,
        }
    )  # fmt: skip
    assert {d.conversation_id for d in export.conversation_days} == {"c1", "c2", "c3"}
    assert export.message_counts["spam"] == 1
    assert export.message_counts["sponsored"] == 4
    assert export.message_counts["messages"] == 10


def test_it_reads_pre_2020_messages_with_a_direction_column():
    export = read(
        {
            "messages.csv": csv_text(
                "FROM,TO,DATE,SUBJECT,CONTENT,DIRECTION,FOLDER",
                "Alex Morgan,Ana Silva,2019-03-01T10:00:00,,Hello,OUTGOING,INBOX",
                "Ana Silva,Alex Morgan,2019-03-01T11:00:00,,Hi,INCOMING,INBOX",
            )
        }
    )
    (day,) = export.conversation_days
    assert (day.conversation_id, day.direction, day.counterpart_name) == (
        "legacy:ana silva",
        "both",
        "Ana Silva",
    )
    assert day.first_at == utc(2019, 3, 1, 10)


def test_it_makes_no_interactions_when_it_cannot_tell_who_the_owner_is():
    export = read(
        {
            "messages.csv": csv_text(
                MESSAGES_2023,
                message("c1", "Ana Silva", ANA, "Ben Smith", BEN, "2026-01-05 09:00:00 UTC"),
            )
        }
    )
    assert export.owner is None
    assert export.conversation_days == []
    assert export.message_counts["no_counterpart"] == 1
    assert export.warnings == [
        RowWarning(
            "messages.csv",
            1,
            "FROM",
            "cannot tell which participant is you: messages made no interactions",
        )
    ]


# -- The owner ------------------------------------------------------------------------------


def test_it_takes_the_owner_from_profile_and_the_inviter_url():
    export = read(
        {
            "Profile.csv": PROFILE_CSV,
            "Invitations.csv": csv_text(
                INVITATIONS_2023,
                f'Alex Morgan,Ben Smith,"7/2/23, 10:00 PM",,OUTGOING,{ME},{BEN}',
            ),
        }
    )
    assert export.owner == Owner("Alex", "Morgan", "alex morgan", "alex-morgan")


def test_it_detects_the_owner_from_the_conversations_alone():
    export = read({"messages.csv": csv_text(MESSAGES_2023, *conversation_rows())})
    assert export.owner == Owner("Alex", "Morgan", "alex morgan", "alex-morgan")
    assert len(export.conversation_days) == 4


def test_it_recognises_the_owner_under_an_older_name_in_messages():
    rows = [r.replace("Alex Morgan", "Alex Smith") for r in conversation_rows()]
    export = read({"messages.csv": csv_text(MESSAGES_2023, *rows), "Profile.csv": PROFILE_CSV})
    assert export.owner.name_key == "alex morgan"
    assert export.owner.profile_key == "alex-morgan"
    assert {d.direction for d in export.conversation_days if d.conversation_id == "c2"} == {
        "from_me"
    }


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


# -- Finding the files ----------------------------------------------------------------------

ONE_CONNECTION = csv_text(
    "First Name,Last Name,Email Address,Company,Position,Connected On", "Ana,Silva,,,,08 Feb 2021"
)


def test_it_finds_files_whatever_their_case_spaces_or_underscores():
    export = read(
        {
            "CONNECTIONS.CSV": ONE_CONNECTION,
            "Messages.csv": csv_text(MESSAGES_2023),
            "Rich Media.csv": "Date/Time,Media Description\n",
            "Jobs/Job Applications.csv": "Application Date,Company Name\n",
        }
    )
    assert export.files == {"connections": "CONNECTIONS.CSV", "messages": "Messages.csv"}
    assert len(export.connections) == 1


def test_it_reads_an_archive_re_zipped_in_one_sub_folder():
    export = read(
        {
            "export/Connections.csv": ONE_CONNECTION,
            "__MACOSX/export/._Connections.csv": b"\x00\x05\x16\x07",
            "export/._Profile.csv": b"\x00\x05\x16\x07",
        }
    )
    assert export.files == {"connections": "export/Connections.csv"}


def test_it_accepts_a_bare_connections_csv():
    export = read_export(ONE_CONNECTION.encode(), "Connections.csv")
    assert export.files == {"connections": "Connections.csv"}
    assert export.connections[0].name_key == "ana silva"


def test_it_accepts_a_stream():
    export = read_export(io.BytesIO(make_zip({"Connections.csv": ONE_CONNECTION})), "x.zip")
    assert len(export.connections) == 1


# -- Bad input ------------------------------------------------------------------------------


def test_it_rejects_a_file_that_is_neither_zip_nor_linkedin_csv():
    with pytest.raises(ExportError) as err:
        read_export(b"%PDF-1.7 hello", "resume.pdf")
    assert str(err.value) == "resume.pdf is not a ZIP archive or a LinkedIn CSV file."


def test_it_rejects_an_unknown_csv():
    with pytest.raises(ExportError) as err:
        read_export(b"a,b\n1,2", "numbers.csv")
    assert str(err.value) == "numbers.csv is not a ZIP archive or a LinkedIn CSV file."


def test_it_rejects_an_encrypted_zip():
    data = make_zip({"Connections.csv": ONE_CONNECTION}, encrypted=True)
    with pytest.raises(ExportError) as err:
        read_export(data, "export.zip")
    assert str(err.value) == (
        "export.zip is password-protected: netcoach cannot read encrypted archives. "
        "Upload the archive exactly as LinkedIn sent it."
    )


def test_it_rejects_a_zip_without_any_recognised_file():
    with pytest.raises(ExportError) as err:
        read({"Ad_Targeting.csv": "a,b\n", "Jobs/Connections.csv/": ""})
    assert str(err.value) == (
        "Basic_LinkedInDataExport_02-08-2026.zip contains none of the files netcoach reads "
        "(Connections.csv, Notes.csv, Invitations.csv, messages.csv, Profile.csv). "
        "Is it a LinkedIn data export?"
    )


def test_it_names_the_missing_column():
    with pytest.raises(ExportError) as err:
        read({"Connections.csv": csv_text("First Name,Last Name,Company", "Ana,Silva,Acme")})
    assert str(err.value) == (
        "Connections.csv is missing the column Connected On: is it the file LinkedIn exported?"
    )


def test_it_names_every_missing_column():
    with pytest.raises(ExportError) as err:
        read({"Invitations.csv": csv_text("From,To,Message", "Ana,Alex,hi")})
    assert str(err.value) == (
        "Invitations.csv is missing the columns Sent At, Direction: "
        "is it the file LinkedIn exported?"
    )


def test_it_rejects_an_upload_over_the_size_limit():
    data = make_zip({"Connections.csv": ONE_CONNECTION})
    with pytest.raises(ExportError) as err:
        read_export(io.BytesIO(data), "export.zip", max_upload_bytes=100)
    assert str(err.value) == "export.zip is over the 100 bytes upload limit."


def test_it_rejects_a_member_declaring_a_huge_size():
    with pytest.raises(ExportError) as err:
        read({"Connections.csv": ONE_CONNECTION}, max_member_bytes=10)
    assert str(err.value) == (
        "Connections.csv in Basic_LinkedInDataExport_02-08-2026.zip unpacks to 89 bytes, over the "
        "10 bytes limit for one file: this looks like a ZIP bomb, so nothing was imported."
    )


def test_it_rejects_a_member_compressed_beyond_the_ratio():
    rows = ["Ana,Silva,,,,08 Feb 2021"] * 200_000
    with pytest.raises(ExportError) as err:
        read({"Connections.csv": csv_text("First Name,Last Name,Email Address,Company,Position,"
                                          "Connected On", *rows)})  # fmt: skip
    assert str(err.value) == (
        "Connections.csv in Basic_LinkedInDataExport_02-08-2026.zip is compressed more than 100 "
        "to 1: this looks like a ZIP bomb, so nothing was imported."
    )


def test_it_rejects_archives_whose_total_size_is_out_of_bounds():
    with pytest.raises(ExportError) as err:
        read({"Connections.csv": ONE_CONNECTION, "messages.csv": csv_text(MESSAGES_2023)},
             max_total_bytes=100)  # fmt: skip
    assert "over the 100 bytes limit: this looks like a ZIP bomb" in str(err.value)


def test_it_catches_a_member_whose_header_lies_about_its_size():
    data = bytearray(make_zip({"Connections.csv": ONE_CONNECTION}))
    # Shrink the uncompressed size in the central directory and the local header.
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 10)
    struct.pack_into("<I", data, 22, 10)
    with pytest.raises(ExportError) as err:
        read_export(bytes(data), "export.zip")
    assert str(err.value).startswith("Connections.csv in export.zip cannot be unpacked")


def test_it_rejects_a_damaged_zip():
    data = make_zip({"Connections.csv": ONE_CONNECTION})
    with pytest.raises(ExportError) as err:
        read_export(data[:30] + data[40:], "export.zip")
    assert str(err.value).startswith("Connections.csv in export.zip cannot be unpacked")


def test_it_names_a_file_that_is_not_utf8():
    with pytest.raises(ExportError) as err:
        read({"Connections.csv": ONE_CONNECTION.replace("Ana", "Andr\xe9").encode("latin-1")})
    assert str(err.value) == (
        "Connections.csv is not UTF-8 text (line 2 cannot be read). "
        "Upload the file as LinkedIn sent it, or save it again as CSV UTF-8."
    )


def test_it_never_extracts_members_to_disk(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(zipfile.ZipFile, "extract", None)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", None)
    read({"Connections.csv": ONE_CONNECTION})
    assert list(tmp_path.iterdir()) == []


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
