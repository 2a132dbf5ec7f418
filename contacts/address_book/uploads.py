"""The uploaded address book between its preview and its import.

A copy is kept in the data directory under a random name (`ADDRESS_BOOK_UPLOAD_DIR`), never its
own: the name the user's file had is only shown. One pending file per session, bounded by the
upload limit, gone once imported or cancelled, or when its user signs out or deletes all their
data, and swept an hour after it was kept (by the next upload or preview) (a preview
left open is read again from the file, so the plan shown is the database's of the moment).
"""

import re
import secrets
import time
from pathlib import Path

from django.conf import settings

MAX_AGE_SECONDS = 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def _folder() -> Path:
    folder = Path(settings.ADDRESS_BOOK_UPLOAD_DIR)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def keep(data: bytes) -> str:
    """Stores `data` and returns the token that finds it again."""
    sweep()
    token = secrets.token_urlsafe(24)
    (_folder() / f"{token}.upload").write_bytes(data)
    return token


def load(token: str) -> bytes | None:
    """The file kept under `token`, or None (unknown, malformed or expired)."""
    sweep()
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    path = _folder() / f"{token}.upload"
    try:
        if time.time() - path.stat().st_mtime > MAX_AGE_SECONDS:
            path.unlink(missing_ok=True)
            return None
        return path.read_bytes()
    except FileNotFoundError:
        return None


def claim(token: str) -> bytes | None:
    """The file kept under `token`, taken for its import: the first request to claim it gets it,
    a second one (a double submit, two tabs) None, so that a file is imported once."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    kept, claimed = _folder() / f"{token}.upload", _folder() / f"{token}.claimed"
    try:
        kept.rename(claimed)  # atomic: only one rename of a file succeeds
    except FileNotFoundError:
        return None
    try:
        return claimed.read_bytes()
    finally:
        claimed.unlink(missing_ok=True)


def discard(token: str):
    if isinstance(token, str) and _TOKEN.match(token):
        (_folder() / f"{token}.upload").unlink(missing_ok=True)


def sweep():
    """Removes the files kept longer than an hour."""
    limit = time.time() - MAX_AGE_SECONDS
    for path in [*_folder().glob("*.upload"), *_folder().glob("*.claimed")]:
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            pass
