"""Read a LinkedIn data export into plain, validated rows: no database, no Django.

`read_export` takes the uploaded archive (or a bare CSV) and returns an `Export`: one list of
dataclasses per file, counts of what was skipped, and the row-level warnings. Anything that makes
the whole archive unusable raises `ExportError` with a message meant for the user.

Every quirk handled here is described in `linkedin-export.md`. Choices the reference leaves open:

- Times without a zone (`Sent At` in Invitations.csv) are taken as UTC: the export gives no zone
  and the hour matters less than the day.
- A conversation is *sponsored* (InMail, ads) when any of its messages comes from
  `LinkedIn Member` without a profile URL, has no folder and no sender URL while not written by the
  owner, or carries "Sponsored" or "InMail" in its subject or title. Its messages are counted and
  make no interaction.
- A conversation is a *group* when it has a title, more than one other sender, or a message to
  several recipients. Groups are counted and make no interaction.

pandas is used for speed (the C CSV parser and vectorised dates) and lives in this module only.
"""

import codecs
import csv
import html
import io
import re
import warnings
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import BinaryIO

import numpy as np
import pandas as pd

from contacts.normalize import (
    PROFILE_URL_PREFIX,
    fold,
    name_key,
    profile_key,
)

MB = 1024 * 1024
SUMMARY_LENGTH = 500
HEADER_SCAN_LINES = 10
# Ratios are only judged above this size: a tiny, repetitive CSV legitimately compresses well.
RATIO_FLOOR_BYTES = 1 * MB
READ_CHUNK_BYTES = 1 * MB


class ExportError(Exception):
    """A problem that makes the whole archive unusable.

    `str(err)` is a user-facing message naming the file and what is wrong.
    """


@dataclass(frozen=True)
class RowWarning:
    file: str
    line: int  # 1-based physical line in the CSV, header line included
    column: str
    message: str


# The rows of the files are not frozen: a frozen dataclass's __init__ costs 8 times as
# much, 0.4 s over the 110,000 rows of a maximum-size export. Nothing changes them.
@dataclass(slots=True)
class ConnectionRow:
    line: int
    first_name: str
    last_name: str
    profile_url: str
    profile_key: str
    name_key: str
    email: str
    company: str
    position: str
    connected_on: date | None


@dataclass(slots=True)
class InvitationRow:
    line: int
    direction: str  # "incoming" or "outgoing"
    name: str  # the counterpart: From on incoming rows, To on outgoing ones
    profile_url: str
    profile_key: str
    name_key: str
    message: str  # written by a stranger: kept verbatim, always shown escaped
    sent_at: datetime | None  # aware, UTC: the export gives no zone
    owner_name: str
    owner_profile_key: str


@dataclass(slots=True)
class ConversationDay:
    """The messages of one one-to-one conversation on one UTC day: one interaction."""

    conversation_id: str
    day: date
    counterpart_name: str
    counterpart_profile_url: str
    counterpart_profile_key: str
    counterpart_name_key: str
    direction: str  # "from_me", "to_me" or "both"
    first_at: datetime
    last_at: datetime
    message_count: int
    summary: str  # plain text, never markup
    import_key: str


@dataclass(slots=True)
class NoteRow:
    line: int
    first_name: str
    last_name: str
    profile_url: str
    profile_key: str
    name_key: str
    text: str
    created_at: datetime | None
    import_key: str


@dataclass(frozen=True)
class Owner:
    first_name: str
    last_name: str
    name_key: str
    profile_key: str


@dataclass
class Export:
    files: dict[str, str] = field(default_factory=dict)
    owner: Owner | None = None
    connections: list[ConnectionRow] = field(default_factory=list)
    hidden_connections: int = 0
    invitations: list[InvitationRow] = field(default_factory=list)
    conversation_days: list[ConversationDay] = field(default_factory=list)
    message_counts: dict[str, int] = field(default_factory=dict)
    notes: list[NoteRow] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)


@dataclass(frozen=True)
class _Spec:
    kind: str
    file_name: str
    required: tuple[str, ...]
    optional: tuple[str, ...]


# Order matters for a bare CSV upload: the first spec whose required columns are all present wins.
_SPECS = (
    _Spec(
        "connections",
        "Connections.csv",
        ("First Name", "Last Name", "Connected On"),
        ("URL", "Email Address", "Company", "Position"),
    ),
    _Spec(
        "notes",
        "Notes.csv",
        ("Connection First Name", "Connection Last Name", "Note"),
        ("Connection Profile URL", "Created On", "Edited On"),
    ),
    _Spec(
        "invitations",
        "Invitations.csv",
        ("From", "To", "Sent At", "Direction"),
        ("Message", "inviterProfileUrl", "inviteeProfileUrl"),
    ),
    _Spec(
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
    _Spec(
        "profile",
        "Profile.csv",
        ("First Name", "Last Name"),
        ("Maiden Name", "Headline"),
    ),
)
_SPEC_BY_KIND = {spec.kind: spec for spec in _SPECS}
_KNOWN_FILE_NAMES = ", ".join(spec.file_name for spec in _SPECS)

CONNECTED_ON_FORMATS = ("%d %b %Y", "%d-%b-%y", "%d-%b-%Y", "%Y-%m-%d")
SENT_AT_FORMATS = ("%m/%d/%y, %I:%M %p", "%m/%d/%Y, %I:%M %p", "%m/%d/%y %I:%M %p", "ISO8601")
# Values lose a " UTC" suffix before these formats are tried.
MESSAGE_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "ISO8601")
NOTE_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "ISO8601")

