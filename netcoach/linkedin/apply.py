"""Store what `read_export` read: one transaction, idempotent upserts, a summary out.

Keys that make a re-import change nothing:

- a contact: its profile key, or its folded full name when the export has no URL (the URL is
  attached when a later export brings it, never creating a second contact);
- an invitation: direction, the counterpart's folded name and the minute it was sent (names are
  there in every era; URLs are not);
- an interaction: `msg:<conversation id>:<UTC day>`; a note: `note:<person>:<created on>`.

Only LinkedIn's fields are refreshed. What the user owns (layer, family flag, how we met, tags,
notes and interactions entered by hand, invitation decisions) is never written here.
"""

import gc
import hashlib
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from operator import attrgetter

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from contacts.models import Contact, ImportRun, Interaction, JobChange, Note, Preferences
from contacts.normalize import company_key
from invitations.models import Invitation
from netcoach import backups
from netcoach.linkedin.read import Export, ExportError, read_export

logger = logging.getLogger(__name__)
BATCH = 2000
# A table receiving at least this many rows, and more than it holds, gets its indexes built
# after the inserts instead of updated row by row (`_secondary_indexes_deferred`).
DEFER_INDEXES_FROM = 1000
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
MAX_STORED_WARNINGS = 500
# Up to this many people, scores are refreshed by id; beyond, all the owner's in one pass.
SCORE_REFRESH_BY_ID = 500
CONTACT_FIELDS = (
    "first_name",
    "last_name",
    "name_key",
    "profile_url",
    "profile_key",
    "email",
    "company",
    "company_key",
    "position",
    "connected_on",
    "is_connection",
)


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    extra: dict = field(default_factory=dict)

    def as_dict(self):
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            **self.extra,
        }


STEPS = ("read", "connections", "invitations", "messages", "notes")


