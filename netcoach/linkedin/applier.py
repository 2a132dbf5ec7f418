"""What one import knows while it applies an export: the owner, the run, its time, and the owner's
contacts by profile key and by name (`Applier`), each as a `Person` rather than a model instance.

The stages (stages.py) find each row's contact here and add the contacts they create, so that a
later stage finds them too.
"""

from operator import attrgetter

from django.utils import timezone

from contacts.models import Contact
from netcoach.linkedin.sql_internals import (
    contact_ids_created_at,
    contact_rows,
    db_value,
    insert_rows,
)

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


class Person:
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


class Applier:
    def __init__(self, owner, run):
        self.owner, self.run = owner, run
        self.now = timezone.now()
        self.job_changes = 0
        self.by_key: dict[str, Person] = {}
        self.by_name: dict[str, Person] = {}
        self.connected_keys: set[str] = set()
        self.connected_names: set[str] = set()
        for row in contact_rows(owner.pk, CONTACT_FIELDS):
            self.remember(Person(*row))

    def remember(self, person: Person):
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

    def find(self, profile_key: str, name_key: str) -> Person | None:
        """The contact for a profile key, else for a name whose contact has no other URL."""
        if profile_key:
            person = self.by_key.get(profile_key)
            if person is not None:
                return person
        person = self.by_name.get(name_key) if name_key else None
        if person is not None and (not profile_key or not person.profile_key):
            return person
        return None

    def insert_contacts(self, people: list[Person], source: str):
        """Stores `people` as new contacts of the owner, and gives each its new id."""
        now = db_value(self.now)
        insert_rows(
            Contact,
            ("owner", *CONTACT_FIELDS, "source", "created_at", "updated_at"),
            [
                (
                    self.owner.pk,
                    *p.values()[:-2],
                    db_value(p.connected_on),
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
            by_identity = contact_ids_created_at(self.owner.pk, now)
            for person in people:
                person.pk = by_identity[(person.profile_key, person.name_key)]
