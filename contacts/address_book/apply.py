"""The cards of an address book matched against the owner's people: a `Plan` to preview, then
written in one transaction (docs/importing.md, "Address books").

A card is someone when, in this order: its UID is one netcoach gave (or took from an earlier
card), else its LinkedIn profile, an email address or a phone number (E.164) is theirs. A card
whose keys point at two people is ambiguous; one that matches nobody is a new person, even when
someone has the same name (a name alone never merges two people: the page asks). A card only
fills: what a person lacks is added, a field they have is never written over.

The owner's people are read once, a few queries in all, whatever the number of cards.
"""

import contextlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from contacts import normalize, phones
from contacts import search as full_text
from contacts.address_book.read import AddressBook, Card
from contacts.models import Birthday, Contact, ContactDetail, ImportRun, Preferences, Tag
from netcoach.linkedin import sql_internals as sql

Kind = ContactDetail.Kind
ADDRESS_BOOK = ContactDetail.Source.ADDRESS_BOOK
MANUAL = Contact.Source.MANUAL
SIMPLE_FIELDS = ("company", "position", "city")
MAX_STORED_WARNINGS = 500
MAX_IDS_KEPT = 500  # the people a summary links to

# The choices for a card the user decides about.
NEW, SKIP = "new", "skip"


@dataclass(slots=True, eq=False)
class Person:
    """Someone as matching sees them: one of the owner's people (`pk`), or one this file adds
    (`card`, the number of the card that brings them)."""

    pk: int | None
    card: int | None = None
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    position: str = ""
    city: str = ""
    profile_url: str = ""
    profile_key: str = ""
    uid: str = ""
    birthday: Birthday | None = None
    note: str = ""
    keys: set = field(default_factory=set)  # (kind, key) of their details and LinkedIn email
    unreadable: set = field(default_factory=set)  # phone numbers kept as typed
    tags: set = field(default_factory=set)
    dirty: bool = False

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def choice(self) -> str:
        """The value of the radio button that picks this person."""
        return f"c{self.pk}" if self.pk else f"n{self.card}"


@dataclass(slots=True)
class Detail:
    kind: str
    value: str
    label: str
    key: str
    readable: bool = True


@dataclass(slots=True)
class Changes:
    """What one card adds to one person."""

    fields: list = field(default_factory=list)  # names of the fields filled
    details: list = field(default_factory=list)  # Detail
    tags: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.fields or self.details or self.tags)

    def count(self, kind: str) -> int:
        return sum(1 for d in self.details if d.kind == kind)

    @property
    def phones(self):
        return self.count(Kind.PHONE)

    @property
    def emails(self):
        return self.count(Kind.EMAIL)

    @property
    def websites(self):
        return self.count(Kind.WEBSITE)


@dataclass(slots=True)
class Entry:
    """One card and what becomes of it."""

    card: Card
    action: str  # "new", "enrich", "unchanged", "merged" (into a new person of this file), "skip"
    person: Person | None = None
    changes: Changes | None = None
    # Cards the user decides about: "ambiguous" (keys of several people) or "same_name".
    question: str = ""
    candidates: list = field(default_factory=list)
    choice: str = ""


@dataclass
class Plan:
    book: AddressBook
    entries: list[Entry]
    # The user's choices that no longer name a candidate (the people changed since the preview):
    # those cards took the default.
    stale_choices: int = 0

    def of(self, *actions) -> list[Entry]:
        return [e for e in self.entries if e.action in actions]

    @property
    def new(self):
        return self.of("new")

    @property
    def enriched(self):
        return self.of("enrich")

    @property
    def questions(self):
        return [e for e in self.entries if e.question]

    @property
    def unchanged(self) -> int:
        return len(self.of("unchanged"))

    @property
    def merged(self) -> int:
        return len(self.of("merged"))

    @property
    def skipped(self) -> int:
        return len(self.of("skip"))

    @property
    def nothing_new(self) -> bool:
        return not self.new and not self.enriched and not self.of("merged") and not self.questions

    def counts(self) -> dict:
        return {
            "cards": len(self.entries),
            "created": len(self.new),
            "enriched": len(self.enriched),
            "unchanged": self.unchanged,
            "merged": self.merged,
            "skipped": self.skipped,
            "decided": len(self.questions),
            "stale_choices": self.stale_choices,
        }


