"""Applying each file of an export: Connections.csv, Invitations.csv, messages.csv, Notes.csv.

Each stage upserts its file's rows for the owner and returns a `Tally` of what it created, updated
and left unchanged. Keys that make a re-import change nothing:

- a contact: its profile key, or its folded full name when the export has no URL (the URL is
  attached when a later export brings it, never creating a second contact);
- an invitation: direction, the counterpart's folded name and the minute it was sent (names are
  there in every era; URLs are not);
- an interaction: `msg:<conversation id>:<day>`, the day in the owner's time zone (a change of
  zone moves the interactions of the days it regroups, `_regroup`); a note:
  `note:<person>:<created on>`.

Only LinkedIn's fields are refreshed. What the user owns (layer, family flag, how we met, tags,
notes and interactions entered by hand, invitation decisions) is never written here, with one
exception: an "I wrote" logged by hand, a one-way LinkedIn message, gives way to the export's
day holding that message (`_replace_entered_messages`), so that it is not counted twice.
"""

import json
from collections import Counter
from dataclasses import dataclass, field

from contacts.models import Contact, Interaction, JobChange, Note, Preferences
from contacts.normalize import company_key
from invitations.models import Invitation
from netcoach.linkedin.applier import CONTACT_FIELDS, Applier, Person
from netcoach.linkedin.rows import Export
from netcoach.linkedin.sql_internals import (
    db_value,
    imported_interactions,
    insert_rows,
    same_time,
    stored_time,
    update_rows,
)

# Up to this many people, scores are refreshed by id; beyond, all the owner's in one pass.
SCORE_REFRESH_BY_ID = 500


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


# -- Connections.csv ----------------------------------------------------------------------


def apply_connections(applier: Applier, export: Export) -> Tally:
    tally = Tally(extra={"hidden": export.hidden_connections, "ambiguous": []})
    new, changed, changes, seen = [], {}, [], set()
    # Homonyms without a URL in this file: an undated contact of their name is none of theirs.
    unkeyed = Counter(row.name_key for row in export.connections if not row.profile_key)
    for row in export.connections:
        # Without a URL, a person is their name and the day they connected; without a date
        # either, each row is a person of its own (never merged by name alone).
        identity = row.profile_key or (row.name_key, row.connected_on or row.line)
        if identity in seen:
            continue  # the same person twice in one file: the first (newest) row wins
        seen.add(identity)
        people = applier.matches(row.profile_key, row.name_key, row.connected_on)
        if len(people) == 1 and people[0].connected_on is None and unkeyed[row.name_key] > 1:
            people = [people[0], None]  # which of this file's homonyms is it? Nobody knows.
        if len(people) != 1:
            if people:
                tally.extra["ambiguous"].append(f"{row.first_name} {row.last_name}".strip())
            person = Person(None, *_linkedin_values(_NOBODY, row))
            new.append(person)
            applier.remember(person)
            continue
        person = people[0]
        # LinkedIn's job before this row, if LinkedIn gave one (not what the user typed).
        old_job = _linkedin_job(person) if person.is_connection else ("", "")
        if _copy(person, row):
            changed[person.pk] = person
            new_job = _linkedin_job(person)
            if old_job != new_job and any(old_job):
                changes.append((person.pk, applier.run.pk, *old_job, *new_job, applier.now))
            applier.remember(person)
        else:
            tally.unchanged += 1
    applier.insert_contacts(new, Contact.Source.LINKEDIN)
    update_rows(Contact, (*CONTACT_FIELDS, "linkedin_says", "updated_at"),
                [(*p.values(), json.dumps(p.linkedin_says), applier.now, p.pk)
                 for p in changed.values()])  # fmt: skip
    insert_rows(
        JobChange,
        ("owner", "contact", "import_run", "old_company", "old_position", "new_company",
         "new_position", "seen_at"),
        [(applier.owner.pk, *change) for change in changes],
    )  # fmt: skip
    tally.created, tally.updated = len(new), len(changed)
    tally.extra["ambiguous"] = tally.extra["ambiguous"][:MAX_NAMES_LISTED]
    applier.job_changes = len(changes)
    return tally


# Names listed in a summary (ambiguous homonyms): the first ones, the count says the rest.
MAX_NAMES_LISTED = 50

# The fields of a contact not yet stored, before a Connections.csv row is applied.
_NOBODY = Person(None, *([""] * len(CONTACT_FIELDS)))


def _linkedin_job(person: Person) -> tuple[str, str]:
    """The company and position LinkedIn last gave, whatever the user wrote over them."""
    says = person.linkedin_says
    return says.get("company", person.company), says.get("position", person.position)


