"""Opening the upload: a ZIP (or one bare CSV) in, each member netcoach reads as UTF-8 bytes out.

Members are read in memory, never extracted by name. The limits are checked here: the size of the
upload, of each member and of all of them (declared, then counted while unpacking, since
declared sizes can lie) and the compression ratio, so that a ZIP bomb is refused before it fills
the memory. Each member is checked to be UTF-8 (UTF-16 with a BOM, as a spreadsheet may save it,
is re-encoded) as soon as it is read. Anything that makes the whole archive unusable raises
`ExportError` with a message meant for the user.
"""

import codecs
import io
import zipfile
import zlib
from typing import BinaryIO

from django.utils.translation import gettext_noop

from netcoach.linkedin.files import (
    CORE_SPECS,
    KNOWN_FILE_NAMES,
    OTHER_FILES,
    OTHER_FOLDERS,
    SPEC_BY_KIND,
    SPECS,
    column_key,
    first_rows,
    loose_name,
)
from netcoach.linkedin.notices import Notice
from netcoach.linkedin.rows import FileSeen

MB = 1024 * 1024
# Ratios are only judged above this size: a tiny, repetitive CSV legitimately compresses well.
RATIO_FLOOR_BYTES = 1 * MB
READ_CHUNK_BYTES = 1 * MB
ENCRYPTED = gettext_noop(
    "%(file)s is password-protected: netcoach cannot read encrypted archives. Upload the "
    "archive exactly as LinkedIn sent it."
)
NOT_AN_EXPORT = gettext_noop("%(file)s is not a ZIP archive or a LinkedIn CSV file.")


class ExportError(Exception):
    """A problem that makes the whole archive unusable.

    `str(err)` is a user-facing message naming the file and what is wrong, in the active
    language; `err.notice` is that message to store (notices.py). Raised with a msgid marked
    with `gettext_noop` and its parameters.
    """

    def __init__(self, msgid: str, **params):
        self.notice = Notice(msgid, **params)
        super().__init__(self.notice)

    def __str__(self):
        return self.notice.translated()


def read_upload(source: bytes | BinaryIO, filename: str, limit: int) -> bytes:
    data = bytes(source) if isinstance(source, bytes | bytearray) else source.read(limit + 1)
    if len(data) > limit:
        raise ExportError(
            gettext_noop("%(file)s is over the %(limit_bytes)s upload limit."),
            file=filename,
            limit_bytes=limit,
        )
    return data


