"""Small LinkedIn archives built in memory from CSV text, and reading them, for the importer's
tests."""

import io
import zipfile
from datetime import UTC, datetime

from netcoach.linkedin.read import read_export

PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are '
    'missing."\n'
    "\n"
)
CONNECTIONS_2023 = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
INVITATIONS_2023 = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl"
MESSAGES_2023 = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,"
    "SUBJECT,CONTENT,FOLDER"
)
PROFILE = "First Name,Last Name,Maiden Name,Address,Birth Date,Headline"
ME = "https://www.linkedin.com/in/alex-morgan"
ANA = "https://www.linkedin.com/in/ana-silva"
BEN = "https://www.linkedin.com/in/ben-smith"


def read(files, **options):
    return read_export(make_zip(files), "Basic_LinkedInDataExport_02-08-2026.zip", **options)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def make_zip(files: dict[str, str | bytes], *, encrypted: bool = False) -> bytes:
    """A ZIP holding `files` (name -> text or bytes), deflated like LinkedIn's."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 2, 8, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode() if isinstance(content, str) else content)
    data = buffer.getvalue()
    return _flag_encrypted(data) if encrypted else data


def _flag_encrypted(data: bytes) -> bytes:
    """Set the "encrypted" flag in every header: zipfile cannot encrypt, and the flag is what
    readers look at first."""
    patched = bytearray(data)
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = patched.find(signature)
        while start != -1:
            patched[start + flag_offset] |= 0x1
            start = patched.find(signature, start + 4)
    return bytes(patched)


def csv_text(header: str, *rows: str, preamble: str = "") -> str:
    """A CSV as LinkedIn writes it: LF line ends and no newline after the last row."""
    return preamble + "\n".join((header, *rows))


def message(conversation, sender, sender_url, to, to_urls, when, content="Hi", **fields) -> str:
    """One messages.csv row in the mid-2023 layout."""
    values = [
        conversation,
        fields.get("title", ""),
        sender,
        sender_url,
        to,
        to_urls,
        when,
        fields.get("subject", ""),
        content,
        fields.get("folder", "INBOX"),
    ]
    return ",".join(_quote(v) for v in values)


def _quote(value: str) -> str:
    if any(c in value for c in ',"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


PROFILE_CSV = csv_text(PROFILE, "Alex,Morgan,,,,Head of Product")