class People:
    """The owner's people with their matching keys, read in five queries."""

    def __init__(self, owner):
        self.owner = owner
        self.region = (
            Preferences.objects.filter(owner=owner).values_list("phone_region", flat=True).first()
            or phones.DEFAULT_REGION
        )
        self.all: dict[int, Person] = {}
        self.by_uid, self.by_profile = {}, {}
        self.by_key: dict[tuple, set] = {}
        self.by_name: dict[str, list] = {}
        rows = Contact.objects.filter(owner=owner).values_list(
            "pk", "first_name", "last_name", "name_key", "company", "position", "city",
            "profile_url", "profile_key", "uid", "email", "birthday_month", "birthday_day",
            "birthday_year", "how_we_met",
        )  # fmt: skip
        for pk, first, last, name_key, company, position, city, url, key, uid, email, *rest in rows:
            month, day, year, note = rest
            person = Person(pk, None, first, last, company, position, city, url, key, uid)
            person.note = note
            if month and day:
                with contextlib.suppress(ValueError):
                    person.birthday = Birthday(month, day, year)
            if email:
                person.keys.add((Kind.EMAIL, email.lower()))
            self._index(person, name_key)
        details = ContactDetail.objects.filter(owner=owner).values_list(
            "contact_id", "kind", "key", "value"
        )
        for contact_id, kind, key, value in details:
            person = self.all.get(contact_id)
            if person is None:
                continue
            if key:
                person.keys.add((kind, key))
                self.by_key.setdefault((kind, key), set()).add(contact_id)
            elif kind == Kind.PHONE:
                person.unreadable.add(value)
        taggings = Contact.tags.through.objects.filter(tag__owner=owner).values_list(
            "contact_id", "tag__name"
        )
        for contact_id, name in taggings:
            if person := self.all.get(contact_id):
                person.tags.add(name)

    def _index(self, person: Person, name_key: str):
        ident = person.pk or -person.card
        self.all[ident] = person
        if person.uid:
            self.by_uid.setdefault(person.uid, ident)
        if person.profile_key:
            self.by_profile.setdefault(person.profile_key, ident)
        for key in person.keys:
            self.by_key.setdefault(key, set()).add(ident)
        if name_key:
            self.by_name.setdefault(name_key, []).append(person)

    def details_of(self, card: Card) -> list[Detail]:
        found = []
        for value, label in card.emails:
            found.append(Detail(Kind.EMAIL, value, label, ContactDetail.key_of(Kind.EMAIL, value)))
        for value, label in card.phones:
            phone = phones.read(value, self.region)
            found.append(Detail(Kind.PHONE, phone.value, label, phone.key, phone.readable))
        for value, label in card.websites:
            key = ContactDetail.key_of(Kind.WEBSITE, value)
            found.append(Detail(Kind.WEBSITE, value, label, key))
        return found

    def matches(self, card: Card, details: list[Detail]) -> list[Person]:
        """The people this card's keys name: its UID alone when it is someone's (netcoach's
        own identifier of the person), else everyone its profile, emails and phones name."""
        if card.uid and (ident := self.by_uid.get(card.uid)):
            return [self.all[ident]]
        found = []
        idents = []
        if card.profile_key and (ident := self.by_profile.get(card.profile_key)):
            idents.append(ident)
        for detail in details:
            if detail.key and detail.kind != Kind.WEBSITE:
                idents.extend(sorted(self.by_key.get((detail.kind, detail.key), ())))
        for ident in idents:
            person = self.all[ident]
            if person not in found:
                found.append(person)
        return found

    def changes(self, person: Person, card: Card, details: list[Detail]) -> Changes:
        """What `card` adds to `person`: the fields they have empty, the details and tags they
        lack. Nothing they have is ever replaced."""
        changes = Changes()
        if card.name and not person.name:
            changes.fields.append("name")
        for name in SIMPLE_FIELDS:
            if getattr(card, name) and not getattr(person, name):
                changes.fields.append(name)
        if card.birthday and person.birthday is None:
            changes.fields.append("birthday")
        if card.profile_key and not person.profile_key and card.profile_key not in self.by_profile:
            changes.fields.append("profile_url")
        seen = set()
        for detail in details:
            mark = (detail.kind, detail.key or detail.value)
            if mark in seen:
                continue
            seen.add(mark)
            if detail.key and (detail.kind, detail.key) in person.keys:
                continue
            if not detail.key and detail.value in person.unreadable:
                continue
            changes.details.append(detail)
        changes.tags = [tag for tag in card.tags if tag not in person.tags]
        return changes

    def fill(self, person: Person, card: Card, changes: Changes):
        """`changes` made to `person` in memory (and to the keys that find them)."""
        ident = person.pk or -person.card
        for name in changes.fields:
            if name == "name":
                person.first_name, person.last_name = card.first_name, card.last_name
                self.by_name.setdefault(card.name_key, []).append(person)
            elif name == "birthday":
                person.birthday = card.birthday
            elif name == "profile_url":
                person.profile_url, person.profile_key = card.profile_url, card.profile_key
                self.by_profile[card.profile_key] = ident
            else:
                setattr(person, name, getattr(card, name))
        if card.uid and not person.uid and card.uid not in self.by_uid:
            person.uid = card.uid
            self.by_uid[card.uid] = ident
            person.dirty = True
        for detail in changes.details:
            if detail.key:
                person.keys.add((detail.kind, detail.key))
                if detail.kind != Kind.WEBSITE:
                    self.by_key.setdefault((detail.kind, detail.key), set()).add(ident)
            else:
                person.unreadable.add(detail.value)
        person.tags.update(changes.tags)
        person.dirty = person.dirty or bool(changes.fields)

    def add(self, card: Card, details: list[Detail]) -> tuple[Person, Changes]:
        person = Person(None, card.number, note=card.note)
        self._index(person, "")
        changes = self.changes(person, card, details)
        self.fill(person, card, changes)
        return person, changes

    def covers(self, person: Person, card: Card, details: list[Detail]) -> bool:
        """Whether `person` already holds everything `card` says, the same way: the card is
        theirs again (imported before), not a namesake's."""
        if self.changes(person, card, details):
            return False
        same = lambda a, b: not a or a.casefold() == (b or "").casefold()  # noqa: E731
        return (
            all(same(getattr(card, name), getattr(person, name)) for name in SIMPLE_FIELDS)
            and (card.birthday is None or card.birthday == person.birthday)
            and (not card.profile_key or card.profile_key == person.profile_key)
        )


