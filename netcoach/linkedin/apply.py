"""Store what `read_export` read: one transaction, idempotent upserts, a summary out.

`import_file` is the entry point of the page and the command: it reads the upload (read.py) and
hands the rows to `apply_export`, which applies each file in one transaction (stages.py, with
what the import knows of the owner's contacts in applier.py, and its SQL in sql_internals.py).
"""

import gc
import hashlib
import logging
from contextlib import contextmanager
from datetime import tzinfo

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from contacts import search as full_text
from contacts.models import Contact, ImportRun, OwnProfile, Preferences
from invitations.models import Invitation
from netcoach import backups
from netcoach.linkedin import notices
from netcoach.linkedin.applier import Applier
from netcoach.linkedin.archive import ExportError
from netcoach.linkedin.details import apply_address_book
from netcoach.linkedin.notices import Notice
from netcoach.linkedin.read import read_export
from netcoach.linkedin.rows import Export
from netcoach.linkedin.signals import apply_signals
from netcoach.linkedin.sql_internals import enlarge_page_cache
from netcoach.linkedin.stages import (
    add_conversation_contacts,
    apply_connections,
    apply_invitations,
    apply_messages,
    apply_notes,
)

logger = logging.getLogger(__name__)
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
MAX_STORED_WARNINGS = 500
MAX_FILES_LISTED = 1000

STEPS = ("read", "connections", "invitations", "messages", "notes", "endorsements")