def _copy(person: Person, row) -> bool:
    """Copies LinkedIn's fields of a Connections.csv row; True when something changed.

    A field the user edited keeps the user's value; LinkedIn's goes beside it, in
    `linkedin_says`. A person entered by hand that this row links to a connection for the
    first time keeps what the user wrote the same way; the fields they left empty are filled.
    """
    values = _linkedin_values(person, row)
    says = dict(person.linkedin_says)
    first_link = person.source == Contact.Source.MANUAL and not person.is_connection
    current = dict(zip(CONTACT_FIELDS, person.values(), strict=True))
    target = dict(zip(CONTACT_FIELDS, values, strict=True))
    for name in Contact.LINKEDIN_FIELDS:
        linkedin, users = target[name], current[name]
        if name in says or (first_link and users and users != linkedin):
            target[name] = users
            if linkedin == users:
                says.pop(name, None)  # LinkedIn came round to what the user wrote
            else:
                says[name] = linkedin
    if "first_name" in says or "last_name" in says:
        target["name_key"] = current["name_key"]
    if "company" in says:
        target["company_key"] = current["company_key"]
    values = tuple(target.values())
    if values == person.values() and says == person.linkedin_says:
        return False
    person.set(values)
    person.linkedin_says = says
    return True


def _linkedin_values(person: Person, row) -> tuple:
    """The contact's fields once a Connections.csv row is applied to `person`, as LinkedIn
    gives them."""
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


_company_keys: dict[str, str] = {}


def _company_key(company: str) -> str:
    key = _company_keys.get(company)
    if key is None:
        key = _company_keys[company] = company_key(company)
    return key


# -- Invitations.csv ----------------------------------------------------------------------