def plan(book: AddressBook, owner, decisions: dict | None = None) -> Plan:
    """What importing `book` would do for `owner`, card by card; nothing is written.

    `decisions` maps a card's number to the user's choice for a card they decide about: "new",
    "skip", or a candidate (`Person.choice`). Without one, an ambiguous card is skipped and a
    card sharing only a name with someone is a new person.
    """
    people = People(owner)
    decisions = decisions or {}
    entries, stale = [], 0
    for card in book.cards:
        details = people.details_of(card)
        found = people.matches(card, details)
        entry = Entry(card, "new")
        if len(found) > 1:
            entry.question, entry.candidates, default = "ambiguous", found, SKIP
        elif not found and card.name_key and (same := people.by_name.get(card.name_key)):
            if any(people.covers(person, card, details) for person in same):
                entries.append(Entry(card, "unchanged", person=same[0]))
                continue
            entry.question, entry.candidates, default = "same_name", list(same), NEW
        if entry.question:
            choices = {person.choice: person for person in entry.candidates}
            entry.choice = decisions.get(card.number, default)
            if entry.choice not in (NEW, SKIP, *choices):
                stale += card.number in decisions
                entry.choice = default
            found = [choices[entry.choice]] if entry.choice in choices else []
            if entry.choice == SKIP:
                entry.action = "skip"
                entries.append(entry)
                continue
        if found:
            person = found[0]
            changes = people.changes(person, card, details)
            people.fill(person, card, changes)
            entry.person, entry.changes = person, changes
            entry.action = ("enrich" if person.pk else "merged") if changes else "unchanged"
        else:
            entry.person, entry.changes = people.add(card, details)
        entries.append(entry)
    result = Plan(book, entries, stale)
    result.people = people
    return result