def import_file(
    source, file_name: str, owner, *, force: bool = False, progress=None, **limits
) -> ImportRun:
    """Read and apply one uploaded export for `owner`; the entry point of the page and command.

    An archive already imported (same SHA-256) is not read again: the run says so and changes
    nothing, unless `force`. A refused archive is recorded as a failed run and `ExportError`
    is raised; no data of the user is written. An archive that reads well gets a "pre-import"
    snapshot of the database (netcoach.backups) before anything is written.
    """
    limit = limits.get("max_upload_bytes", MAX_UPLOAD_BYTES)
    data = source if isinstance(source, bytes) else source.read(limit + 1)
    sha256 = hashlib.sha256(data).hexdigest()
    previous = (
        ImportRun.objects.filter(
            owner=owner, sha256=sha256, status=ImportRun.Status.SUCCEEDED
        ).first()
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
            export = _read(data, file_name, limits)
        except ExportError as err:
            ImportRun.objects.create(
                owner=owner,
                file_name=file_name,
                sha256=sha256,
                status=ImportRun.Status.FAILED,
                finished_at=timezone.now(),
                error=str(err),
            )
            raise
        backups.before_import(refused=ExportError)
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


def _read(data: bytes, file_name: str, limits: dict) -> Export:
    """`read_export`, with any failure of the reader on a file it did not foresee turned into
    ExportError (and logged with its traceback): reading writes nothing, so the upload is refused
    cleanly. The upload fuzzing (tests/netcoach/linkedin/test_import_fuzz.py) found such files."""
    try:
        return read_export(data, file_name, **limits)
    except ExportError:
        raise
    except Exception as err:
        logger.exception("The reader failed on %s", file_name)
        raise ExportError(
            f"{file_name} could not be read: it does not look like a LinkedIn export netcoach "
            f"understands ({type(err).__name__}: {err})."
        ) from err


def apply_export(export: Export, owner, *, file_name: str, sha256: str, progress=None) -> ImportRun:
    """Upserts the export's rows for `owner` in one transaction and records the ImportRun.

    Returns the run; `run.counts` holds created / updated / unchanged per file and the rest of
    the summary, `run.warnings` the row-level warnings.
    """
    with transaction.atomic():
        if connection.vendor == "sqlite":
            # The inserts touch every index of three tables: a 64 MB page cache (instead of
            # SQLite's 2 MB) keeps them in memory for the length of the import.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -65536")
        run = ImportRun.objects.create(owner=owner, file_name=file_name, sha256=sha256)
        applier = _Applier(owner, run)
        counts = {"files": export.files}
        progress = progress or (lambda step: None)
        if export.owner:
            counts["owner"] = f"{export.owner.first_name} {export.owner.last_name}".strip()
        progress("connections")
        if "connections" in export.files:
            counts["connections"] = applier.connections(export).as_dict()
        counts["job_changes"] = applier.job_changes
        progress("invitations")
        if "invitations" in export.files:
            counts["invitations"] = applier.invitations(export).as_dict()
        if "connections" in export.files:
            # Invitations recorded by hand, and the accepts decided here, meet the new connections.
            counts["invitations_reconciled"] = Invitation.objects.filter(
                owner=owner
            ).reconcile_with_connections()
        progress("messages")
        if "messages" in export.files:
            counts["messages"] = applier.messages(export).as_dict()
        progress("notes")
        if "notes" in export.files:
            counts["notes"] = applier.notes(export).as_dict()
        run.counts = counts
        run.warnings = [
            {"file": w.file, "line": w.line, "column": w.column, "message": w.message}
            for w in export.warnings[:MAX_STORED_WARNINGS]
        ]
        if len(export.warnings) > MAX_STORED_WARNINGS:
            counts["warnings_not_stored"] = len(export.warnings) - MAX_STORED_WARNINGS
        run.finished_at = timezone.now()
        run.save(update_fields=["counts", "warnings", "finished_at"])
    return run


class _Person:
    """What the import knows of an existing contact: its key fields, without a model instance."""

    __slots__ = ("pk", *CONTACT_FIELDS)

    def __init__(self, pk, *values):
        self.pk = pk
        self.set(values)

    def set(self, values):
        # In the order of CONTACT_FIELDS.
        (self.first_name, self.last_name, self.name_key, self.profile_url, self.profile_key,
         self.email, self.company, self.company_key, self.position, self.connected_on,
         self.is_connection) = values  # fmt: skip

    def values(self):
        return _contact_values(self)


_contact_values = attrgetter(*CONTACT_FIELDS)


# The fields of a contact not yet stored, before a Connections.csv row is applied.
_NOBODY = _Person(None, *([""] * len(CONTACT_FIELDS)))


class _Applier:
    def __init__(self, owner, run):
        self.owner, self.run = owner, run
        self.now = timezone.now()
        self.job_changes = 0
        self.by_key: dict[str, _Person] = {}
        self.by_name: dict[str, _Person] = {}
        self.connected_keys: set[str] = set()
        self.connected_names: set[str] = set()
        # Raw rows: the ORM's row iterator costs more than the rest of a newer import's
        # connections. SQLite's converters give dates and booleans, as values_list would.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, {} FROM {} WHERE owner_id = %s ORDER BY id".format(
                    ", ".join(Contact._meta.get_field(name).column for name in CONTACT_FIELDS),
                    connection.ops.quote_name(Contact._meta.db_table),
                ),
                [owner.pk],
            )
            for row in cursor.fetchall():
                self._remember(_Person(*row))

    def _remember(self, person: _Person):
        if person.profile_key:
            self.by_key[person.profile_key] = person
        # The first contact of a name wins, unless it has a URL and a later one has none.
        current = self.by_name.get(person.name_key)
        if person.name_key and (
            current is None or (current.profile_key and not person.profile_key)
        ):
            self.by_name[person.name_key] = person
        if person.is_connection:
            if person.profile_key:
                self.connected_keys.add(person.profile_key)
            self.connected_names.add(person.name_key)

    def find(self, profile_key: str, name_key: str) -> _Person | None:
        """The contact for a profile key, else for a name whose contact has no other URL."""
        if profile_key:
            person = self.by_key.get(profile_key)
            if person is not None:
                return person
        person = self.by_name.get(name_key) if name_key else None
        if person is not None and (not profile_key or not person.profile_key):
            return person
        return None

    # -- Connections.csv ------------------------------------------------------------------

    def connections(self, export: Export) -> Tally:
        tally = Tally(extra={"hidden": export.hidden_connections})
        new, changed, changes, seen = [], {}, [], set()
        for row in export.connections:
            identity = row.profile_key or f"name:{row.name_key}"
            if identity in seen:
                continue  # the same person twice in one file: the first (newest) row wins
            seen.add(identity)
            person = self.find(row.profile_key, row.name_key)
            if person is None:
                person = _Person(None, *self._linkedin_values(_NOBODY, row))
                new.append(person)
                self._remember(person)
                continue
            old_job = (person.company, person.position)
            if self._copy(person, row):
                changed[person.pk] = person
                if old_job != (person.company, person.position) and any(old_job):
                    changes.append(
                        (person.pk, self.run.pk, *old_job, person.company, person.position,
                         self.now)
                    )  # fmt: skip
                self._remember(person)
            else:
                tally.unchanged += 1
        self._insert_contacts(new, Contact.Source.LINKEDIN)
        _update(Contact, (*CONTACT_FIELDS, "updated_at"),
                [(*p.values(), self.now, p.pk) for p in changed.values()])  # fmt: skip
        _insert(
            JobChange,
            ("owner", "contact", "import_run", "old_company", "old_position", "new_company",
             "new_position", "seen_at"),
            [(self.owner.pk, *change) for change in changes],
        )  # fmt: skip
        tally.created, tally.updated = len(new), len(changed)
        self.job_changes = len(changes)
        return tally

    def _insert_contacts(self, people: list[_Person], source: str):
        now = _db_value(self.now)
        _insert(
            Contact,
            ("owner", *CONTACT_FIELDS, "source", "created_at", "updated_at"),
            [
                (
                    self.owner.pk,
                    *p.values()[:-2],
                    _db_value(p.connected_on),
                    p.is_connection,
                    source,
                    now,
                    now,
                )
                for p in people
            ],
            adapted=True,
        )
        if people:
            # executemany returns no ids: read the new ones back by their keys.
            with connection.cursor() as cursor:
                table = connection.ops.quote_name(Contact._meta.db_table)
                cursor.execute(
                    f"SELECT id, profile_key, name_key FROM {table} "
                    "WHERE owner_id = %s AND created_at = %s",
                    [self.owner.pk, now],
                )
                by_identity = {(key, name): pk for pk, key, name in cursor.fetchall()}
            for person in people:
                person.pk = by_identity[(person.profile_key, person.name_key)]

    @classmethod
    def _copy(cls, person: _Person, row) -> bool:
        """Copies LinkedIn's fields of a Connections.csv row; True when something changed."""
        values = cls._linkedin_values(person, row)
        if values == person.values():
            return False
        person.set(values)
        return True

    @staticmethod
    def _linkedin_values(person: _Person, row) -> tuple:
        """The contact's fields once a Connections.csv row is applied to `person`."""
        return (
            row.first_name or person.first_name,
            row.last_name or person.last_name,
            row.name_key or person.name_key,
            row.profile_url or person.profile_url,
            row.profile_key or person.profile_key,
            # The export hides most e-mail addresses: an empty one is no news.
            row.email or person.email,
            row.company,
            _company_key(row.company),
            row.position,
            row.connected_on or person.connected_on or None,
            True,
        )

    # -- Invitations.csv ------------------------------------------------------------------

    def invitations(self, export: Export) -> Tally:
        tally = Tally(extra={"accepted": 0, "pending": 0})
        fields = ("name", "name_key", "profile_url", "profile_key", "message", "sent_at",
                  "status", "contact")  # fmt: skip
        existing = {
            row[0]: row[1:]
            for row in Invitation.objects.filter(owner=self.owner)
            .exclude(import_key="")
            .values_list("import_key", "pk", *fields)
        }
        new, changed, seen = [], [], set()
        for row in export.invitations:
            # The minute, as strftime("%Y-%m-%dT%H:%M") writes it (4-digit years), 6 times faster.
            sent = row.sent_at.isoformat()[:16] if row.sent_at else ""
            key = f"inv:{row.direction}:{row.name_key}:{sent}"
            if key in seen:
                continue
            seen.add(key)
            known = existing.get(key)
            pk, before = (known[0], known[1:]) if known else (None, None)
            person = self.find(row.profile_key, row.name_key)
            accepted = (row.profile_key and row.profile_key in self.connected_keys) or (
                not row.profile_key and row.name_key in self.connected_names
            )
            status = before[6] if before else Invitation.Status.PENDING
            # No status column: the counterpart in Connections.csv means accepted. An accepted
            # invitation never goes back to pending, and a status set by hand is kept.
            if accepted:
                status = Invitation.Status.ACCEPTED
            tally.extra["accepted"] += status == Invitation.Status.ACCEPTED
            tally.extra["pending"] += status == Invitation.Status.PENDING
            after = (
                row.name,
                row.name_key,
                row.profile_url or (before[2] if before else ""),
                row.profile_key or (before[3] if before else ""),
                row.message,
                row.sent_at or (before[5] if before else None),
                status,
                person.pk if person else (before[7] if before else None),
            )
            if before is None:
                new.append((key, after))
            elif after != tuple(before):
                changed.append((*after, self.now, pk))
            else:
                tally.unchanged += 1
        _insert(
            Invitation,
            ("owner", "direction", "source", "import_key", *fields, "created_at", "updated_at"),
            [
                (self.owner.pk, key.split(":")[1], Invitation.Source.IMPORTED, key, *values,
                 self.now, self.now)
                for key, values in new
            ],
        )  # fmt: skip
        _update(Invitation, (*fields, "updated_at"), changed)
        tally.created, tally.updated = len(new), len(changed)
        return tally

    # -- messages.csv ---------------------------------------------------------------------

    def messages(self, export: Export) -> Tally:
        tally = Tally(extra={**export.message_counts, "interactions_without_contact": 0})
        table = connection.ops.quote_name(Interaction._meta.db_table)
        # Raw rows, the time as the text SQLite holds (a cast escapes the datetime converter):
        # the ORM's converters cost more than the comparison.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT import_key, id, direction, summary, CAST(occurred_at AS TEXT) "
                f"FROM {table} WHERE owner_id = %s AND source = %s AND import_key != ''",
                [self.owner.pk, Interaction.Source.IMPORTED],
            )
            existing = {key: (pk, d, s, at) for key, pk, d, s, at in cursor.fetchall()}
        tally.extra["contacts_created"] = self._contacts_for_conversations(export)
        new, changed, now = [], [], _db_value(self.now)
        touched = set()  # people whose score the new and changed interactions move
        # Plain str values: SQLite binds them without looking for an adapter of the enum type.
        kind, source = Interaction.Kind.LINKEDIN.value, Interaction.Source.IMPORTED.value
        owner = self.owner.pk
        find, known_as = self.find, existing.get
        for day in export.conversation_days:
            person = find(day.counterpart_profile_key, day.counterpart_name_key)
            if person is None:
                tally.extra["interactions_without_contact"] += 1
                continue
            known = known_as(day.import_key)
            last_at = _db_value(day.last_at)
            if known is None:
                new.append((owner, kind, source, "", person.pk, last_at, day.direction,
                            day.summary, day.import_key, now, now))  # fmt: skip
                touched.add(person.pk)
            elif (
                known[1] == day.direction
                and known[2] == day.summary
                and (known[3] == last_at or _same_time(known[3], day.last_at))
            ):
                tally.unchanged += 1
            else:
                changed.append((day.direction, day.summary, day.last_at, self.now, known[0]))
                touched.add(person.pk)
        _insert(
            Interaction,
            ("owner", "kind", "source", "place", "contact", "occurred_at", "direction", "summary",
             "import_key", "created_at", "updated_at"),
            new,
            adapted=True,
        )  # fmt: skip
        _update(Interaction, ("direction", "summary", "occurred_at", "updated_at"), changed)
        if touched:
            people = Contact.objects.filter(owner=self.owner)
            if len(touched) <= SCORE_REFRESH_BY_ID:
                people = people.filter(pk__in=touched)
            people.refresh_scores(Preferences.half_life_of(self.owner.pk))
        tally.created, tally.updated = len(new), len(changed)
        return tally

    def _contacts_for_conversations(self, export: Export) -> int:
        """People the owner wrote to who are not contacts (anymore) become contacts.

        Conversations only ever *to* the owner from strangers do not: they are mostly cold
        outreach, not relationships.
        """
        wrote = {}
        for day in export.conversation_days:
            if day.direction == "to_me":
                continue
            if self.find(day.counterpart_profile_key, day.counterpart_name_key) is None:
                wrote.setdefault(day.counterpart_profile_key or day.counterpart_name_key, day)
        people = []
        for day in wrote.values():
            first, _, last = day.counterpart_name.partition(" ")
            person = _Person(None, first, last, day.counterpart_name_key,
                             day.counterpart_profile_url, day.counterpart_profile_key, "", "", "",
                             "", None, False)  # fmt: skip
            people.append(person)
            self._remember(person)
        self._insert_contacts(people, Contact.Source.LINKEDIN)
        return len(people)

    # -- Notes.csv ------------------------------------------------------------------------

    def notes(self, export: Export) -> Tally:
        tally = Tally(extra={"without_contact": 0})
        existing = dict(
            Note.objects.filter(owner=self.owner, source=Note.Source.IMPORTED)
            .exclude(import_key="")
            .values_list("import_key", "pk")
        )
        texts = dict(Note.objects.filter(pk__in=existing.values()).values_list("pk", "text"))
        new, changed = [], []
        for row in export.notes:
            person = self.find(row.profile_key, row.name_key)
            if person is None:
                tally.extra["without_contact"] += 1
                continue
            pk = existing.get(row.import_key)
            if pk is None:
                new.append((person.pk, row.text, row.import_key, row.created_at or self.now))
            elif texts[pk] != row.text:
                changed.append((row.text, self.now, pk))
            else:
                tally.unchanged += 1
        _insert(
            Note,
            ("owner", "source", "follow_up_done", "contact", "text", "import_key", "created_at",
             "updated_at"),
            [(self.owner.pk, Note.Source.IMPORTED, False, *row, self.now) for row in new],
        )  # fmt: skip
        _update(Note, ("text", "updated_at"), changed)
        tally.created, tally.updated = len(new), len(changed)
        return tally