LINKEDIN_MEMBER = "LinkedIn Member"
_PROFILE_URL_RE = re.compile(r"(?:https?://)?(?:[\w-]+\.)*linkedin\.com/in/[^\s,;]+")
_SPONSORED_RE = re.compile(r"\b(?:sponsored|inmail)\b", re.IGNORECASE)
_SCRIPT_RE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]*>|<[^>]*$")
_TRUE_VALUES = {"true", "yes", "1"}
# What became of a message, as a number per message while sorting them out.
_KINDS = ("one_to_one", "group", "sponsored", "spam", "no_counterpart", "undated")
_ONE_TO_ONE, _GROUP, _SPONSORED, _SPAM, _NO_COUNTERPART, _UNDATED = range(len(_KINDS))


def read_export(
    source: bytes | BinaryIO,
    filename: str,
    *,
    max_upload_bytes: int = 200 * MB,
    max_member_bytes: int = 512 * MB,
    max_total_bytes: int = 1024 * MB,
    max_ratio: int = 100,
) -> Export:
    """Read a LinkedIn export (a ZIP, or one bare CSV such as Connections.csv) into rows.

    Members are read in memory, never extracted. Raises `ExportError` when the archive as a whole
    cannot be used; a single bad value only adds a `RowWarning`.
    """
    data = _read_upload(source, filename, max_upload_bytes)
    _fold_cache.clear()
    _key_cache.clear()
    if zipfile.is_zipfile(io.BytesIO(data)):
        texts = _read_zip(data, filename, max_member_bytes, max_total_bytes, max_ratio)
    else:
        texts = _read_bare_csv(data, filename)

    export = Export(files={kind: member for kind, (member, _) in texts.items()})
    # Each member is dropped once parsed, and each frame once read: the peak memory is what
    # counts at 100,000 messages.
    frames = {}
    for kind in list(texts):
        member, data = texts.pop(kind)
        frames[kind] = _Frame.parse(kind, member, data)
        del data

    profile_owner = _profile_owner(frames.pop("profile")) if "profile" in frames else None
    if "connections" in frames:
        export.connections, export.hidden_connections = _connections(
            frames.pop("connections"), export
        )
    if "invitations" in frames:
        export.invitations = _invitations(frames.pop("invitations"), export)
    messages = _Messages(frames.pop("messages"), export) if "messages" in frames else None
    export.owner, aliases = _detect_owner(profile_owner, export.invitations, messages)
    if messages is not None:
        export.conversation_days, export.message_counts = messages.conversation_days(
            export.owner, aliases
        )
        del messages
    if "notes" in frames:
        export.notes = _notes(frames.pop("notes"), export)
    _fold_cache.clear()
    _key_cache.clear()
    return export


# -- Getting the member texts ------------------------------------------------------------------


def _read_upload(source: bytes | BinaryIO, filename: str, limit: int) -> bytes:
    data = bytes(source) if isinstance(source, bytes | bytearray) else source.read(limit + 1)
    if len(data) > limit:
        raise ExportError(f"{filename} is over the {_size(limit)} upload limit.")
    return data


def _read_zip(data, filename, max_member_bytes, max_total_bytes, max_ratio):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = _find_members(archive)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as err:
        raise ExportError(f"{filename} is a damaged ZIP archive ({err}).") from err
    except NotImplementedError as err:  # found by tests/netcoach/linkedin/test_import_fuzz.py
        raise ExportError(
            f"{filename} is a ZIP this version of Python cannot read ({err})."
        ) from err
    if not members:
        raise ExportError(
            f"{filename} contains none of the files netcoach reads ({_KNOWN_FILE_NAMES}). "
            "Is it a LinkedIn data export?"
        )
    for info in members.values():
        if info.flag_bits & 0x1:
            raise ExportError(
                f"{filename} is password-protected: netcoach cannot read encrypted archives. "
                "Upload the archive exactly as LinkedIn sent it."
            )
    declared_total = sum(info.file_size for info in members.values())
    if declared_total > max_total_bytes:
        raise ExportError(
            f"{filename} unpacks to {_size(declared_total)}, over the {_size(max_total_bytes)} "
            "limit: this looks like a ZIP bomb, so nothing was imported."
        )
    texts = {}
    for kind, info in members.items():
        raw = _read_member(archive, info, filename, max_member_bytes, max_ratio)
        texts[kind] = (info.filename, _utf8(raw, info.filename))
    return texts


