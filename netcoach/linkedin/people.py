"""Connections.csv, Invitations.csv and Notes.csv, from their frames into rows.

Times without a zone (`Sent At` in Invitations.csv) are taken as UTC: the export gives no zone
and the hour matters less than the day.
"""

from collections import Counter

import numpy as np
from django.utils.translation import gettext_noop

from contacts.normalize import fold
from netcoach.linkedin.frames import (
    Frame,
    fold_each,
    full_name_keys,
    parse_dates,
    per_value,
    profile_keys_and_urls,
    python_dates,
    python_datetimes,
)
from netcoach.linkedin.notices import Notice
from netcoach.linkedin.rows import ConnectionRow, Export, InvitationRow, NoteRow

CONNECTED_ON_FORMATS = ("%d %b %Y", "%d-%b-%y", "%d-%b-%Y", "%Y-%m-%d")
SENT_AT_FORMATS = ("%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p", "%m/%d/%y %I:%M %p", "ISO8601")
NOTE_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "ISO8601")


def connection_rows(frame: Frame, export: Export) -> tuple[list[ConnectionRow], int]:
    first, last, url = frame.col("First Name"), frame.col("Last Name"), frame.col("URL")
    company, position = frame.col("Company"), frame.col("Position")
    email = frame.col("Email Address")
    connected = frame.col("Connected On")
    blank = (first == "") & (last == "") & (url == "")
    # Rows with only a date are hidden or closed profiles: counted, never created.
    hidden = blank & (connected != "")
    keep = ~blank
    parsed = parse_dates(
        frame, "Connected On", CONNECTED_ON_FORMATS, utc=False, warnings_out=export.warnings
    )
    connected_on = python_dates(parsed[keep])

    rows_first, rows_last = first[keep], last[keep]
    keys, canonical = profile_keys_and_urls(url[keep])
    name_keys = full_name_keys(rows_first, rows_last)
    lines = frame.lines[keep.to_numpy()]
    rows = [
        ConnectionRow(int(line), fn, ln, cu, pk, nk, em, co, po, on)
        for line, fn, ln, cu, pk, nk, em, co, po, on in zip(
            lines,
            rows_first.tolist(),
            rows_last.tolist(),
            canonical,
            keys,
            name_keys,
            email[keep].tolist(),
            company[keep].tolist(),
            position[keep].tolist(),
            connected_on,
            strict=True,
        )
    ]
    return rows, int(hidden.sum())


def invitation_rows(frame: Frame, export: Export) -> list[InvitationRow]:
    sender, recipient = frame.col("From"), frame.col("To")
    inviter_url, invitee_url = frame.col("inviterProfileUrl"), frame.col("inviteeProfileUrl")
    direction = per_value(frame.col("Direction"), str.lower)
    known = direction.isin(["incoming", "outgoing"])
    export.warnings += frame.warnings_for(
        ~known & (direction != "") | ~known & ((sender != "") | (recipient != "")),
        "Direction",
        lambda value: Notice(
            gettext_noop("unknown direction %(value)s: invitation skipped"), value=repr(value)
        ),
    )
    sent_at = python_datetimes(
        parse_dates(frame, "Sent At", SENT_AT_FORMATS, utc=True, warnings_out=export.warnings)
    )
    incoming = direction == "incoming"
    # The owner is From on outgoing rows and To on incoming ones.
    name = recipient.where(~incoming, sender)
    url = invitee_url.where(~incoming, inviter_url)
    owner_name = sender.where(~incoming, recipient)
    owner_url = inviter_url.where(~incoming, invitee_url)
    keys, canonical = profile_keys_and_urls(url)
    owner_keys, _ = profile_keys_and_urls(owner_url)
    name_keys = fold_each(name.tolist())
    rows = []
    for i, (line, dir_, nm, cu, pk, nk, msg, at, on, ok) in enumerate(
        zip(
            frame.lines,
            direction.tolist(),
            name.tolist(),
            canonical,
            keys,
            name_keys,
            frame.col("Message").tolist(),
            sent_at,
            owner_name.tolist(),
            owner_keys,
            strict=True,
        )
    ):
        if known.iat[i]:
            rows.append(InvitationRow(int(line), dir_, nm, cu, pk, nk, msg, at, on, ok))
    return rows


def note_rows(frame: Frame, export: Export) -> list[NoteRow]:
    first, last = frame.col("Connection First Name"), frame.col("Connection Last Name")
    url, text = frame.col("Connection Profile URL"), frame.col("Note")
    created_raw = frame.col("Created On")
    keep = (text != "").to_numpy()
    created = python_datetimes(
        parse_dates(frame, "Created On", NOTE_DATE_FORMATS, utc=True, warnings_out=export.warnings)
    )
    keys, canonical = profile_keys_and_urls(url)
    name_keys = full_name_keys(first, last)
    rows, seen = [], Counter()
    for i in np.flatnonzero(keep):
        person = keys[i] or name_keys[i]
        # Keyed by person and creation time, so that a note edited on LinkedIn updates in place.
        import_key = f"note:{person}:{created_raw.iat[i] or fold(text.iat[i])[:40]}"
        seen[import_key] += 1
        if seen[import_key] > 1:
            import_key += f"#{seen[import_key]}"
        rows.append(
            NoteRow(
                int(frame.lines[i]),
                first.iat[i],
                last.iat[i],
                canonical[i],
                keys[i],
                name_keys[i],
                text.iat[i],
                created[i],
                import_key,
            )
        )
    return rows