# Rows are written with executemany: the ORM's bulk_create spends 20x longer building the SQL
# than SQLite takes to store the rows (docs/performance.md).


def _insert(model, names: tuple[str, ...], rows: list[tuple], *, adapted=False):
    """INSERT `rows` (values in the order of `names`) into `model`'s table.

    `adapted` rows already hold what SQLite stores (datetimes as text): the hot paths skip
    checking every value.
    """
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    # Every other column gets the model's default, as the ORM would give it.
    others = [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in names]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in others)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(f.column) for f in [*fields, *others]),
        ", ".join(["%s"] * (len(fields) + len(others))),
    )
    with connection.cursor() as cursor, _secondary_indexes_deferred(cursor, model, len(rows)):
        for start in range(0, len(rows), BATCH * 10):
            batch = rows[start : start + BATCH * 10]
            if not adapted:
                batch = [_adapt(row) for row in batch]
            if defaults:
                batch = [row + defaults for row in batch]
            cursor.executemany(sql, batch)


@contextmanager
def _secondary_indexes_deferred(cursor, model, count: int):
    """Drops the table's indexes for the inserts and creates them again afterwards, when `count`
    new rows outnumber the rows already there (a first import).

    SQLite builds an index from a sort many times faster than it updates it row by row. It all
    happens inside the import's transaction, where SQLite's DDL is transactional: a failed or
    killed import rolls the indexes back with the rows. The indexes are created again from their
    own `CREATE INDEX` text in sqlite_master, so the schema ends as the migrations made it. A
    unique index then checks the rows all at once: a duplicate fails the import with the same
    IntegrityError ("UNIQUE constraint failed: ...") as when it checked them one by one.
    """
    table = model._meta.db_table
    if (
        connection.vendor != "sqlite"
        or not connection.in_atomic_block
        or count < DEFER_INDEXES_FROM
    ):
        yield
        return
    cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
    if cursor.fetchone()[0] >= count:
        yield
        return
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
        "AND sql IS NOT NULL ORDER BY name",
        [table],
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    for _, sql in indexes:
        cursor.execute(sql)