def _find_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The member for each kind: matched by name ignoring case, spaces and underscores.

    CSVs normally sit at the root; a re-zipped export has them in one sub-folder. The shallowest
    match wins, and macOS resource forks (`__MACOSX/`, `._x.csv`) are never candidates.
    """
    wanted = {_loose_name(spec.file_name): spec.kind for spec in _SPECS}
    found: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        if info.is_dir() or info.filename.startswith("__MACOSX/"):
            continue
        parts = info.filename.split("/")
        if parts[-1].startswith("._") or len(parts) > 2:
            continue
        kind = wanted.get(_loose_name(parts[-1]))
        if kind and (
            kind not in found or info.filename.count("/") < found[kind].filename.count("/")
        ):
            found[kind] = info
    return found


def _loose_name(name: str) -> str:
    return name.lower().replace(" ", "").replace("_", "")


def _read_member(archive, info, filename, max_member_bytes, max_ratio) -> bytes:
    name = info.filename
    if info.file_size > max_member_bytes:
        raise _bomb(name, filename, _size(info.file_size), max_member_bytes)
    _check_ratio(info.file_size, info.compress_size, name, filename, max_ratio)
    # The declared sizes can lie: count what really comes out while reading.
    chunks, total = [], 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(READ_CHUNK_BYTES):
                total += len(chunk)
                if total > max_member_bytes:
                    raise _bomb(name, filename, f"more than {_size(total)}", max_member_bytes)
                _check_ratio(total, info.compress_size, name, filename, max_ratio)
                chunks.append(chunk)
    except RuntimeError as err:  # zipfile's "encrypted, password required"
        raise ExportError(
            f"{filename} is password-protected: netcoach cannot read encrypted archives. "
            "Upload the archive exactly as LinkedIn sent it."
        ) from err
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as err:
        raise ExportError(f"{name} in {filename} cannot be unpacked ({err}).") from err
    except NotImplementedError as err:
        raise ExportError(f"{name} in {filename} uses an unsupported compression.") from err
    return b"".join(chunks)


def _check_ratio(size, compressed, name, filename, max_ratio):
    if size > RATIO_FLOOR_BYTES and size > max_ratio * max(compressed, 1):
        raise ExportError(
            f"{name} in {filename} is compressed more than {max_ratio} to 1: "
            "this looks like a ZIP bomb, so nothing was imported."
        )


def _bomb(name: str, filename: str, size: str, limit: int) -> ExportError:
    return ExportError(
        f"{name} in {filename} unpacks to {size}, over the {_size(limit)} limit for one file: "
        "this looks like a ZIP bomb, so nothing was imported."
    )


def _read_bare_csv(data: bytes, filename: str):
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExportError(f"{filename} is not a ZIP archive or a LinkedIn CSV file.")
    try:
        text = _decode(data, filename)
    except ExportError:
        raise ExportError(f"{filename} is not a ZIP archive or a LinkedIn CSV file.") from None
    data = text.encode()
    columns = set()
    for fields in _first_rows(data):
        columns.update(_column_key(f) for f in fields)
    for spec in _SPECS:
        if all(_column_key(c) in columns for c in spec.required):
            return {spec.kind: (filename, data)}
    raise ExportError(f"{filename} is not a ZIP archive or a LinkedIn CSV file.")


def _decode(raw: bytes, name: str) -> str:
    """UTF-8 (a BOM is dropped); UTF-16 only when a BOM says so, as a spreadsheet may save it."""
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise ExportError(
            f"{name} is not UTF-8 text (line {line} cannot be read). "
            "Upload the file as LinkedIn sent it, or save it again as CSV UTF-8."
        ) from err


def _utf8(raw: bytes, name: str) -> bytes:
    """The member as UTF-8 without a BOM, once `_decode` accepts it: pandas' C parser reads
    bytes faster than text, which it would encode back to UTF-8, and they take less memory."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(raw, name).encode()
    if not raw.isascii():
        # Checked a chunk at a time: decoding it whole would build a text as wide as its widest
        # character (an emoji makes it 4 bytes a character), six times slower.
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            for start in range(0, len(raw), READ_CHUNK_BYTES):
                decoder.decode(memoryview(raw)[start : start + READ_CHUNK_BYTES])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            _decode(raw, name)  # raises the ExportError naming the line
            raise
    return raw[len(codecs.BOM_UTF8) :] if raw.startswith(codecs.BOM_UTF8) else raw


def _size(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n:,} bytes"


# -- Parsing one CSV --------------------------------------------------------------------------