def import_file(
    source, file_name: str, owner, *, force: bool = False, progress=None, **limits
) -> ImportRun:
    """Read and apply one uploaded export for `owner`; the entry point of the page and command.

    Messages are grouped into the owner's days, in their time zone (`Preferences.time_zone`).
    An archive already imported (same SHA-256) is not read again: the run says so and changes
    nothing, unless `force`. A refused archive is recorded as a failed run and `ExportError`
    is raised; no data of the user is written. An archive that reads well gets a "pre-import"
    snapshot of the database (netcoach.backups) before anything is written.
    """
    limit = limits.get("max_upload_bytes", MAX_UPLOAD_BYTES)
    data = source if isinstance(source, bytes) else source.read(limit + 1)
    sha256 = hashlib.sha256(data).hexdigest()
    previous = (
        ImportRun.objects.linkedin()
        .filter(owner=owner, sha256=sha256, status=ImportRun.Status.SUCCEEDED)
        .first()
        if not force
        else None
    )
    if previous is not None:
        return ImportRun.objects.create(
            owner=owner,
            file_name=file_name,
            sha256=sha256,
            finished_at=timezone.now(),
            counts={**previous.counts, "same_as": previous.pk, "job_changes": 0},
        )
    if progress:
        progress("read")
    with _collector_paused():
        try:
            export = _read(data, file_name, Preferences.zone_of(owner.pk), limits)
        except ExportError as err:
            ImportRun.objects.create(
                owner=owner,
                file_name=file_name,
                sha256=sha256,
                status=ImportRun.Status.FAILED,
                finished_at=timezone.now(),
                error=err.notice,
                counts={"error": err.notice.as_dict()},
            )
            raise
        backups.before_import(owner, refused=ExportError)
        return apply_export(export, owner, file_name=file_name, sha256=sha256, progress=progress)


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector, paused for the length of one import.

    A maximum-size import builds a few hundred thousand rows, tuples and objects that live until
    it ends, and the collector would walk them again and again: about a tenth of the import's
    time. Reference counting still frees memory as it goes; the few reference cycles left
    (pandas' frames) wait for the first collection after the import. The pause is for the whole
    process, a few seconds at most; an import that finds it paused leaves it so.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _read(data: bytes, file_name: str, time_zone: tzinfo, limits: dict) -> Export:
    """`read_export`, with any failure of the reader on a file it did not foresee turned into
    ExportError (and logged with its traceback): reading writes nothing, so the upload is refused
    cleanly. The upload fuzzing (tests/netcoach/linkedin/test_import_fuzz.py) found such files."""
    try:
        return read_export(data, file_name, time_zone=time_zone, **limits)
    except ExportError:
        raise
    except Exception as err:
        logger.exception("The reader failed on %s", file_name)
        raise ExportError(
            gettext_noop(
                "%(file)s could not be read: it does not look like a LinkedIn export netcoach "
                "understands (%(error)s)."
            ),
            file=file_name,
            error=f"{type(err).__name__}: {err}",
        ) from err


def apply_export(export: Export, owner, *, file_name: str, sha256: str, progress=None) -> ImportRun:
    """Upserts the export's rows for `owner` in one transaction and records the ImportRun.

    Returns the run; `run.counts` holds created / updated / unchanged per file and the rest of
    the summary, `run.warnings` the row-level warnings.
    """
    with transaction.atomic(), search_index_built(owner):
        enlarge_page_cache()
        run = ImportRun.objects.create(owner=owner, file_name=file_name, sha256=sha256)
        applier = Applier(owner, run)
        counts = {"files": export.files}
        progress = progress or (lambda step: None)
        if export.owner:
            counts["owner"] = f"{export.owner.first_name} {export.owner.last_name}".strip()
        progress("connections")
        if "connections" in export.files:
            counts["connections"] = apply_connections(applier, export).as_dict()
        counts["job_changes"] = applier.job_changes
        if "messages" in export.files:
            applier.conversation_contacts = add_conversation_contacts(applier, export)
        progress("invitations")
        if "invitations" in export.files:
            counts["invitations"] = apply_invitations(applier, export).as_dict()
        if "connections" in export.files:
            # Invitations recorded by hand, and the accepts decided here, meet the new connections.
            counts["invitations_reconciled"] = Invitation.objects.filter(
                owner=owner
            ).reconcile_with_connections()
        progress("messages")
        if "messages" in export.files:
            counts["messages"] = apply_messages(applier, export).as_dict()
        progress("notes")
        if "notes" in export.files:
            counts["notes"] = apply_notes(applier, export).as_dict()
        progress("endorsements")
        counts.update(apply_signals(applier, export))
        if "address_book" in export.files:
            counts["address_book"] = apply_address_book(applier, export)
        if export.own_profile is not None:
            OwnProfile.record_import(
                owner,
                headline=export.own_profile.headline,
                has_summary=export.own_profile.has_summary,
                positions=export.own_profile.current_positions,
            )
        counts["files_seen"] = [
            {"name": f.name, "status": f.status, **_note(f.note)}
            for f in export.files_seen[:MAX_FILES_LISTED]
        ]
        if len(export.files_seen) > MAX_FILES_LISTED:
            counts["files_not_listed"] = len(export.files_seen) - MAX_FILES_LISTED
        run.counts = counts
        run.warnings = [
            {
                "file": w.file,
                "line": w.line,
                "column": w.column,
                "message": w.message,
                **({"notice": w.message.as_dict()} if isinstance(w.message, Notice) else {}),
            }
            for w in export.warnings[:MAX_STORED_WARNINGS]
        ]
        if len(export.warnings) > MAX_STORED_WARNINGS:
            counts["warnings_not_stored"] = len(export.warnings) - MAX_STORED_WARNINGS
        run.finished_at = timezone.now()
        run.save(update_fields=["counts", "warnings", "finished_at"])
    return run


def search_index_built(owner):
    """A first import builds the owner's search index in bulk at its end (contacts/search.py);
    a later one leaves it to the triggers, which then touch only the rows that changed."""
    people = Contact.objects.filter(owner=owner)[: full_text.BULK_FROM].count()
    return full_text.built_in_bulk(owner.pk, contacts_before=people)


def _note(note) -> dict:
    """A file's note as stored: its English text, and its notice to show it in any language."""
    if not note:
        return {}
    return {"note": note, **({"notice": note.as_dict()} if isinstance(note, Notice) else {})}


def summary_lines(run: ImportRun) -> list[str]:
    """The run's counts in words, for the command line, in the active language."""
    counts = run.counts
    if counts.get("same_as"):
        return [
            _("%(file)s was already imported (import #%(run)s): nothing changed.")
            % {"file": run.file_name, "run": counts["same_as"]}
        ]
    lines = []
    for name, label in _file_labels().items():
        if name in counts:
            c = counts[name]
            lines.append(
                _("%(file)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
                % {
                    "file": label,
                    "created": _n(c["created"]),
                    "updated": _n(c["updated"]),
                    "unchanged": _n(c["unchanged"]),
                }
            )
    if "connections" in counts:
        lines.append(
            _("Hidden profiles skipped: %(n)s") % {"n": _n(counts["connections"].get("hidden", 0))}
        )
        lines.append(_("Job changes: %(n)s") % {"n": _n(counts.get("job_changes", 0))})
    if "messages" in counts:
        m = counts["messages"]
        lines.append(
            _(
                "Messages read: %(messages)s (group %(group)s, spam %(spam)s, sponsored "
                "%(sponsored)s, drafts %(drafts)s)"
            )
            % {
                key: _n(m.get(key, 0))
                for key in ("messages", "group", "spam", "sponsored", "drafts")
            }
        )
        if m.get("regrouped"):
            lines.append(
                _("Conversation days moved to your time zone's days: %(n)s")
                % {"n": _n(m["regrouped"])}
            )
    ambiguous = {
        name: counts[name].get("ambiguous")
        for name in ("connections", "invitations", "messages", "notes")
        if name in counts
    }
    if any(ambiguous.values()):
        names = ambiguous.pop("connections", None)
        kinds = {"invitations": _("invitations"), "messages": _("messages"), "notes": _("notes")}
        apart = ", ".join(f"{kinds[name]} {_n(n)}" for name, n in ambiguous.items() if n)
        if names and apart:
            line = _(
                "Homonyms left apart (nothing tells which namesake a row is about): %(counts)s; "
                "connections added as new people: %(names)s"
            )
        elif names:
            line = _(
                "Homonyms left apart (nothing tells which namesake a row is about): connections "
                "added as new people: %(names)s"
            )
        else:
            line = _(
                "Homonyms left apart (nothing tells which namesake a row is about): %(counts)s"
            )
        lines.append(line % {"counts": apart, "names": ", ".join(names or ())})
    for name, line in (
        (
            "endorsements",
            _(
                "Endorsement days not linked: %(nobody)s with nobody you know, %(shared)s with "
                "a name several people share"
            ),
        ),
        (
            "recommendations",
            _(
                "Recommendations not linked: %(nobody)s with nobody you know, %(shared)s with a "
                "name several people share"
            ),
        ),
    ):
        c = counts.get(name, {})
        if c.get("without_contact") or c.get("ambiguous"):
            lines.append(line % {"nobody": _n(c["without_contact"]), "shared": _n(c["ambiguous"])})
    if book := counts.get("address_book"):
        lines.append(address_book_line(book))
    lines += files_lines(counts)
    lines.append(_("Warnings: %(n)s") % {"n": _n(len(run.warnings))})
    return lines


def address_book_line(book: dict) -> str:
    return _(
        "Address book (Contacts.csv): rows %(rows)s, matched %(matched)s, matching nobody "
        "%(unmatched)s, ambiguous %(ambiguous)s; added: email addresses %(emails)s, phone "
        "numbers %(phones)s, people completed %(people)s"
    ) % {
        key: _n(book.get(key, 0))
        for key in ("rows", "matched", "unmatched", "ambiguous", "emails", "phones", "people")
    }


def _file_labels() -> dict[str, str]:
    return {
        "connections": _("Connections"),
        "invitations": _("Invitations"),
        "messages": _("Messages"),
        "notes": _("Notes"),
        "endorsements": _("Endorsements"),
        "recommendations": _("Recommendations"),
    }


def _n(n: int) -> str:
    return number_format(n, force_grouping=True)


def files_lines(counts: dict) -> list[str]:
    """Every file of the archive, by status: nothing is skipped silently."""
    labels = {
        "read": _("Files read (%(n)s): %(files)s"),
        "known": _("Recognised, not used (%(n)s): %(files)s"),
        "unknown": _("Unknown (%(n)s): %(files)s"),
    }
    lines = []
    for status, label in labels.items():
        names = []
        for f in counts.get("files_seen", []):
            if f["status"] == status:
                note = notices.text(f.get("notice"), f.get("note", ""))
                names.append(f["name"] + (f" ({note})" if note else ""))
        if names:
            lines.append(label % {"n": _n(len(names)), "files": ", ".join(names)})
    if counts.get("files_not_listed"):
        lines.append(_("Files not listed: %(n)s more") % {"n": _n(counts["files_not_listed"])})
    return lines