def _update(model, names: tuple[str, ...], rows: list[tuple]):
    """UPDATE `model`'s rows: each row holds the values of `names`, then the primary key."""
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(model._meta.db_table),
        ", ".join(f"{quote(model._meta.get_field(n).column)} = %s" for n in names),
        quote(model._meta.pk.column),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [_adapt(row) for row in rows])


def _same_time(stored: str, value: datetime) -> bool:
    """Whether the text SQLite holds is the moment `value` (aware, UTC)."""
    return parse_datetime(stored) == value.replace(tzinfo=None)


def _adapt(row: tuple) -> tuple:
    """Python values as Django stores them in SQLite: aware datetimes as naive UTC text."""
    if not any(isinstance(value, date) for value in row):
        return row
    return tuple(_db_value(value) for value in row)


def _db_value(value):
    if isinstance(value, datetime):
        if value.tzinfo is not UTC:
            value = value.astimezone(UTC)
        return value.isoformat(" ")[:-6]  # without its "+00:00"
    if isinstance(value, date):
        return value.isoformat()
    return value


_company_keys: dict[str, str] = {}


def _company_key(company: str) -> str:
    key = _company_keys.get(company)
    if key is None:
        key = _company_keys[company] = company_key(company)
    return key


def summary_lines(run: ImportRun) -> list[str]:
    """The run's counts in words, for the command line."""
    counts = run.counts
    if counts.get("same_as"):
        return [
            f"{run.file_name} was already imported (import #{counts['same_as']}): nothing changed."
        ]
    lines = []
    for name in ("connections", "invitations", "messages", "notes"):
        if name in counts:
            c = counts[name]
            lines.append(
                f"{name.capitalize()}: {c['created']:,} created, {c['updated']:,} updated, "
                f"{c['unchanged']:,} unchanged"
            )
    if "connections" in counts:
        lines.append(f"Hidden profiles skipped: {counts['connections'].get('hidden', 0):,}")
        lines.append(f"Job changes: {counts.get('job_changes', 0):,}")
    if "messages" in counts:
        m = counts["messages"]
        lines.append(
            f"Messages read: {m.get('messages', 0):,} (group {m.get('group', 0):,}, "
            f"spam {m.get('spam', 0):,}, sponsored {m.get('sponsored', 0):,}, "
            f"drafts {m.get('drafts', 0):,})"
        )
    lines.append(f"Warnings: {len(run.warnings):,}")
    return lines
