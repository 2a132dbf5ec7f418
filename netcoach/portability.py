"""Everything a user owns, out and back in: the "Export everything" ZIP, its import into an empty
account, and "Delete all my data". docs/data-format.md describes the files.

The export is built from the models' _meta: every model of netcoach's apps with an `owner` is in
it with all its concrete fields and many-to-many links, so a field or model added later is
exported, imported and deleted without a change here.
"""

import csv
import io
import json
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from contacts import normalize
from contacts import search as full_text
from contacts.csv_export import neutralise
from contacts.models import Contact, Preferences
from netcoach import backups

FORMAT = "netcoach-export"
VERSION = 1
JSON_NAME = "netcoach.json"
# Settings rather than data: they exist in every account from its first day, so an import into an
# "empty" account replaces them instead of refusing.
SETTINGS_MODELS = {
    "contacts.preferences",
    "contacts.calendarfeed",
    "invitations.acceptancerule",
    "invitations.criterion",
    "invitations.replytemplate",
}
CSV_NAMES = {
    "contacts.contact": "people.csv",
    "contacts.contactdetail": "contact_details.csv",
    "contacts.interaction": "interactions.csv",
    "contacts.note": "notes.csv",
    "invitations.invitation": "invitations.csv",
    "invitations.criterion": "criteria.csv",
    "contacts.review": "reviews.csv",
    "contacts.tag": "tags.csv",
    "contacts.introduction": "introductions.csv",
    "contacts.jobchange": "job_changes.csv",
    "contacts.companymark": "company_marks.csv",
    "contacts.dismissedsuggestion": "dismissed_suggestions.csv",
    "contacts.importrun": "import_runs.csv",
    "contacts.preferences": "preferences.csv",
    "invitations.acceptancerule": "acceptance_rule.csv",
    "invitations.replytemplate": "reply_templates.csv",
}
# A credential rather than data: the calendar's secret address (kept as its hash) stays in the
# account it was made in. Imported into a second account of the same install, one address would
# open two calendars; the importing account makes its own. "Delete all my data" deletes it.
NOT_EXPORTED = {"contacts.calendarfeed"}
# The name of one row, where the model's own is not what the user calls it.
ONE_NAMES = {
    "contacts.contact": "person",
    "contacts.contactdetail": "contact detail",
    "contacts.dismissedsuggestion": "dismissed suggestion",
    "contacts.importrun": "import run",
    "contacts.jobchange": "job change",
    "contacts.companymark": "company mark",
    "contacts.calendarfeed": "calendar feed",
}
# A count of the user's rows in words, in the active language ("12 people", "12 personnes"); a
# model not listed says its count with its own verbose names.
COUNTED = {
    "contacts.tag": ngettext_lazy("%(count)s tag", "%(count)s tags", "n"),
    "contacts.contact": ngettext_lazy("%(count)s person", "%(count)s people", "n"),
    "contacts.interaction": ngettext_lazy("%(count)s interaction", "%(count)s interactions", "n"),
    "contacts.note": ngettext_lazy("%(count)s note", "%(count)s notes", "n"),
    "contacts.introduction": ngettext_lazy(
        "%(count)s introduction", "%(count)s introductions", "n"
    ),
    "contacts.importrun": ngettext_lazy("%(count)s import run", "%(count)s import runs", "n"),
    "contacts.jobchange": ngettext_lazy("%(count)s job change", "%(count)s job changes", "n"),
    "contacts.companymark": ngettext_lazy("%(count)s company mark", "%(count)s company marks", "n"),
    "contacts.contactdetail": ngettext_lazy(
        "%(count)s phone number, address or website",
        "%(count)s phone numbers, addresses or websites",
        "n",
    ),
    "contacts.dismissedsuggestion": ngettext_lazy(
        "%(count)s dismissed suggestion", "%(count)s dismissed suggestions", "n"
    ),
    "contacts.review": ngettext_lazy("%(count)s review", "%(count)s reviews", "n"),
    "invitations.invitation": ngettext_lazy("%(count)s invitation", "%(count)s invitations", "n"),
    "invitations.criterion": ngettext_lazy("%(count)s criterion", "%(count)s criteria", "n"),
    "invitations.replytemplate": ngettext_lazy(
        "%(count)s reply template", "%(count)s reply templates", "n"
    ),
}
# An export's limits, as the LinkedIn reader's (netcoach/linkedin/archive.py): netcoach.json
# unpacks to no more than the upload limit (settings.NETCOACH_MAX_UPLOAD_BYTES), declared and
# counted while reading, at most MAX_RATIO times its compressed size (beyond RATIO_FLOOR_BYTES),
# in a ZIP of at most MAX_MEMBERS files; JSON nested deeper than MAX_DEPTH is refused.
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_MEMBERS = 100
MAX_DEPTH = 20
READ_CHUNK_BYTES = 1024 * 1024
BATCH = 500


