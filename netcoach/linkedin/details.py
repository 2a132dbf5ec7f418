"""Applying Contacts.csv: the email addresses and phone numbers of the address book the owner
once uploaded to LinkedIn, added to the contacts its rows find (docs/importing.md).

A row finds its contact by a LinkedIn profile URL of its `Profiles`, else by an address equal to
a contact's (LinkedIn's `Contact.email` or one of their other addresses), else by a phone number
equal to one of theirs. A name alone never does, and a row that finds nobody adds nobody:
netcoach does not make people out of an address book. A row that finds several contacts (an
address two of them share) adds nothing and says so. The contact gets the row's addresses and
numbers they lack, as `ContactDetail`s of source `linkedin`; a number that cannot be read in the
owner's phone region is added as written, flagged, with a warning.

Rows are matched until none finds anyone new, so that a row found through a number another row
just added is found on the first import as on the next: a re-import adds nothing. Everything
is read in four queries and written in one `executemany`, whatever the number of rows.
"""

from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext_noop

from contacts import phones
from contacts.address_book.apply import DETAIL
from contacts.models import Contact, ContactDetail, Preferences
from netcoach.linkedin import sql_internals as sql
from netcoach.linkedin.applier import Applier
from netcoach.linkedin.notices import Notice
from netcoach.linkedin.rows import Export, RowWarning

EMAIL, PHONE = ContactDetail.Kind.EMAIL, ContactDetail.Kind.PHONE
OTHER = ContactDetail.Label.OTHER
CONTACT, KIND = DETAIL.index("contact"), DETAIL.index("kind")
PROFILES, EMAILS, PHONE_NUMBERS = (
    "Profiles",
    "Emails",
    "PhoneNumbers",
)  # the columns, as LinkedIn writes them


def apply_address_book(applier: Applier, export: Export) -> dict:
    """The details the address book adds; the counts of the summary (none without the file)."""
    if "address_book" not in export.files:
        return {}
    book = _Book(applier, export)
    rows = [(row, book.read_phones(row)) for row in export.address_book]
    pending = rows
    while True:
        left = []
        for row, numbers in pending:
            found, column = book.find(row, numbers)
            if len(found) == 1:
                book.add(next(iter(found)), row, numbers)
            else:
                left.append((row, numbers, found, column))
        if not left or len(left) == len(pending):
            break
        pending = [(row, numbers) for row, numbers, *_ in left]
    unmatched = ambiguous = 0
    for row, _, found, column in left:
        if found:
            ambiguous += 1
            book.warn(row, column, len(found))
        else:
            unmatched += 1
    sql.insert_rows(ContactDetail, DETAIL, book.new)
    return {
        "rows": export.address_book_rows,
        "matched": len(rows) - unmatched - ambiguous,
        "unmatched": unmatched + export.address_book_rows - len(rows),
        "ambiguous": ambiguous,
        "emails": sum(1 for d in book.new if d[KIND] == EMAIL),
        "phones": sum(1 for d in book.new if d[KIND] == PHONE),
        "people": len({d[CONTACT] for d in book.new}),
    }


class _Book:
    """What the owner's contacts have, and who has each address and number."""

    def __init__(self, applier: Applier, export: Export):
        self.applier, self.export = applier, export
        self.member = export.files["address_book"]
        owner = applier.owner
        self.region = (
            Preferences.objects.filter(owner=owner).values_list("phone_region", flat=True).first()
            or phones.DEFAULT_REGION
        )
        self.have: dict[int, set] = defaultdict(set)  # contact -> {(kind, key or value)}
        self.who: dict[tuple, set] = defaultdict(set)  # (kind, key) -> contacts
        for pk, email in (
            Contact.objects.filter(owner=owner).exclude(email="").values_list("pk", "email")
        ):
            self._know(pk, EMAIL, email.lower(), email)
        for pk, kind, key, value in ContactDetail.objects.filter(
            owner=owner, kind__in=(EMAIL, PHONE)
        ).values_list("contact_id", "kind", "key", "value"):
            self._know(pk, kind, key, value)
        # The new details, as rows of DETAIL's columns.
        self.new: list[tuple] = []
        self.now = timezone.now()

    def _know(self, pk: int, kind: str, key: str, value: str):
        self.have[pk].add((kind, key or value))
        if key:
            self.who[(kind, key)].add(pk)

    def read_phones(self, row) -> list[phones.Phone]:
        numbers = []
        for value in row.phones:
            number = phones.read(value, self.region)
            if not number.readable:
                self.export.warnings.append(
                    RowWarning(
                        self.member,
                        row.line,
                        PHONE_NUMBERS,
                        Notice(
                            gettext_noop(
                                "%(value)s could not be read as a phone number: kept as written"
                            ),
                            value=repr(value),
                        ),
                    )
                )
            numbers.append(number)
        return numbers

    def find(self, row, numbers) -> tuple[set[int], str]:
        """Who the row is, and the column that says so: by profile, else by address, else by
        number; a row found by its addresses is never looked up by its numbers."""
        for key in row.profile_keys:
            person = self.applier.by_key.get(key)
            if person is not None:
                return {person.pk}, PROFILES
        found = set()
        for email in row.emails:
            found |= self.who.get((EMAIL, email.lower()), set())
        if found:
            return found, EMAILS
        for number in numbers:
            if number.key:
                found |= self.who.get((PHONE, number.key), set())
        return found, PHONE_NUMBERS

    def add(self, pk: int, row, numbers):
        owner = self.applier.owner.pk
        details = [(EMAIL, email, email.lower(), True) for email in row.emails]
        details += [(PHONE, n.value, n.key, n.readable) for n in numbers]
        for kind, value, key, readable in details:
            if (kind, key or value) in self.have[pk]:
                continue
            self._know(pk, kind, key, value)
            self.new.append(
                (
                    owner,
                    pk,
                    kind,
                    OTHER,
                    value,
                    key,
                    readable,
                    ContactDetail.Source.LINKEDIN,
                    self.now,
                )
            )

    def warn(self, row, column: str, matches: int):
        self.export.warnings.append(
            RowWarning(
                self.member,
                row.line,
                column,
                Notice(
                    gettext_noop("%(name)s matches %(n)s contacts: nothing added"),
                    name=row.name or ", ".join(row.emails + row.phones),
                    n=matches,
                ),
            )
        )