def _column_key(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip('"').strip().lower()


def _first_rows(data: bytes) -> list[list[str]]:
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


class _Frame:
    """One CSV parsed with pandas, columns keyed by name, and each row's physical line."""

    def __init__(self, spec, member, df, first_line, header):
        self.spec, self.member, self.df = spec, member, df
        self.first_line = first_line  # physical line of the first data row
        self.header = header  # column key -> name as written in the file
        self._lines = None
        self._columns: dict[tuple[str, bool], pd.Series] = {}
        self.skipped_lines: list[int] = []
        self.embedded_breaks = True

    @classmethod
    def parse(cls, kind: str, member: str, data: bytes) -> "_Frame":
        """`data` is the file in UTF-8, as `_utf8` gives it."""
        spec = _SPEC_BY_KIND[kind]
        header_index, header = _find_header(data, spec)
        missing = [c for c in spec.required if _column_key(c) not in header]
        if missing:
            raise ExportError(
                f"{member} is missing the column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)}: is it the file LinkedIn exported?"
            )
        offset = 0
        for _ in range(header_index):
            offset = data.index(b"\n", offset) + 1
        df, bad_lines = _read_csv(data[offset:] if offset else data, member)
        df.columns = [_column_key(c) for c in df.columns]
        frame = cls(spec, member, df, header_index + 2, header)
        frame.skipped_lines = [header_index + line for line in bad_lines]
        # Without line breaks inside quoted fields, row n sits on line n: no need to count them.
        rows_breaks = len(df) + len(bad_lines) + (1 if data.endswith(b"\n") else 0)
        frame.embedded_breaks = data.count(b"\n", offset) != rows_breaks
        return frame

    def col(self, name: str, *, strip: bool = True) -> pd.Series:
        """The column's values (stripped unless told not to), "" where absent."""
        key = _column_key(name)
        cached = self._columns.get((key, strip))
        if cached is None:
            if key not in self.df.columns:
                cached = pd.Series("", index=self.df.index, dtype=object)
            else:
                values = self.df[key]
                if strip:
                    # One strip per row: most values are distinct, so hashing them to strip
                    # each distinct one once costs more than it saves.
                    cached = pd.Series(_stripped(values.tolist()), index=values.index, dtype=object)
                else:
                    cached = values.fillna("")
            self._columns[(key, strip)] = cached
        return cached

    def has(self, name: str) -> bool:
        return _column_key(name) in self.df.columns

    def column_name(self, name: str) -> str:
        return self.header.get(_column_key(name), name)

    @property
    def lines(self) -> np.ndarray:
        """Physical line of each row, counting line breaks inside quoted fields."""
        if self._lines is None:
            breaks = np.zeros(len(self.df), dtype=np.int64)
            for column in self.df.columns if self.embedded_breaks else ():
                values = self.df[column]
                if pd.api.types.is_string_dtype(values):
                    breaks += values.fillna("").str.count("\n").to_numpy(dtype=np.int64)
            starts = np.concatenate(([0], np.cumsum(breaks + 1)[:-1])) + self.first_line
            for skipped in sorted(self.skipped_lines):
                starts[starts >= skipped] += 1
            self._lines = starts
        return self._lines

    def warnings_for(self, mask, column: str, message) -> list[RowWarning]:
        positions = np.flatnonzero(np.asarray(mask))
        if not len(positions):
            return []
        values = self.col(column).to_numpy()
        name = self.column_name(column)
        return [
            RowWarning(self.member, int(self.lines[i]), name, message(values[i])) for i in positions
        ]


def _find_header(data: bytes, spec: _Spec) -> tuple[int, dict[str, str]]:
    """The header row: the line among the first few holding the most of the file's columns.

    Connections.csv has three "Notes:" lines before its header since 2022.
    """
    known = {_column_key(c) for c in spec.required + spec.optional}
    best_index, best_score, best_fields = 0, 0, []
    rows = _first_rows(data)
    for index, fields in enumerate(rows):
        score = len({_column_key(f) for f in fields} & known)
        if score > best_score:
            best_index, best_score, best_fields = index, score, fields
    if best_score == 0:
        best_fields = rows[0] if data else []
    return best_index, {_column_key(f): f.strip().lstrip("\ufeff") for f in best_fields}


def _read_csv(data: bytes, member: str) -> tuple[pd.DataFrame, list[int]]:
    options = {"dtype": str, "keep_default_na": False, "skip_blank_lines": False}
    options["encoding"] = "utf-8"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            df = pd.read_csv(io.BytesIO(data), engine="c", on_bad_lines="warn", **options)
        except pd.errors.EmptyDataError:
            return pd.DataFrame(), []
        except pd.errors.ParserError:
            try:
                df = pd.read_csv(io.BytesIO(data), engine="python", on_bad_lines="warn", **options)
            except pd.errors.EmptyDataError:  # found by tests/netcoach/linkedin/test_import_fuzz.py
                return pd.DataFrame(), []
            except pd.errors.ParserError as err:
                raise ExportError(f"{member} is not a readable CSV file ({err}).") from err
    bad_lines = []
    for warning in caught:
        bad_lines += [int(n) for n in re.findall(r"Skipping line (\d+)", str(warning.message))]
    # A blank line reads as a row of empty strings; it still counts for line numbers.
    return df, bad_lines


def _parse_dates(frame: _Frame, column: str, formats, *, utc: bool, warnings_out: list):
    """Parse each distinct value with the first format that fits; a warning per leftover."""
    values = frame.col(column)
    codes, uniques = pd.factorize(values)
    # " UTC" is cut off first: pandas parses the bare ISO form many times faster.
    texts = pd.Series(
        [v.replace("\u202f", " ").removesuffix(" UTC") for v in uniques.tolist()], dtype=object
    )
    parsed = pd.to_datetime(texts, format=formats[0], errors="coerce", utc=utc)
    for fmt in formats[1:]:
        failed = parsed.isna() & (texts != "")
        if not failed.any():
            break
        parsed[failed] = pd.to_datetime(texts[failed], format=fmt, errors="coerce", utc=utc)
    bad = (parsed.isna() & (texts != "")).to_numpy()
    if bad.any():
        warnings_out += frame.warnings_for(
            bad[codes], column, lambda value: f"unreadable date {value!r}: imported without it"
        )
    return pd.Series(parsed.array.take(codes), index=values.index)


def _python_datetimes(parsed: pd.Series) -> list:
    values = parsed.dt.to_pydatetime().tolist()
    return [
        None if missing else value for value, missing in zip(values, parsed.isna(), strict=True)
    ]


def _python_dates(parsed: pd.Series) -> list:
    values = parsed.dt.date.tolist()
    return [
        None if missing else value for value, missing in zip(values, parsed.isna(), strict=True)
    ]


# The same names and URLs recur in every file: each is folded once per import.
_fold_cache: dict[str, str] = {}
_key_cache: dict[str, str] = {}


def _keys(urls: pd.Series) -> tuple[list[str], list[str]]:
    """Profile keys and canonical URLs, computed once per distinct URL."""
    keys = _profile_keys(urls)
    return keys, [PROFILE_URL_PREFIX + key if key else "" for key in keys]


def _profile_keys(urls: pd.Series) -> list[str]:
    return _once_each(urls.tolist(), _key_cache, profile_key)


def _name_keys(first: pd.Series, last: pd.Series) -> list[str]:
    return _fold_each((first + " " + last).tolist())


def _fold_each(values: list) -> list[str]:
    return _once_each(values, _fold_cache, fold)


def _once_each(values: list, cache: dict, function) -> list:
    """`function` of each value, computed once per distinct value and kept in `cache`."""
    out = list(map(cache.get, values))
    for i in [i for i, result in enumerate(out) if result is None]:
        value = values[i]
        result = cache.get(value)
        if result is None:
            result = cache[value] = function(value)
        out[i] = result
    return out


def plain_text(values: pd.Series, limit: int = 4 * SUMMARY_LENGTH) -> pd.Series:
    """Hostile HTML to plain text: scripts dropped, tags removed, entities decoded."""
    out = []
    for value in values.tolist():
        value = value[:limit] if isinstance(value, str) else ""
        if "<" in value:
            value = _TAG_RE.sub(" ", _SCRIPT_RE.sub(" ", value))
        if "&" in value:
            # Markup written as entities (&lt;b&gt;) becomes markup once decoded: strip it too.
            value = _TAG_RE.sub(" ", html.unescape(value))
        out.append(" ".join(value.split()))
    return pd.Series(out, index=values.index, dtype=object)


def _per_value(values: pd.Series, function) -> pd.Series:
    """`function` applied once per distinct value: export columns repeat a lot."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    results = np.array([function(value) for value in uniques.tolist()], dtype=object)
    return pd.Series(results[codes], index=values.index, dtype=object)


def _stripped(values: list) -> list[str]:
    try:
        return list(map(str.strip, values))
    except TypeError:  # a field missing from a short row reads as NaN
        return [_strip(value) for value in values]


def _strip(value) -> str:
    return value.strip() if isinstance(value, str) else ""


# -- Connections, invitations, notes, profile ------------------------------------------------


def _connections(frame: _Frame, export: Export) -> tuple[list[ConnectionRow], int]:
    first, last, url = frame.col("First Name"), frame.col("Last Name"), frame.col("URL")
    company, position = frame.col("Company"), frame.col("Position")
    email = frame.col("Email Address")
    connected = frame.col("Connected On")
    blank = (first == "") & (last == "") & (url == "")
    # Rows with only a date are hidden or closed profiles: counted, never created.
    hidden = blank & (connected != "")
    keep = ~blank
    parsed = _parse_dates(
        frame, "Connected On", CONNECTED_ON_FORMATS, utc=False, warnings_out=export.warnings
    )
    connected_on = _python_dates(parsed[keep])

    rows_first, rows_last = first[keep], last[keep]
    keys, canonical = _keys(url[keep])
    name_keys = _name_keys(rows_first, rows_last)
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


def _invitations(frame: _Frame, export: Export) -> list[InvitationRow]:
    sender, recipient = frame.col("From"), frame.col("To")
    inviter_url, invitee_url = frame.col("inviterProfileUrl"), frame.col("inviteeProfileUrl")
    direction = _per_value(frame.col("Direction"), str.lower)
    known = direction.isin(["incoming", "outgoing"])
    export.warnings += frame.warnings_for(
        ~known & (direction != "") | ~known & ((sender != "") | (recipient != "")),
        "Direction",
        lambda value: f"unknown direction {value!r}: invitation skipped",
    )
    sent_at = _python_datetimes(
        _parse_dates(frame, "Sent At", SENT_AT_FORMATS, utc=True, warnings_out=export.warnings)
    )
    incoming = direction == "incoming"
    # The owner is From on outgoing rows and To on incoming ones.
    name = recipient.where(~incoming, sender)
    url = invitee_url.where(~incoming, inviter_url)
    owner_name = sender.where(~incoming, recipient)
    owner_url = inviter_url.where(~incoming, invitee_url)
    keys, canonical = _keys(url)
    owner_keys, _ = _keys(owner_url)
    name_keys = _fold_each(name.tolist())
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


def _notes(frame: _Frame, export: Export) -> list[NoteRow]:
    first, last = frame.col("Connection First Name"), frame.col("Connection Last Name")
    url, text = frame.col("Connection Profile URL"), frame.col("Note")
    created_raw = frame.col("Created On")
    keep = (text != "").to_numpy()
    created = _python_datetimes(
        _parse_dates(frame, "Created On", NOTE_DATE_FORMATS, utc=True, warnings_out=export.warnings)
    )
    keys, canonical = _keys(url)
    name_keys = _name_keys(first, last)
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


def _profile_owner(frame: _Frame) -> Owner | None:
    first, last = frame.col("First Name"), frame.col("Last Name")
    for fn, ln in zip(first.tolist(), last.tolist(), strict=True):
        if fn or ln:
            return Owner(fn, ln, name_key(fn, ln), "")
    return None


# -- Messages ---------------------------------------------------------------------------------


class _Messages:
    """messages.csv, vectorised: participants for owner detection, then one row per day."""

    def __init__(self, frame: _Frame, export: Export):
        self.frame, self.export = frame, export
        self.sender = frame.col("FROM")
        self.to = frame.col("TO")
        self.legacy = not frame.has("CONVERSATION ID")
        if self.legacy:
            # Before 2020 there was no conversation id: the counterpart's name stands for it.
            outgoing = _per_value(frame.col("DIRECTION"), str.upper).isin(["OUTGOING", "SENT"])
            self.legacy_outgoing = outgoing
            counterpart = self.to.where(outgoing, self.sender)
            self.conversation = pd.Series(
                ["legacy:" + key for key in _fold_each(counterpart.tolist())],
                index=frame.df.index,
            )
        else:
            self.conversation = frame.col("CONVERSATION ID")
        self.sender_key = pd.Series(
            _profile_keys(frame.col("SENDER PROFILE URL")), index=frame.df.index
        )
        self.sender_name_key = pd.Series(_fold_each(self.sender.tolist()), index=frame.df.index)
        blank = ((self.sender == "") & (self.to == "") & (frame.col("DATE") == "")).to_numpy(
            copy=True
        )
        # Only the text of the few rows blank so far is stripped, not the whole column.
        content = frame.col("CONTENT", strip=False).to_numpy()
        for i in np.flatnonzero(blank):
            blank[i] = not _strip(content[i])
        self.blank = pd.Series(blank, index=frame.df.index)

    def participants(self) -> tuple[Counter, int]:
        """How many conversations each folded name takes part in, and how many there are."""
        live = ~self.blank.to_numpy()
        if not live.any():
            return Counter(), 0
        conv, conversations = pd.factorize(self.conversation.to_numpy()[live])
        names = self.sender_name_key.to_numpy()[live].tolist()
        names += _fold_each(self.to.to_numpy()[live].tolist())
        name_codes, distinct = pd.factorize(np.array(names, dtype=object))
        # Each (conversation, name) pair once, in the order first met: senders, then recipients.
        pairs = pd.unique(
            np.concatenate([conv, conv]).astype(np.int64) * len(distinct) + name_codes
        )
        present = distinct[pairs % len(distinct)]
        present = pd.Series(present[present != ""], dtype=object)
        return Counter(present.value_counts().to_dict()), len(conversations)

    def owner_url_key(self, names: set[str]) -> str:
        mine = self.sender_key[self.sender_name_key.isin(names) & (self.sender_key != "")]
        return mine.value_counts().index[0] if len(mine) else ""

    def conversation_days(self, owner: Owner | None, aliases: set[str]):
        """The interactions (one per one-to-one conversation and day) and the message counts."""
        frame, export = self.frame, self.export
        live = ~self.blank.to_numpy()
        counts = dict.fromkeys(
            ("one_to_one", "group", "spam", "sponsored", "drafts", "no_counterpart", "undated"), 0
        )
        counts = {"messages": int(live.sum()), **counts}
        drafts = _per_value(frame.col("IS MESSAGE DRAFT"), str.lower).isin(_TRUE_VALUES).to_numpy()
        counts["drafts"] = int((drafts & live).sum())
        # The messages that count, by position; each conversation as a number (`conv`) so that
        # the sets of conversations below are boolean arrays, not sets of ids.
        rows = np.flatnonzero(live & ~drafts)
        codes, conversations = pd.factorize(self.conversation.to_numpy()[rows])
        n = len(conversations)

        def column(values) -> np.ndarray:
            return values.to_numpy(dtype=object)[rows]

        sender, sender_key, sender_nk = (
            column(self.sender),
            column(self.sender_key),
            column(self.sender_name_key),
        )
        folder = column(_per_value(frame.col("FOLDER"), str.upper))
        title, to = column(frame.col("CONVERSATION TITLE")), column(self.to)
        to_urls = column(frame.col("RECIPIENT PROFILE URLS"))

        def of_conversations(mask) -> np.ndarray:
            """Per conversation: whether any of its messages is in `mask`."""
            flags = np.zeros(n, dtype=bool)
            flags[codes[mask]] = True
            return flags

        owner_names = ({owner.name_key} | aliases) - {""} if owner else set()
        owner_keys = {owner.profile_key} - {""} if owner else set()
        if self.legacy:
            from_me = self.legacy_outgoing.to_numpy(dtype=bool)[rows]
        elif owner:
            by_url = sender_key != ""
            from_me = (by_url & _isin(sender_key, owner_keys)) | (
                ~(by_url & bool(owner_keys)) & _isin(sender_nk, owner_names)
            )
        else:
            from_me = np.zeros(len(rows), dtype=bool)

        spam = of_conversations(folder == "SPAM")
        member = (sender == LINKEDIN_MEMBER) & (sender_key == "")
        if frame.has("SENDER PROFILE URL") and frame.has("FOLDER"):
            member |= (folder == "") & (sender_key == "") & ~from_me
        for name in ("SUBJECT", "CONVERSATION TITLE"):
            member |= column(_per_value(frame.col(name), _is_sponsored)).astype(bool)
        sponsored = of_conversations(member) & ~spam

        # A group: a title, several other senders, or a message to several recipients.
        others = ~from_me
        other_ids = np.where(sender_key[others] != "", sender_key[others], sender_nk[others])
        id_codes, ids = pd.factorize(other_ids)
        pairs = pd.unique(codes[others].astype(np.int64) * max(len(ids), 1) + id_codes)
        several_senders = np.bincount(pairs // max(len(ids), 1), minlength=n) > 1
        recipients = column(_per_value(frame.col("RECIPIENT PROFILE URLS"), _count_urls))
        recipients = recipients.astype(np.int64)
        several_recipients = recipients > 1
        unknown = np.flatnonzero(recipients == 0)
        # Names are counted only where no URL says how many recipients there are.
        several_recipients[unknown] = [_count_names(value) > 1 for value in to[unknown].tolist()]
        group = (
            (of_conversations(title != "") | several_senders | of_conversations(several_recipients))
            & ~spam
            & ~sponsored
        )

        kind = np.full(len(rows), _ONE_TO_ONE, dtype=np.int8)
        kind[group[codes]] = _GROUP
        kind[sponsored[codes]] = _SPONSORED
        kind[spam[codes]] = _SPAM
        if owner is None and not self.legacy:
            kind[kind == _ONE_TO_ONE] = _NO_COUNTERPART
            if (kind == _NO_COUNTERPART).any():
                export.warnings.append(
                    RowWarning(
                        frame.member,
                        frame.first_line - 1,
                        frame.column_name("FROM"),
                        "cannot tell which participant is you: messages made no interactions",
                    )
                )

        ones = np.flatnonzero(kind == _ONE_TO_ONE)
        one = pd.DataFrame(
            {
                "conv": conversations[codes[ones]],
                "sender": sender[ones],
                "sender_key": sender_key[ones],
                "to": to[ones],
                "to_urls": to_urls[ones],
                "content": column(frame.col("CONTENT", strip=False))[ones],
                "from_me": from_me[ones],
            },
            index=rows[ones],
        )
        counterpart = _counterparts(one, owner_keys)
        no_counterpart = ~one["conv"].isin(counterpart.index).to_numpy()
        kind[ones[no_counterpart]] = _NO_COUNTERPART
        one, ones = one[~no_counterpart], ones[~no_counterpart]

        parsed = _parse_dates(frame, "DATE", MESSAGE_DATE_FORMATS, utc=True, warnings_out=[])
        at = parsed[one.index]
        undated = at.isna().to_numpy()
        if undated.any():
            export.warnings += frame.warnings_for(
                frame.df.index.isin(one.index[undated]),
                "DATE",
                lambda value: f"unreadable date {value!r}: message skipped",
            )
            kind[ones[undated]] = _UNDATED
            one, at = one[~undated], at[~undated]

        tally = np.bincount(kind, minlength=len(_KINDS))
        for code, name in enumerate(_KINDS):
            counts[name] = int(tally[code])
        return _days(one, at, counterpart), counts


def _isin(values: np.ndarray, wanted: set) -> np.ndarray:
    return pd.Series(values, dtype=object).isin(wanted).to_numpy()


def _is_sponsored(text: str) -> bool:
    return bool(text) and _SPONSORED_RE.search(text) is not None


def _count_urls(text: str) -> int:
    return len(_PROFILE_URL_RE.findall(text)) if text else 0


_NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "mba", "md", "cpa", "pmp", "esq"}


def _count_names(value: str) -> int:
    """How many people a TO field names: ", " joins them, but "Doe, Ph.D." is one person."""
    if not value:
        return 0
    return (
        sum(
            1
            for piece in value.split(", ")
            if " " in piece.strip()
            or not (
                "." in piece or piece.isupper() or fold(piece).replace(" ", "") in _NAME_SUFFIXES
            )
        )
        or 1
    )


def _first_other_key(urls: str, owner_keys: set[str]) -> str:
    for url in _PROFILE_URL_RE.findall(urls):
        key = profile_key(url)
        if key and key not in owner_keys:
            return key
    return ""


def _counterparts(one: pd.DataFrame, owner_keys: set[str]) -> pd.DataFrame:
    """Per one-to-one conversation: the other person's name and profile key.

    Taken from their own messages when they wrote; otherwise from the recipient of the owner's.
    """
    theirs = one[~one["from_me"]]
    found = theirs.drop_duplicates("conv", keep="last").set_index("conv")[["sender"]]
    found.columns = ["name"]
    with_url = theirs[theirs["sender_key"] != ""].drop_duplicates("conv", keep="last")
    found["key"] = with_url.set_index("conv")["sender_key"].reindex(found.index).fillna("")
    mine = one[one["from_me"] & ~one["conv"].isin(found.index)]
    if len(mine):
        recipients = mine.drop_duplicates("conv").set_index("conv")[["to", "to_urls"]]
        recipients["key"] = [_first_other_key(u, owner_keys) for u in recipients["to_urls"]]
        found = pd.concat([found, recipients.rename(columns={"to": "name"})[["name", "key"]]])
    names = ["" if n == LINKEDIN_MEMBER else n for n in found["name"].tolist()]
    found["name"] = names
    found["name_key"] = _fold_each(names)
    return found[(found["name_key"] != "") | (found["key"] != "")]


def _days(one: pd.DataFrame, at: pd.Series, counterpart: pd.DataFrame) -> list[ConversationDay]:
    """Group the messages by conversation and UTC day with numpy: pandas' groupby is too slow
    on text columns."""
    if not len(one):
        return []
    codes, conversations = pd.factorize(one["conv"])
    at_ns = at.dt.tz_localize(None).to_numpy().astype("datetime64[ns]").astype(np.int64)
    day_ns = at_ns - at_ns % (86400 * 10**9)
    order = np.lexsort((at_ns, day_ns, codes))
    codes, at_ns, day_ns = codes[order], at_ns[order], day_ns[order]
    from_me = one["from_me"].to_numpy(dtype=bool)[order]
    text = plain_text(one["content"]).to_numpy(dtype=object)[order]
    lines = [
        ("Me: " if mine else "Them: ") + line
        for mine, line in zip(from_me.tolist(), text.tolist(), strict=True)
    ]
    starts = np.flatnonzero(
        np.concatenate(([True], (codes[1:] != codes[:-1]) | (day_ns[1:] != day_ns[:-1])))
    )
    ends = np.append(starts[1:], len(codes))
    mine = np.add.reduceat(from_me.astype(np.int64), starts)
    count = ends - starts
    direction = np.where(mine == count, "from_me", np.where(mine == 0, "to_me", "both")).tolist()

    # Most days hold one message: its line is the summary. The others join theirs.
    summaries = np.array(lines, dtype=object)[starts]
    for i in np.flatnonzero(count > 1).tolist():
        start = starts[i]
        summaries[i] = "\n".join(lines[start : min(ends[i], start + SUMMARY_LENGTH // 4)])
    summaries = summaries.tolist()
    for i, summary in enumerate(summaries):
        if len(summary) > SUMMARY_LENGTH:
            summaries[i] = summary[: SUMMARY_LENGTH - 1] + "…"

    group_convs = conversations[codes[starts]].tolist()
    people = counterpart.reindex(group_convs)
    keys = people["key"].tolist()
    urls = [PROFILE_URL_PREFIX + key if key else "" for key in keys]
    # A few thousand distinct days: each becomes a date and its ISO text once.
    distinct_days, day_index = np.unique(day_ns[starts], return_inverse=True)
    distinct_dates = pd.to_datetime(distinct_days).date.tolist()
    distinct_iso = [day.isoformat() for day in distinct_dates]
    day_index = day_index.tolist()
    dates = [distinct_dates[i] for i in day_index]
    import_keys = [
        f"msg:{conv}:{distinct_iso[i]}" for conv, i in zip(group_convs, day_index, strict=True)
    ]
    last_at = _utc_datetimes(at_ns[ends - 1])
    # A day of one message starts when it ends: the same (immutable) datetime serves twice.
    first_at = last_at.copy()
    several = np.flatnonzero(count > 1)
    for i, moment in zip(several.tolist(), _utc_datetimes(at_ns[starts[several]]), strict=True):
        first_at[i] = moment
    return list(
        map(
            ConversationDay,
            group_convs,
            dates,
            people["name"].tolist(),
            urls,
            keys,
            people["name_key"].tolist(),
            direction,
            first_at,
            last_at,
            count.tolist(),
            summaries,
            import_keys,
        )
    )


def _utc_datetimes(ns: np.ndarray) -> list[datetime]:
    """Aware datetimes (UTC) of nanosecond timestamps; from whole seconds when they all are,
    as messages.csv gives them, which is twice as fast as pandas' conversion."""
    if (ns % 10**9).any():
        return pd.to_datetime(ns, utc=True).to_pydatetime().tolist()
    return [datetime.fromtimestamp(seconds, UTC) for seconds in (ns // 10**9).tolist()]


# -- Who the owner is -------------------------------------------------------------------------


def _detect_owner(
    profile: Owner | None, invitations: list[InvitationRow], messages: "_Messages | None"
) -> tuple[Owner | None, set[str]]:
    """The owner, from three sources that normally agree, and every folded name they go by.

    Profile.csv gives the name, outgoing invitations the profile URL, and the one participant
    present in nearly every conversation confirms both (or stands in when the others are missing).
    """
    raw_names: dict[str, str] = {}
    invitation_names = Counter()
    invitation_keys = Counter()
    for row in invitations:
        key = fold(row.owner_name)
        if key:
            invitation_names[key] += 1
            raw_names.setdefault(key, row.owner_name)
        if row.owner_profile_key:
            invitation_keys[row.owner_profile_key] += 1
    invitation_name = invitation_names.most_common(1)[0][0] if invitation_names else ""

    message_name = ""
    if messages is not None and not messages.legacy:
        presence, conversations = messages.participants()
        for key, count in presence.most_common(2):
            if key != fold(LINKEDIN_MEMBER) and conversations >= 3 and count >= conversations / 2:
                message_name = key
                break
        if message_name:
            rows = messages.sender[messages.sender_name_key == message_name]
            raw_names.setdefault(message_name, rows.iat[0] if len(rows) else message_name)

    aliases = {profile.name_key if profile else "", invitation_name, message_name} - {""}
    primary = (profile.name_key if profile else "") or invitation_name or message_name
    if not primary:
        return None, set()
    if invitation_keys:
        url_key = invitation_keys.most_common(1)[0][0]
    elif messages is not None:
        url_key = messages.owner_url_key(aliases)
    else:
        url_key = ""
    if profile:
        return Owner(profile.first_name, profile.last_name, primary, url_key), aliases
    first, _, last = raw_names.get(primary, primary).strip().partition(" ")
    return Owner(first, last.strip(), primary, url_key), aliases