def apply_invitations(applier: Applier, export: Export) -> Tally:
    tally = Tally(extra={"accepted": 0, "pending": 0, "ambiguous": 0})
    fields = ("name", "name_key", "profile_url", "profile_key", "message", "sent_at",
              "status", "contact")  # fmt: skip
    existing = {
        row[0]: row[1:]
        for row in Invitation.objects.filter(owner=applier.owner)
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
        people = applier.matches(row.profile_key, row.name_key)
        person = people[0] if len(people) == 1 else None
        tally.extra["ambiguous"] += len(people) > 1
        accepted = (row.profile_key and row.profile_key in applier.connected_keys) or (
            not row.profile_key and row.name_key in applier.connected_names
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
            changed.append((*after, applier.now, pk))
        else:
            tally.unchanged += 1
    insert_rows(
        Invitation,
        ("owner", "direction", "source", "import_key", *fields, "created_at", "updated_at"),
        [
            (applier.owner.pk, key.split(":")[1], Invitation.Source.IMPORTED, key, *values,
             applier.now, applier.now)
            for key, values in new
        ],
    )  # fmt: skip
    update_rows(Invitation, (*fields, "updated_at"), changed)
    tally.created, tally.updated = len(new), len(changed)
    return tally


# -- messages.csv -------------------------------------------------------------------------


def apply_messages(applier: Applier, export: Export) -> Tally:
    tally = Tally(
        extra={
            **export.message_counts,
            "interactions_without_contact": 0,
            "ambiguous": 0,
            "contacts_created": applier.conversation_contacts,
            "entered_replaced": 0,
        }
    )
    existing = imported_interactions(applier.owner.pk)
    touched = set()  # people whose score the new, changed and removed interactions move
    tally.extra["regrouped"] = _regroup(existing, export, touched)
    new, changed, now = [], [], db_value(applier.now)
    # Plain str values: SQLite binds them without looking for an adapter of the enum type.
    kind, source = Interaction.Kind.LINKEDIN.value, Interaction.Source.IMPORTED.value
    owner = applier.owner.pk
    matches, known_as = applier.matches, existing.get
    written = set()  # (contact id, day) of the days the owner wrote on
    for day in export.conversation_days:
        people = matches(day.counterpart_profile_key, day.counterpart_name_key)
        if len(people) != 1:
            tally.extra["ambiguous" if people else "interactions_without_contact"] += 1
            continue
        person = people[0]
        if day.from_me_count:
            written.add((person.pk, day.day))
        known = known_as(day.import_key)
        last_at = db_value(day.last_at)
        if known is None:
            new.append((owner, kind, source, "", person.pk, last_at, day.direction,
                        day.summary, day.import_key, now, now))  # fmt: skip
            touched.add(person.pk)
        elif (
            known[1] == day.direction
            and known[2] == day.summary
            and (known[3] == last_at or same_time(known[3], day.last_at))
        ):
            tally.unchanged += 1
        else:
            changed.append((day.direction, day.summary, day.last_at, applier.now, known[0]))
            touched.add(person.pk)
    insert_rows(
        Interaction,
        ("owner", "kind", "source", "place", "contact", "occurred_at", "direction", "summary",
         "import_key", "created_at", "updated_at"),
        new,
        adapted=True,
    )  # fmt: skip
    update_rows(Interaction, ("direction", "summary", "occurred_at", "updated_at"), changed)
    tally.extra["entered_replaced"] = _replace_entered_messages(applier, written, touched)
    if touched:
        people = Contact.objects.filter(owner=applier.owner)
        if len(touched) <= SCORE_REFRESH_BY_ID:
            people = people.filter(pk__in=touched)
        people.refresh_scores(Preferences.half_life_of(applier.owner.pk))
    tally.created, tally.updated = len(new), len(changed)
    return tally


def _replace_entered_messages(applier: Applier, written: set, touched: set) -> int:
    """Deletes the one-way LinkedIn messages the user logged by hand ("I wrote": the composer,
    the review's congratulate step) on a day the export holds a message of theirs to the same
    person: it is the same message, and the export's day knows whether they answered. Without
    this, one message would count twice (in the score, on the timeline). Returns how many.

    The day of each is the owner's (their time zone), as the export's days are. The user's
    messages logged by hand are few: they are read whole, not looked up by person.
    """
    if not written:
        return 0
    zone = Preferences.zone_of(applier.owner.pk)
    entered = Interaction.objects.filter(
        owner=applier.owner,
        kind=Interaction.Kind.LINKEDIN,
        direction=Interaction.Direction.FROM_ME,
        source=Interaction.Source.ENTERED,
        import_key="",
    ).values_list("pk", "contact_id", "occurred_at")
    replaced = [
        (pk, contact_id)
        for pk, contact_id, at in entered
        if (contact_id, at.astimezone(zone).date()) in written
    ]
    if replaced:
        Interaction.objects.filter(pk__in=[pk for pk, _ in replaced]).delete()
        touched.update(contact_id for _, contact_id in replaced)
    return len(replaced)


def _regroup(existing: dict[str, tuple], export: Export, touched: set) -> int:
    """Days of an earlier import that a change of the owner's time zone has moved: each takes the
    key of the day that now holds its last message, or gives way to that day's interaction when
    it has one. Returns how many moved; `existing` follows.

    Only a change of zone moves a day. Otherwise a day gone from the keys holds no message of this
    export any more (an older export imported after a newer one), and its interaction stays.
    """
    gone: dict[str, dict] = {}
    for key in sorted(existing.keys() - {day.import_key for day in export.conversation_days}):
        if key.startswith("msg:"):
            pk, _, _, at = existing[key]
            conversation = key.removeprefix("msg:").rpartition(":")[0]
            gone.setdefault(conversation, {})[key] = (pk, stored_time(at))
    if not gone:
        return 0
    rekeyed, retired = [], []
    for day in export.conversation_days:
        days_gone = gone.get(day.conversation_id)
        if not days_gone:
            continue
        for key, (pk, at) in list(days_gone.items()):
            if day.first_at <= at <= day.last_at:
                del days_gone[key]
                if day.import_key in existing:
                    retired.append(pk)
                else:
                    rekeyed.append((day.import_key, pk))
                    existing[day.import_key] = existing[key]
                del existing[key]
    if rekeyed or retired:
        moved = Interaction.objects.filter(pk__in=[pk for _, pk in rekeyed] + retired)
        touched.update(moved.values_list("contact_id", flat=True))
        update_rows(Interaction, ("import_key",), rekeyed)
        Interaction.objects.filter(pk__in=retired).delete()
    return len(rekeyed) + len(retired)


def add_conversation_contacts(applier: Applier, export: Export) -> int:
    """People the owner wrote to who are not contacts (anymore) become contacts.

    Conversations only ever *to* the owner from strangers do not: they are mostly cold
    outreach, not relationships. It runs before the invitations are applied, so that an
    invitation finds its contact on the first import as on the next ones.
    """
    wrote = {}
    for day in export.conversation_days:
        if day.direction == "to_me":
            continue
        if not applier.matches(day.counterpart_profile_key, day.counterpart_name_key):
            wrote.setdefault(day.counterpart_profile_key or day.counterpart_name_key, day)
    people = []
    for day in wrote.values():
        first, _, last = day.counterpart_name.partition(" ")
        person = Person(None, first, last, day.counterpart_name_key,
                        day.counterpart_profile_url, day.counterpart_profile_key, "", "", "",
                        "", None, False)  # fmt: skip
        people.append(person)
        applier.remember(person)
    applier.insert_contacts(people, Contact.Source.LINKEDIN)
    return len(people)


# -- Notes.csv ----------------------------------------------------------------------------


def apply_notes(applier: Applier, export: Export) -> Tally:
    tally = Tally(extra={"without_contact": 0, "ambiguous": 0})
    existing = dict(
        Note.objects.filter(owner=applier.owner, source=Note.Source.IMPORTED)
        .exclude(import_key="")
        .values_list("import_key", "pk")
    )
    texts = dict(Note.objects.filter(pk__in=existing.values()).values_list("pk", "text"))
    new, changed = [], []
    for row in export.notes:
        people = applier.matches(row.profile_key, row.name_key)
        if len(people) != 1:
            tally.extra["ambiguous" if people else "without_contact"] += 1
            continue
        person = people[0]
        pk = existing.get(row.import_key)
        if pk is None:
            new.append((person.pk, row.text, row.import_key, row.created_at or applier.now))
        elif texts[pk] != row.text:
            changed.append((row.text, applier.now, pk))
        else:
            tally.unchanged += 1
    insert_rows(
        Note,
        ("owner", "source", "follow_up_done", "contact", "text", "import_key", "created_at",
         "updated_at"),
        [(applier.owner.pk, Note.Source.IMPORTED, False, *row, applier.now) for row in new],
    )  # fmt: skip
    update_rows(Note, ("text", "updated_at"), changed)
    tally.created, tally.updated = len(new), len(changed)
    return tally