# Computed from other rows and recomputed on import: not part of the file.
DERIVED_FIELDS = {"contacts.contact.score_log2"}


class DataFileError(Exception):
    """An export that cannot be imported, or an account that cannot receive it; says why."""


@dataclass(frozen=True)
class Kind:
    """One user-owned model and how it is written: its fields and many-to-many links."""

    model: type[models.Model]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def fields(self) -> list[models.Field]:
        """Concrete fields but the owner and the derived ones, in declaration order (the primary
        key first)."""
        return [
            f
            for f in self.model._meta.concrete_fields
            if f.name != "owner" and f"{self.label}.{f.name}" not in DERIVED_FIELDS
        ]

    @property
    def links(self) -> list[models.ManyToManyField]:
        return list(self.model._meta.local_many_to_many)

    @property
    def csv_name(self) -> str:
        return CSV_NAMES.get(self.label, self.label.replace(".", "_") + ".csv")

    @property
    def name_one(self) -> str:
        """The name of one row: "person", "job change", "review"."""
        return ONE_NAMES.get(self.label, str(self.model._meta.verbose_name))

    @property
    def name(self) -> str:
        """What the user calls it: "people", "job changes" (the CSV's name in words)."""
        if self.label in CSV_NAMES:
            return self.csv_name.removesuffix(".csv").replace("_", " ")
        return str(self.model._meta.verbose_name_plural)

    def rows(self, user):
        """The user's rows as JSON-ready dicts keyed by column name, oldest id first."""
        names = [f.attname for f in self.fields]
        values = self.model._base_manager.filter(owner=user).order_by("pk").values_list(*names)
        linked = {link.name: self._links_of(link, user) for link in self.links}
        for row in values.iterator(chunk_size=2000):
            data = {name: _encode(value) for name, value in zip(names, row, strict=True)}
            for name, by_source in linked.items():
                data[name] = by_source.get(data["id"], [])
            yield data

    def _links_of(self, link, user) -> dict[int, list[int]]:
        through = link.remote_field.through
        source, target = link.m2m_field_name(), link.m2m_reverse_field_name()
        pairs = (
            through._base_manager.filter(**{f"{source}__owner": user})
            .order_by(f"{source}_id", f"{target}_id")
            .values_list(f"{source}_id", f"{target}_id")
        )
        by_source: dict[int, list[int]] = {}
        for source_id, target_id in pairs:
            by_source.setdefault(source_id, []).append(target_id)
        return by_source


def owned_kinds() -> list[Kind]:
    """Every model of netcoach's apps that has an owner (`backups.owned_models()`, the rows an
    account's snapshot holds too), each after the models it points to."""
    owned = backups.owned_models()
    ordered: list = []
    pending = list(owned)
    while pending:
        for model in pending:
            needs = {
                f.related_model
                for f in model._meta.fields
                if f.is_relation and f.related_model in owned and f.related_model is not model
            }
            if needs <= set(ordered):
                ordered.append(model)
                pending.remove(model)
                break
        else:
            # A cycle between models: the nullable links are filled in after all rows exist.
            ordered.append(pending.pop(0))
    return [Kind(model) for model in ordered]


def exported_kinds() -> list[Kind]:
    """The kinds an export holds and an import creates: every owned kind but NOT_EXPORTED."""
    return [kind for kind in owned_kinds() if kind.label not in NOT_EXPORTED]


@dataclass(frozen=True)
class Holding:
    """How many rows of one kind a user owns."""

    label: str
    name: str
    count: int
    is_setting: bool
    name_one: str = ""

    @property
    def counted(self) -> str:
        """ "1 review", "2 reviews": the count with the right form of the name, in the active
        language."""
        count = number_format(self.count, force_grouping=True)
        if self.label in COUNTED:
            return COUNTED[self.label] % {"count": count, "n": self.count}
        return f"{count} {self.name_one if self.count == 1 else self.name}"


def inventory(user) -> list[Holding]:
    """What the user owns, kind by kind (one COUNT query per kind, whatever the data's size)."""
    return [
        Holding(
            kind.label,
            kind.name,
            kind.model._base_manager.filter(owner=user).count(),
            kind.label in SETTINGS_MODELS,
            kind.name_one,
        )
        for kind in owned_kinds()
    ]


