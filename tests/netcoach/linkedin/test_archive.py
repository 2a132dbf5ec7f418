"""Finding the files of an archive and refusing the ones netcoach cannot use
(netcoach/linkedin/archive.py, and the missing columns of frames.py)."""

import io
import struct
import zipfile

import pytest

from netcoach.linkedin.archive import ExportError
from netcoach.linkedin.read import read_export
from tests.netcoach.linkedin.zips import MESSAGES_2023, csv_text, make_zip, read

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
