"""What one import knows while it applies an export: the owner, the run, its time, and the owner's
contacts by profile key and by name (`Applier`), each as a `Person` rather than a model instance.

The stages (stages.py) find each row's contact here (`Applier.matches`) and add the contacts they
create, so that a later stage finds them too. How a row finds its person:

1. by profile key, when the row has one and a contact holds it;
2. else by folded full name, among the contacts of that name that hold no other profile key.
   Homonyms are different people: a Connections.csv row picks the one connected on the same
   day (then one never connected, such as a person entered by hand), and any other row takes
   a name only when exactly one contact bears it. Several candidates left is *ambiguous*: the
   row is linked to nobody, and the stage counts it.
"""

import json
from operator import attrgetter

from django.utils import timezone

from contacts.models import Contact
from contacts.normalize import name_key
from netcoach.linkedin.sql_internals import (
    contact_rows,
    db_value,
    insert_rows,
    newest_contact_ids,
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
    """What the import knows of an existing contact: its key fields, without a model instance.

    `source` and `linkedin_says` are the contact's own (contacts.models.Contact): Connections.csv
    leaves the fields the user edited as they are.
    """

    __slots__ = ("pk", *CONTACT_FIELDS, "source", "linkedin_says")

    def __init__(self, pk, *values, source=Contact.Source.LINKEDIN, linkedin_says=None):
        self.pk = pk
        self.set(values)
        self.source = source
        self.linkedin_says = linkedin_says or {}

    def set(self, values):
        # In the order of CONTACT_FIELDS.
        (self.first_name, self.last_name, self.name_key, self.profile_url, self.profile_key,
         self.email, self.company, self.company_key, self.position, self.connected_on,
         self.is_connection) = values  # fmt: skip

    def values(self):
        return _contact_values(self)

    def linkedin_name_key(self) -> str:
        says = self.linkedin_says
        if "first_name" not in says and "last_name" not in says:
            return self.name_key
        return name_key(
            says.get("first_name", self.first_name), says.get("last_name", self.last_name)
        )


_contact_values = attrgetter(*CONTACT_FIELDS)


class Applier:
    def __init__(self, owner, run):
        self.owner, self.run = owner, run
        self.now = timezone.now()
        self.job_changes = 0
        self.conversation_contacts = 0  # created for people the owner wrote to
        self.by_key: dict[str, Person] = {}
        self.by_name: dict[str, list[Person]] = {}
        self.connected_keys: set[str] = set()
        self.connected_names: set[str] = set()
        for *values, source, says in contact_rows(
            owner.pk, (*CONTACT_FIELDS, "source", "linkedin_says")
        ):
            says = json.loads(says) if says and says != "{}" else None
            self.remember(Person(*values, source=source, linkedin_says=says))

    def remember(self, person: Person):
        """Adds a contact, or the profile key a known contact just received."""
        if person.profile_key:
            self.by_key[person.profile_key] = person
        # By the name shown, and by LinkedIn's when the user wrote another over it.
        for key in {person.name_key, person.linkedin_name_key()}:
            if key:
                same_name = self.by_name.setdefault(key, [])
                if person not in same_name:
                    same_name.append(person)
        if person.is_connection:
            if person.profile_key:
                self.connected_keys.add(person.profile_key)
            self.connected_names.add(person.name_key)

    def matches(self, profile_key: str, name_key: str, connected_on=None) -> list[Person]:
        """The contacts a row may be: none, one, or several (ambiguous). `connected_on` is given
        for Connections.csv rows only (a date, or None when the row has none)."""
        if profile_key:
            person = self.by_key.get(profile_key)
            if person is not None:
                return [person]
        same_name = self.by_name.get(name_key, ()) if name_key else ()
        if profile_key:
            same_name = [p for p in same_name if not p.profile_key]
        if connected_on is None or len(same_name) < 1:
            return list(same_name)
        same_day = [p for p in same_name if p.connected_on == connected_on]
        return same_day or [p for p in same_name if p.connected_on is None]

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
            # executemany returns no ids: they are the newest, in the order of the rows.
            ids = newest_contact_ids(self.owner.pk, len(people))
            for person, pk in zip(people, ids, strict=True):
                person.pk = pk