def is_empty(user) -> bool:
    """No data of the user's own: settings (preferences, rule, criteria, templates) don't count."""
    return not any(
        kind.model._base_manager.filter(owner=user).exists()
        for kind in owned_kinds()
        if kind.label not in SETTINGS_MODELS
    )


# --- Export ---------------------------------------------------------------------------------


def write_export(user, file) -> dict[str, int]:
    """Writes the user's ZIP (one CSV per kind and netcoach.json) to a binary file object.

    Reads everything in one transaction so the CSVs and the JSON agree with each other.
    Returns the number of rows written per model label.
    """
    counts = {}
    with transaction.atomic(), zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open(JSON_NAME, "w", force_zip64=True) as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
            header = {
                "format": FORMAT,
                "version": VERSION,
                "exported_at": timezone.now().isoformat(),
                "username": user.get_username(),
                "schema": sorted(f"{app}.{name}" for app, name in backups.known_migrations()),
            }
            out.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "models": {')
            for i, kind in enumerate(exported_kinds()):
                out.write(("," if i else "") + f"\n{json.dumps(kind.label)}: [")
                counts[kind.label] = 0
                for row in kind.rows(user):
                    out.write(("," if counts[kind.label] else "") + "\n")
                    out.write(json.dumps(row, ensure_ascii=False))
                    counts[kind.label] += 1
                out.write("]")
            out.write("\n}}\n")
            out.flush()
            out.detach()
        for kind in exported_kinds():
            _write_csv(archive, kind, user)
    return counts


def _write_csv(archive, kind, user):
    columns = [f.attname for f in kind.fields] + [link.name for link in kind.links]
    json_columns = {f.attname for f in kind.fields if isinstance(f, models.JSONField)}
    with archive.open(kind.csv_name, "w", force_zip64=True) as raw:
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in kind.rows(user):
            writer.writerow(
                [_csv_cell(row[name], as_json=name in json_columns) for name in columns]
            )
        out.flush()
        out.detach()


def _csv_cell(value, *, as_json=False) -> str:
    if as_json:
        return neutralise(json.dumps(value, ensure_ascii=False))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return neutralise(value)


def _encode(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    return value


# --- Import ---------------------------------------------------------------------------------


def read_export(file) -> dict:
    """Reads and checks the JSON of an export ZIP within the limits above; raises DataFileError
    saying what is wrong."""
    try:
        with zipfile.ZipFile(file) as archive:
            if len(archive.infolist()) > MAX_MEMBERS:
                raise DataFileError(
                    _("This ZIP holds more than %(count)s files: it is not a netcoach export.")
                    % {"count": MAX_MEMBERS}
                )
            try:
                info = archive.getinfo(JSON_NAME)
            except KeyError:
                raise DataFileError(
                    _("This ZIP has no %(file)s: it is not a netcoach export.")
                    % {"file": JSON_NAME}
                ) from None
            raw = _read_json_member(archive, info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, zlib.error) as error:
        raise DataFileError(
            _("This file is not a readable ZIP archive (%(error)s).") % {"error": error}
        ) from error
    except (NotImplementedError, RuntimeError) as error:  # encrypted or unknown compression
        raise DataFileError(_("This ZIP cannot be read (%(error)s).") % {"error": error}) from error
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as error:
        raise DataFileError(
            _("%(file)s is not valid JSON (%(error)s).") % {"file": JSON_NAME, "error": error}
        ) from error
    except RecursionError:
        data = None
    del raw
    if data is None or _depth_over(data, MAX_DEPTH):
        raise DataFileError(
            _("%(file)s is nested more than %(depth)s levels deep: it is not a netcoach export.")
            % {"file": JSON_NAME, "depth": MAX_DEPTH}
        )
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DataFileError(_("%(file)s is not a netcoach export.") % {"file": JSON_NAME})
    if data.get("version") != VERSION:
        raise DataFileError(
            _(
                "This export is in version %(version)s of the format; "
                "this netcoach reads version %(ours)s."
            )
            % {"version": repr(data.get("version")), "ours": VERSION}
        )
    if not isinstance(data.get("models"), dict):
        raise DataFileError(_('%(file)s has no "models" object.') % {"file": JSON_NAME})
    known = {kind.label for kind in exported_kinds()}
    unknown = sorted(set(data["models"]) - known)
    if unknown:
        raise DataFileError(
            _("This export holds kinds of data this netcoach does not know: %(kinds)s.")
            % {"kinds": ", ".join(unknown)}
        )
    for label, rows in data["models"].items():
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise DataFileError(
                _('"%(kind)s" in %(file)s is not a list of rows.')
                % {"kind": label, "file": JSON_NAME}
            )
    return data


def _read_json_member(archive, info) -> bytes:
    """netcoach.json's bytes, refused as soon as its declared or real size passes the upload
    limit or its compression ratio MAX_RATIO: a ZIP bomb costs what was read before that."""
    limit = settings.NETCOACH_MAX_UPLOAD_BYTES
    too_large = DataFileError(
        _("%(file)s unpacks to more than %(mb)s MB, the largest accepted: nothing was imported.")
        % {"file": JSON_NAME, "mb": limit // (1024 * 1024)}
    )

    def check_ratio(size):
        if size > RATIO_FLOOR_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
            raise DataFileError(
                _(
                    "%(file)s is compressed more than %(ratio)s to 1: this looks like a ZIP "
                    "bomb, so nothing was imported."
                )
                % {"file": JSON_NAME, "ratio": MAX_RATIO}
            )

    if info.file_size > limit:
        raise too_large
    check_ratio(info.file_size)
    # The declared sizes can lie: count what really comes out while reading.
    raw = bytearray()
    with archive.open(info) as member:
        while chunk := member.read(READ_CHUNK_BYTES):
            raw += chunk
            if len(raw) > limit:
                raise too_large
            check_ratio(len(raw))
    return bytes(raw)


def _depth_over(value, limit) -> bool:
    """True when `value` nests lists and objects deeper than `limit` (without recursion)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def import_export(user, file) -> dict[str, int]:
    """Imports an export ZIP into the user's empty account, all or nothing.

    Checks the file and the account first, then takes a "pre-import" snapshot of the database.
    Ids are given anew and every link follows them; timestamps are kept as exported (auto_now
    fields included). The user's settings rows are replaced. Returns rows created per label.
    """
    empty_account_needed = DataFileError(
        _(
            "Your account already holds data. An export is imported only into an empty account: "
            "delete all your data first."
        )
    )
    # Before the file is read: a refusal costs nothing.
    if not is_empty(user):
        raise empty_account_needed
    data = read_export(file)
    backups.before_import(user, refused=DataFileError)
    try:
        with transaction.atomic():
            # Checked again inside the transaction: a page may have written in the meantime.
            if not is_empty(user):
                raise empty_account_needed
            # An empty account: its search index is built in one go at the end.
            with full_text.built_in_bulk(user.pk, contacts_before=0):
                return _create_all(user, data["models"])
    except (IntegrityError, DatabaseError) as error:
        raise DataFileError(
            _("The export does not fit the database (%(error)s).") % {"error": error}
        ) from error


def _create_all(user, rows_by_label) -> dict[str, int]:
    new_ids: dict[str, dict] = {}
    created_kinds = []
    for kind in exported_kinds():
        if kind.label in SETTINGS_MODELS:
            kind.model._base_manager.filter(owner=user).delete()
        rows = rows_by_label.get(kind.label, [])
        # Links to rows of the same kind (or of a cycle of kinds) wait for _link_later.
        deferred = [
            f
            for f in kind.fields
            if f.is_relation
            and f.name != "owner"
            and (f.related_model is kind.model or f.related_model._meta.label_lower not in new_ids)
        ]
        objects = {}
        for row in rows:
            old = row.get("id")
            if not isinstance(old, int) or isinstance(old, bool) or old in objects:
                raise DataFileError(
                    _('A row of "%(kind)s" has no whole-number "id" of its own.')
                    % {"kind": kind.label}
                )
            objects[old] = _build(kind, row, user, new_ids, deferred)
        kind.model._base_manager.bulk_create(objects.values(), batch_size=BATCH)
        _restore_auto_timestamps(kind, rows, objects)
        new_ids[kind.label] = {old: obj.pk for old, obj in objects.items()}
        created_kinds.append((kind, rows, objects, deferred))
    for kind, rows, objects, deferred in created_kinds:
        _link_later(kind, rows, objects, deferred, new_ids)
    # Derived from the interactions: recomputed, whatever the file said.
    Contact.objects.filter(owner=user).refresh_scores(Preferences.half_life_of(user.pk))
    return {kind.label: len(objects) for kind, _rows, objects, _deferred in created_kinds}


def _build(kind, row, user, new_ids, deferred):
    unknown = set(row) - {f.attname for f in kind.fields} - {link.name for link in kind.links}
    if unknown:
        names = ", ".join(sorted(unknown))
        raise DataFileError(
            _('"%(kind)s" row %(id)s has unknown fields: %(names)s.')
            % {"kind": kind.label, "id": row["id"], "names": names}
        )
    obj = kind.model(owner=user)
    for field in kind.fields:
        if field.primary_key or field.attname not in row:
            continue  # a field missing from an older export keeps its default
        value = row[field.attname]
        if field in deferred:
            value = None if value is not None else _decode(kind, row, field, value)
        elif field.is_relation and value is not None:
            value = _new_id(kind, row, field, value, new_ids)
        else:
            value = _decode(kind, row, field, value)
        setattr(obj, field.attname, value)
    return obj


def _decode(kind, row, field, value):
    if value is None:
        if not field.null:
            raise DataFileError(
                _('"%(kind)s" row %(id)s: %(field)s cannot be empty.')
                % {"kind": kind.label, "id": row["id"], "field": field.name}
            )
        return None
    if isinstance(field, models.JSONField):
        return value
    try:
        value = field.to_python(value)
        # As a form would: lengths, URLs (http and https only), choices.
        field.run_validators(value)
        blank = field.blank and value == ""
        if field.choices and not blank and value not in dict(field.flatchoices):
            choices = ", ".join(str(choice) for choice, _label in field.flatchoices)
            raise ValidationError(_("not one of %(choices)s") % {"choices": choices})
        if field.name == "profile_url" and value and not normalize.profile_key(value):
            raise ValidationError(_("not a LinkedIn profile address"))
        return value
    except ValidationError as error:
        raise DataFileError(
            _('"%(kind)s" row %(id)s: %(field)s = %(value)s is invalid (%(error)s).')
            % {
                "kind": kind.label,
                "id": row["id"],
                "field": field.name,
                "value": Truncator(repr(value)).chars(60),
                "error": " ".join(error.messages),
            }
        ) from None


def _restore_auto_timestamps(kind, rows, objects):
    """bulk_create stamps auto_now and auto_now_add fields with "now"; put the exported back."""
    stamped = [
        f for f in kind.fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    if not stamped or not objects:
        return
    for row in rows:
        obj = objects[row["id"]]
        for field in stamped:
            if field.attname in row:
                setattr(obj, field.attname, _decode(kind, row, field, row[field.attname]))
    kind.model._base_manager.bulk_update(
        objects.values(), [f.attname for f in stamped], batch_size=BATCH
    )


def _link_later(kind, rows, objects, deferred, new_ids):
    """Sets the links the rows could not get when created, and the many-to-many links, now that
    every row has its new id."""
    changed = []
    for row in rows:
        obj = objects[row["id"]]
        touched = False
        for field in deferred:
            old = row.get(field.attname)
            if old is not None:
                setattr(obj, field.attname, _new_id(kind, row, field, old, new_ids))
                touched = True
        if touched:
            changed.append(obj)
    if changed:
        kind.model._base_manager.bulk_update(
            changed, [f.attname for f in deferred], batch_size=BATCH
        )
    for link in kind.links:
        through = link.remote_field.through
        source, target = link.m2m_field_name(), link.m2m_reverse_field_name()
        pairs = []
        for row in rows:
            targets = row.get(link.name, [])
            if not isinstance(targets, list):
                raise DataFileError(
                    _('"%(kind)s" row %(id)s: %(field)s is not a list.')
                    % {"kind": kind.label, "id": row["id"], "field": link.name}
                )
            pairs.extend(
                through(
                    **{
                        f"{source}_id": objects[row["id"]].pk,
                        f"{target}_id": _new_id(kind, row, link, old, new_ids),
                    }
                )
                for old in targets
            )
        through._base_manager.bulk_create(pairs, batch_size=BATCH)


def _new_id(kind, row, field, old, new_ids):
    target = field.related_model._meta.label_lower
    try:
        return new_ids[target][old]
    except (KeyError, TypeError):
        raise DataFileError(
            _(
                '"%(kind)s" row %(id)s: %(field)s points to %(target)s %(old)s, '
                "which is not in the export."
            )
            % {
                "kind": kind.label,
                "id": row["id"],
                "field": field.name,
                "target": target,
                "old": repr(old),
            }
        ) from None


# --- Delete ---------------------------------------------------------------------------------


def delete_all_data(user) -> dict[str, int]:
    """Deletes every row the user owns, in one transaction, and resets their preferences.

    The account itself stays (the user is still signed in); returns rows deleted per label.
    """
    deleted = {}
    # The search index: the account's documents go at once, not one trigger per row.
    with transaction.atomic(), full_text.built_in_bulk(user.pk, contacts_before=0):
        # Children first, so that each delete finds nothing left to cascade to.
        for kind in reversed(owned_kinds()):
            _total, by_label = kind.model._base_manager.filter(owner=user).delete()
            for label, n in by_label.items():
                deleted[label.lower()] = deleted.get(label.lower(), 0) + n
        Preferences.for_user(user)
    return deleted