def apply_address_book(
    book: AddressBook, owner, *, file_name: str, sha256: str, decisions: dict | None = None
) -> ImportRun:
    """Writes what `plan` says, in one transaction, and records the ImportRun (its counts, the
    people created and enriched, the warnings). Importing the same file again writes nothing
    but the run, which says so."""
    with transaction.atomic():
        before = Contact.objects.filter(owner=owner)[: full_text.BULK_FROM].count()
        with full_text.built_in_bulk(owner.pk, contacts_before=before):
            result = plan(book, owner, decisions)
            created, enriched = _write(result, owner)
        counts = {
            "kind": ImportRun.ADDRESS_BOOK,
            "format": book.kind,
            **result.counts(),
            "read": book.read,
            "ignored": book.ignored,
            "created_ids": created[:MAX_IDS_KEPT],
            "enriched_ids": enriched[:MAX_IDS_KEPT],
        }
        return ImportRun.objects.create(
            owner=owner,
            file_name=file_name[:300],
            sha256=sha256,
            finished_at=timezone.now(),
            counts=counts,
            warnings=[
                {"message": str(w), "notice": w.as_dict()}
                for w in book.warnings[:MAX_STORED_WARNINGS]
            ],
        )


# The columns a card writes: all of them for a new person, `FILLED` for someone it completes.
# Rows go in through the LinkedIn importer's executemany writer: Django's bulk_update builds a
# CASE WHEN per row and field, and took 15 of the 25 seconds of 5,000 cards (docs/performance.md).
FILLED = (
    "first_name", "last_name", "name_key", "company", "company_key", "position", "city",
    "profile_url", "profile_key", "uid", "birthday_month", "birthday_day", "birthday_year",
    "updated_at",
)  # fmt: skip
CREATED = ("owner", "source", *FILLED, "how_we_met", "created_at")
DETAIL = ("owner", "contact", "kind", "label", "value", "key", "readable", "source", "created_at")


def _write(result: Plan, owner) -> tuple[list[int], list[int]]:
    now = timezone.now()
    people = result.people
    new = [e.person for e in result.entries if e.action == "new"]
    sql.insert_rows(Contact, CREATED, [_created_row(owner, person, now) for person in new])
    for person, pk in zip(new, sql.newest_contact_ids(owner.pk, len(new)), strict=True):
        person.pk = pk
    changed = [p for p in people.all.values() if p.card is None and p.dirty]
    sql.update_rows(Contact, FILLED, [(*_filled(person, now), person.pk) for person in changed])
    details, tagged = [], []
    for entry in result.entries:
        if entry.changes is None or entry.person is None:
            continue
        pk = entry.person.pk
        details += [
            (owner.pk, pk, d.kind, d.label, d.value, d.key, d.readable, ADDRESS_BOOK, now)
            for d in entry.changes.details
        ]
        tagged += [(pk, tag) for tag in entry.changes.tags]
    sql.insert_rows(ContactDetail, DETAIL, details)
    if tagged:
        names = {name for _, name in tagged}
        tags = dict(Tag.objects.filter(owner=owner, name__in=names).values_list("name", "pk"))
        missing = [Tag(owner=owner, name=name) for name in sorted(names - tags.keys())]
        for tag in Tag.objects.bulk_create(missing):
            tags[tag.name] = tag.pk
        through = Contact.tags.through
        through.objects.bulk_create(
            [through(contact_id=pk, tag_id=tags[name]) for pk, name in tagged],
            batch_size=1000,
            ignore_conflicts=True,
        )
    enriched = list(dict.fromkeys(e.person.pk for e in result.entries if e.action == "enrich"))
    return [p.pk for p in new], enriched


def _filled(person: Person, now) -> tuple:
    """The values of FILLED for `person`."""
    birthday = person.birthday
    return (
        person.first_name,
        person.last_name,
        normalize.name_key(person.first_name, person.last_name),
        person.company,
        normalize.company_key(person.company),
        person.position,
        person.city,
        person.profile_url,
        person.profile_key,
        person.uid,
        birthday.month if birthday else None,
        birthday.day if birthday else None,
        birthday.year if birthday else None,
        now,
    )


def _created_row(owner, person: Person, now) -> tuple:
    """The values of CREATED for a person the file adds."""
    return (owner.pk, MANUAL, *_filled(person, now), person.note, now)
