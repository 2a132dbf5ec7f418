"""Endorsement_Received_Info.csv, Endorsement_Given_Info.csv, Recommendations_Received.csv and
Recommendations_Given.csv, from their frames into rows.

Endorsements are gestures, not exchanges: the skills one person endorsed for the owner (or the
owner for them) on one UTC day become one `EndorsementDay`, whatever their number, so that a
burst of ten skills weighs what one endorsement weighs. A recommendation is one
`RecommendationRow`, its text kept verbatim. Both files have no time zone or a UTC one; times
are taken as UTC. A row without a readable date is skipped with a warning: an interaction needs
its moment, and a date made up at the import would change on every import.
"""

from collections import Counter

from django.utils.translation import gettext_noop

from netcoach.linkedin.frames import (
    Frame,
    full_name_keys,
    parse_dates,
    profile_keys_and_urls,
    python_datetimes,
)
from netcoach.linkedin.people import SENT_AT_FORMATS
from netcoach.linkedin.rows import EndorsementDay, Export, RecommendationRow

# "2022/11/15 07:59:13 UTC" (the " UTC" is cut off first); ISO 8601 from a re-saved file.
ENDORSEMENT_DATE_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "ISO8601")
# "7/1/23, 9:56 AM", as in Invitations.csv; a bare date from a re-saved file.
RECOMMENDATION_DATE_FORMATS = (*SENT_AT_FORMATS[:-1], "%m/%d/%Y", "%m/%d/%y", "ISO8601")

DIRECTIONS = {"received": ("Endorser", "to_me"), "given": ("Endorsee", "from_me")}


def endorsement_days(frames: dict[str, Frame], export: Export):
    """The endorsements of both files (each taken out of `frames`), by person, direction and
    UTC day; and the counts of rows read and skipped."""
    days: dict[str, EndorsementDay] = {}
    counts = Counter()
    for direction, (side, _) in DIRECTIONS.items():
        frame = frames.pop(f"endorsements_{direction}", None)
        if frame is None:
            continue
        first, last = frame.col(f"{side} First Name"), frame.col(f"{side} Last Name")
        keys, canonical = profile_keys_and_urls(frame.col(f"{side} Public Url"))
        name_keys = full_name_keys(first, last)
        skills = frame.col("Skill Name").tolist()
        moments = python_datetimes(
            parse_dates(
                frame,
                "Endorsement Date",
                ENDORSEMENT_DATE_FORMATS,
                utc=True,
                warnings_out=export.warnings,
                then=gettext_noop("unreadable date %(value)s: endorsement skipped"),
            )
        )
        for i, at in enumerate(moments):
            person = keys[i] or (f"name:{name_keys[i]}" if name_keys[i] else "")
            if not person:
                counts["without_person"] += not _blank(frame, i)
                continue
            counts[direction] += 1
            if at is None:
                counts["undated"] += 1
                continue
            key = f"endorsement:{direction}:{person}:{at.date().isoformat()}"
            day = days.get(key)
            if day is None:
                days[key] = EndorsementDay(
                    int(frame.lines[i]), direction, first.iat[i], last.iat[i], canonical[i],
                    keys[i], name_keys[i], [skills[i]] if skills[i] else [], at, key,
                )  # fmt: skip
                continue
            if skills[i] and skills[i] not in day.skills:
                day.skills.append(skills[i])
            day.endorsed_at = max(day.endorsed_at, at)
    return list(days.values()), {"received": 0, "given": 0, **counts}


def recommendation_rows(frames: dict[str, Frame], export: Export):
    """The recommendations of both files (each taken out of `frames`), and the counts of rows
    read and skipped. No profile URL in these files: people are known by their folded name."""
    rows: list[RecommendationRow] = []
    counts = Counter()
    for direction in DIRECTIONS:
        frame = frames.pop(f"recommendations_{direction}", None)
        if frame is None:
            continue
        first, last, text = frame.col("First Name"), frame.col("Last Name"), frame.col("Text")
        created_raw = frame.col("Creation Date")
        name_keys = full_name_keys(first, last)
        created = python_datetimes(
            parse_dates(
                frame,
                "Creation Date",
                RECOMMENDATION_DATE_FORMATS,
                utc=True,
                warnings_out=export.warnings,
                then=gettext_noop("unreadable date %(value)s: recommendation skipped"),
            )
        )
        seen = Counter()
        for i, at in enumerate(created):
            if not name_keys[i]:
                counts["without_person"] += not _blank(frame, i)
                continue
            counts[direction] += 1
            if at is None:
                counts["undated"] += 1
                continue
            # Keyed by person and creation time, as written: a text edited later updates in place.
            key = f"recommendation:{direction}:{name_keys[i]}:{created_raw.iat[i]}"
            seen[key] += 1
            if seen[key] > 1:
                key += f"#{seen[key]}"
            row = RecommendationRow(
                int(frame.lines[i]), direction, first.iat[i], last.iat[i], name_keys[i],
                text.iat[i], at, key,
            )  # fmt: skip
            rows.append(row)
    return rows, {"received": 0, "given": 0, **counts}


def _blank(frame: Frame, i: int) -> bool:
    """A row with nothing at all (a blank line) is no row."""
    return not any(str(value).strip() for value in frame.df.iloc[i].tolist() if value == value)
