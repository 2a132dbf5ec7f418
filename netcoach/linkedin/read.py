"""Read a LinkedIn data export into plain, validated rows: no database, no Django.

`read_export` takes the uploaded archive (or a bare CSV) and returns an `Export`: one list of
dataclasses per file, counts of what was skipped, and the row-level warnings. Anything that makes
the whole archive unusable raises `ExportError` with a message meant for the user.

Every quirk handled here is described in `linkedin-export.md`. Reading goes by stage:

- archive.py: the upload, its limits and its members, as UTF-8 bytes (`ExportError`);
- files.py: the files netcoach reads, their names and columns;
- frames.py: each member parsed into a pandas frame, and the helpers shared by the readers;
- people.py: Connections.csv, Invitations.csv and Notes.csv into rows;
- endorsements.py: the optional endorsement and recommendation files into rows;
- address_book.py: the optional Contacts.csv (the owner's uploaded address book) into rows;
- messages.py: messages.csv sorted out (which conversations count, and why);
- days.py: the one-to-one messages grouped into conversation days (the owner's days, in their
  time zone), each one-way or two-way, with their summaries;
- owner.py: who the owner is (Profile.csv, the invitations and the messages), and their own
  profile's headline, summary and current position (Profile.csv, Positions.csv);
- rows.py: the dataclasses they give.

pandas is used for speed (the C CSV parser and vectorised dates) and lives in these modules only.
"""

import io
import zipfile
from datetime import UTC, tzinfo
from typing import BinaryIO

from django.utils.translation import gettext_noop

from netcoach.linkedin.address_book import address_book_rows
from netcoach.linkedin.archive import MB, ExportError, read_bare_csv, read_upload, read_zip
from netcoach.linkedin.endorsements import endorsement_days, recommendation_rows
from netcoach.linkedin.files import SPEC_BY_KIND
from netcoach.linkedin.frames import Frame, MissingColumns, clear_caches
from netcoach.linkedin.messages import Messages
from netcoach.linkedin.notices import Notice
from netcoach.linkedin.owner import detect_owner, own_profile, profile_owner
from netcoach.linkedin.people import connection_rows, invitation_rows, note_rows
from netcoach.linkedin.rows import Export, FileSeen, RowWarning


def read_export(
    source: bytes | BinaryIO,
    filename: str,
    *,
    max_upload_bytes: int = 200 * MB,
    max_member_bytes: int = 512 * MB,
    max_total_bytes: int = 1024 * MB,
    max_ratio: int = 100,
    time_zone: tzinfo = UTC,
) -> Export:
    """Read a LinkedIn export (a ZIP, or one bare CSV such as Connections.csv) into rows.

    Messages are grouped into the days of `time_zone`, the owner's. Members are read in memory,
    never extracted. Raises `ExportError` when the archive as a whole
    cannot be used; a single bad value only adds a `RowWarning`.
    """
    data = read_upload(source, filename, max_upload_bytes)
    clear_caches()
    if zipfile.is_zipfile(io.BytesIO(data)):
        texts, seen = read_zip(data, filename, max_member_bytes, max_total_bytes, max_ratio)
    else:
        texts, seen = read_bare_csv(data, filename), [FileSeen(filename, "read")]

    export = Export(files={kind: member for kind, (member, _) in texts.items()}, files_seen=seen)
    # Each member is dropped once parsed, and each frame once read: the peak memory is what
    # counts at 100,000 messages.
    frames = {}
    for kind in list(texts):
        member, data = texts.pop(kind)
        if SPEC_BY_KIND[kind].skippable and not data.strip():
            _note(
                export, member, "read", Notice(gettext_noop("empty"))
            )  # LinkedIn writes some optional files empty
            continue
        try:
            frames[kind] = Frame.parse(kind, member, data)
            export.warnings += frames[kind].cut_warnings
        except ExportError as err:
            if not SPEC_BY_KIND[kind].skippable:
                raise
            _leave_out(export, kind, err)
        del data

    profile_frame = frames.pop("profile", None)
    profile = profile_owner(profile_frame) if profile_frame is not None else None
    export.own_profile = own_profile(profile_frame, frames.pop("positions", None))
    del profile_frame
    if "connections" in frames:
        export.connections, export.hidden_connections = connection_rows(
            frames.pop("connections"), export
        )
    if "invitations" in frames:
        export.invitations = invitation_rows(frames.pop("invitations"), export)
    messages = Messages(frames.pop("messages"), export) if "messages" in frames else None
    export.owner, aliases = detect_owner(profile, export.invitations, messages)
    if messages is not None:
        export.conversation_days, export.message_counts = messages.conversation_days(
            export.owner, aliases, time_zone
        )
        del messages
    if "notes" in frames:
        export.notes = note_rows(frames.pop("notes"), export)
    export.endorsements, export.endorsement_counts = endorsement_days(frames, export)
    export.recommendations, export.recommendation_counts = recommendation_rows(frames, export)
    if "address_book" in frames:
        export.address_book, export.address_book_rows = address_book_rows(
            frames.pop("address_book"), export
        )
    clear_caches()
    return export


def _leave_out(export: Export, kind: str, err: ExportError):
    """An optional file that cannot be read is left out, and the summary says why: the rest of
    the archive is worth importing without it."""
    member = export.files.pop(kind)
    missing = err.missing if isinstance(err, MissingColumns) else []
    if missing:
        note = Notice(gettext_noop("not read: missing %(columns)s"), columns=", ".join(missing))
    else:
        note = Notice(gettext_noop("not read: not a readable CSV file"))
    _note(export, member, "known", note)
    export.warnings.append(
        RowWarning(
            member,
            1,
            ", ".join(missing),
            Notice(gettext_noop("%(error)s The file was not read."), error=err.notice),
        )
    )


def _note(export: Export, member: str, status: str, note: str):
    for file in export.files_seen:
        if file.name == member:
            file.status, file.note = status, note