def read_zip(data, filename, max_member_bytes, max_total_bytes, max_ratio):
    """Each member netcoach reads, by kind, as (name, UTF-8 bytes); and every file of the archive
    with what becomes of it (`FileSeen`), for the summary."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members, seen = _find_members(archive)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as err:
        raise ExportError(
            gettext_noop("%(file)s is a damaged ZIP archive (%(error)s)."),
            file=filename,
            error=str(err),
        ) from err
    except NotImplementedError as err:  # found by tests/netcoach/linkedin/test_import_fuzz.py
        raise ExportError(
            gettext_noop("%(file)s is a ZIP this version of Python cannot read (%(error)s)."),
            file=filename,
            error=str(err),
        ) from err
    if not any(not SPEC_BY_KIND[kind].skippable for kind in members):
        raise ExportError(
            gettext_noop(
                "%(file)s contains none of the files netcoach reads (%(files)s). "
                "Is it a LinkedIn data export?"
            ),
            file=filename,
            files=KNOWN_FILE_NAMES,
        )
    for info in members.values():
        if info.flag_bits & 0x1:
            raise ExportError(ENCRYPTED, file=filename)
    declared_total = sum(info.file_size for info in members.values())
    if declared_total > max_total_bytes:
        raise ExportError(
            gettext_noop(
                "%(file)s unpacks to %(size_bytes)s, over the %(limit_bytes)s limit: this looks "
                "like a ZIP bomb, so nothing was imported."
            ),
            file=filename,
            size_bytes=declared_total,
            limit_bytes=max_total_bytes,
        )
    texts = {}
    for kind, info in members.items():
        raw = _read_member(archive, info, filename, max_member_bytes, max_ratio)
        texts[kind] = (info.filename, _utf8(raw, info.filename))
    return texts, seen


_WANTED = {loose_name(spec.file_name): spec.kind for spec in SPECS}
_OTHER_FILES = {loose_name(name) for name in OTHER_FILES}
_OTHER_FOLDERS = {loose_name(name) for name in OTHER_FOLDERS}


def _find_members(archive: zipfile.ZipFile) -> tuple[dict[str, zipfile.ZipInfo], list[FileSeen]]:
    """The member for each kind: matched by name ignoring case, spaces and underscores; and
    every file of the archive, in its order, with its status.

    CSVs normally sit at the root; a re-zipped export has them in one sub-folder. The shallowest
    match wins, and macOS resource forks (`__MACOSX/`, `._x.csv`) are never candidates.
    """
    found: dict[str, zipfile.ZipInfo] = {}
    seen: list[tuple[FileSeen, str]] = []  # with the kind of a candidate
    for info in archive.infolist():
        if info.is_dir():
            continue
        parts = info.filename.split("/")
        if info.filename.startswith("__MACOSX/") or parts[-1].startswith("._"):
            seen.append(
                (FileSeen(info.filename, "known", Notice(gettext_noop("macOS resource fork"))), "")
            )
            continue
        kind = _WANTED.get(loose_name(parts[-1]), "")
        if kind and len(parts) > 2:
            seen.append(
                (
                    FileSeen(
                        info.filename, "known", Notice(gettext_noop("more than one folder deep"))
                    ),
                    "",
                )
            )
            continue
        if kind:
            seen.append((FileSeen(info.filename, "known"), kind))
            if kind not in found or len(parts) - 1 < found[kind].filename.count("/"):
                found[kind] = info
            continue
        recognised = loose_name(parts[-1]) in _OTHER_FILES or any(
            loose_name(part) in _OTHER_FOLDERS for part in parts[:-1]
        )
        seen.append((FileSeen(info.filename, "known" if recognised else "unknown"), ""))
    for file, kind in seen:
        if kind and found[kind].filename == file.name:
            file.status = "read"
        elif kind:
            file.note = Notice(
                gettext_noop("another copy was read: %(file)s"), file=found[kind].filename
            )
    return found, [file for file, _ in seen]


def _read_member(archive, info, filename, max_member_bytes, max_ratio) -> bytes:
    name = info.filename
    if info.file_size > max_member_bytes:
        raise _bomb(name, filename, info.file_size, max_member_bytes)
    _check_ratio(info.file_size, info.compress_size, name, filename, max_ratio)
    # The declared sizes can lie: count what really comes out while reading.
    chunks, total = [], 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(READ_CHUNK_BYTES):
                total += len(chunk)
                if total > max_member_bytes:
                    raise _bomb(name, filename, total, max_member_bytes, more=True)
                _check_ratio(total, info.compress_size, name, filename, max_ratio)
                chunks.append(chunk)
    except RuntimeError as err:  # zipfile's "encrypted, password required"
        raise ExportError(ENCRYPTED, file=filename) from err
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as err:
        raise ExportError(
            gettext_noop("%(member)s in %(file)s cannot be unpacked (%(error)s)."),
            member=name,
            file=filename,
            error=str(err),
        ) from err
    except NotImplementedError as err:
        raise ExportError(
            gettext_noop("%(member)s in %(file)s uses an unsupported compression."),
            member=name,
            file=filename,
        ) from err
    return b"".join(chunks)


def _check_ratio(size, compressed, name, filename, max_ratio):
    if size > RATIO_FLOOR_BYTES and size > max_ratio * max(compressed, 1):
        raise ExportError(
            gettext_noop(
                "%(member)s in %(file)s is compressed more than %(ratio)s to 1: this looks like "
                "a ZIP bomb, so nothing was imported."
            ),
            member=name,
            file=filename,
            ratio=max_ratio,
        )


def _bomb(name: str, filename: str, size: int, limit: int, more=False) -> ExportError:
    if more:
        msgid = gettext_noop(
            "%(member)s in %(file)s unpacks to more than %(size_bytes)s, over the "
            "%(limit_bytes)s limit for one file: this looks like a ZIP bomb, so nothing was "
            "imported."
        )
    else:
        msgid = gettext_noop(
            "%(member)s in %(file)s unpacks to %(size_bytes)s, over the %(limit_bytes)s limit "
            "for one file: this looks like a ZIP bomb, so nothing was imported."
        )
    return ExportError(msgid, member=name, file=filename, size_bytes=size, limit_bytes=limit)


def read_bare_csv(data: bytes, filename: str):
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ExportError(NOT_AN_EXPORT, file=filename)
    try:
        text = _decode(data, filename)
    except ExportError:
        raise ExportError(NOT_AN_EXPORT, file=filename) from None
    data = text.encode()
    columns = set()
    for fields in first_rows(data):
        columns.update(column_key(f) for f in fields)
    # The optional files are read only beside a core file: never on their own.
    for spec in CORE_SPECS:
        if all(column_key(c) in columns for c in spec.required):
            return {spec.kind: (filename, data)}
    raise ExportError(NOT_AN_EXPORT, file=filename)


def _decode(raw: bytes, name: str) -> str:
    """UTF-8 (a BOM is dropped); UTF-16 only when a BOM says so, as a spreadsheet may save it."""
    try:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16")
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise ExportError(
            gettext_noop(
                "%(file)s is not UTF-8 text (line %(line)s cannot be read). Upload the file as "
                "LinkedIn sent it, or save it again as CSV UTF-8."
            ),
            file=name,
            line=line,
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
