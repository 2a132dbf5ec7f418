"""What the importer tells a person (errors, warnings, notes on files), in the reader's language.

An import is read once and its summary shown many times, maybe after the user changed language:
so a message is never stored only as the words of the language it was made in. A `Notice` is a
message's msgid (its English wording, with `%(name)s` placeholders, marked with `gettext_noop`)
and its parameters. It *is* its English text (a `str`: logs, the command line's English, the
tests, the "Export everything" file keep reading plain English), and it is stored beside that
text as `{"msgid": ..., "params": ...}` (`as_dict`); a page renders it in the reader's language
with `text` (`shown` does so for a whole `ImportRun`). A run stored before notices existed has
the English text only, and shows it.

Parameters are kept as they come (names of files, columns, values read), except two kinds, made
into words only when the message is rendered: a parameter whose name ends in `_bytes` is a size
("200 MB", "200 Mo"), and a parameter that is itself a notice (or its dict) is rendered in the
same language.
"""

import copy

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext

MB = 1024 * 1024


class Notice(str):
    """A message for the user: its English text, and what renders it in another language."""

    msgid: str
    params: dict

    def __new__(cls, msgid: str, **params):
        # Rendered without gettext: the msgid is the English, and a warning per row of a large
        # export must cost what an f-string costs, not an activation of the English catalogue.
        self = super().__new__(cls, _english(msgid, params))
        self.msgid, self.params = msgid, params
        return self

    def __reduce__(self):
        return (_rebuild, (self.msgid, self.params))

    def translated(self) -> str:
        """The message in the active language."""
        return render(self.msgid, self.params)

    def as_dict(self) -> dict:
        return {"msgid": self.msgid, "params": _storable(self.params)}


def _rebuild(msgid, params):
    return Notice(msgid, **params)


def _storable(params: dict) -> dict:
    return {
        name: value.as_dict() if isinstance(value, Notice) else value
        for name, value in params.items()
    }


def _english(msgid: str, params: dict) -> str:
    if not params:
        return msgid
    return msgid % {name: _english_param(name, value) for name, value in params.items()}


def _english_param(name, value):
    if isinstance(value, dict) and "msgid" in value:
        return _english(value["msgid"], value.get("params") or {})
    if name.endswith("_bytes") and isinstance(value, int):
        return f"{round(value / MB):,} MB" if value >= MB else f"{value:,} byte{'s' * (value != 1)}"
    return value  # a Notice is its English already


def render(msgid: str, params: dict) -> str:
    """`msgid` translated into the active language, its parameters filled in."""
    words = gettext(msgid)
    if not params:
        return words
    return words % {name: _param(name, value) for name, value in params.items()}


def _param(name, value):
    if isinstance(value, Notice):
        return value.translated()
    if isinstance(value, dict) and "msgid" in value:
        return text(value)
    if name.endswith("_bytes") and isinstance(value, int):
        return size(value)
    return value


def size(n: int) -> str:
    """A size in words: megabytes from one on, else bytes."""
    if n >= MB:
        return gettext("%(n)s MB") % {"n": number_format(round(n / MB), force_grouping=True)}
    return ngettext("%(n)s byte", "%(n)s bytes", n) % {"n": number_format(n, force_grouping=True)}


def text(stored: dict | None, fallback: str = "") -> str:
    """A stored notice (`as_dict`) in the active language; `fallback` (the English text kept
    beside it) when there is none, as in a run recorded before notices were stored."""
    if not stored or "msgid" not in stored:
        return fallback
    try:
        return render(stored["msgid"], stored.get("params") or {})
    except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder
        return fallback


def shown(run):
    """A copy of `run` (an ImportRun) whose error, warnings and notes on files are in the active
    language, for a page to show; the run itself is left as stored."""
    run = copy.copy(run)
    counts = dict(run.counts or {})
    run.error = text(counts.get("error"), run.error)
    run.warnings = [
        {**w, "message": text(w.get("notice"), w.get("message", ""))} for w in run.warnings or ()
    ]
    if counts.get("files_seen"):
        counts["files_seen"] = [
            {**f, "note": text(f.get("notice"), f.get("note", ""))} for f in counts["files_seen"]
        ]
    run.counts = counts
    return run
