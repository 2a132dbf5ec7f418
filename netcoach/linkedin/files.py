"""The files of a LinkedIn export that netcoach reads: their names, their columns, their headers.

Each file is a `Spec`: its kind ("connections", "messages"...), its name in the archive, and the
columns it must have and may have. `first_rows` and `column_key` are how a header line is read
and matched, both when a member is found (archive.py) and when it is parsed (frames.py).
"""

import csv
from dataclasses import dataclass

HEADER_SCAN_LINES = 10


@dataclass(frozen=True)
class Spec:
    kind: str
    file_name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]


# Order matters for a bare CSV upload: the first spec whose required columns are all present wins.
SPECS = (
    Spec(
        "connections",
        "Connections.csv",
        ("First Name", "Last Name", "Connected On"),
        ("URL", "Email Address", "Company", "Position"),
    ),
    Spec(
        "notes",
        "Notes.csv",
        ("Connection First Name", "Connection Last Name", "Note"),
        ("Connection Profile URL", "Created On", "Edited On"),
    ),
    Spec(
        "invitations",
        "Invitations.csv",
        ("From", "To", "Sent At", "Direction"),
        ("Message", "inviterProfileUrl", "inviteeProfileUrl"),
    ),
    Spec(
        "messages",
        "messages.csv",
        ("FROM", "TO", "DATE", "CONTENT"),
        (
            "CONVERSATION ID",
            "CONVERSATION TITLE",
            "SENDER PROFILE URL",
            "RECIPIENT PROFILE URLS",
            "SUBJECT",
            "FOLDER",
            "DIRECTION",
            "ATTACHMENTS",
            "IS MESSAGE DRAFT",
            "IS CONVERSATION DRAFT",
        ),
    ),
    Spec(
        "profile",
        "Profile.csv",
        ("First Name", "Last Name"),
        ("Maiden Name", "Headline"),
    ),
)
SPEC_BY_KIND = {spec.kind: spec for spec in SPECS}
KNOWN_FILE_NAMES = ", ".join(spec.file_name for spec in SPECS)


def column_key(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip('"').strip().lower()


def first_rows(data: bytes) -> list[list[str]]:
    """The fields of the first lines, each line read on its own."""
    end = 0
    for _ in range(HEADER_SCAN_LINES):
        end = data.find(b"\n", end) + 1
        if not end:
            head = data.split(b"\n")
            break
    else:
        head = data[: end - 1].split(b"\n")
    rows = []
    for line in head:
        try:
            rows.append(next(csv.reader([line.decode().rstrip("\r")]), []))
        except csv.Error:
            rows.append([])
    return rows
