"""Contacts.csv, the address book the owner once uploaded to LinkedIn, from its frame into rows.

Each row is one entry of that address book: its LinkedIn profile URLs (`Profiles`), email
addresses (`Emails`) and phone numbers (`PhoneNumbers`), each column holding several values
separated by commas (docs/linkedin-export.md). The row only ever adds details to a contact it
finds (details.py); its names are kept for the warnings, never to find anyone. An address that
is not one, or a "number" without a digit, is left out with a warning naming its file, line and
column; a phone number is read when the row is applied, in the owner's phone region.
"""

import re

from django.utils.translation import gettext_noop

from contacts.normalize import profile_key
from netcoach.linkedin.frames import Frame
from netcoach.linkedin.notices import Notice
from netcoach.linkedin.rows import AddressBookRow, Export, RowWarning

# Several values in one field: commas mostly, semicolons or line breaks from a re-saved file.
SEPARATORS = re.compile(r"[,;\n\r]+")
EMAIL = re.compile(r"[^@\s<>\"'(),;:]+@[^@\s<>\"'(),;:]+\.[^@\s<>\"'(),;:.]+")
DIGIT = re.compile(r"\d")
MAX_VALUE = 254  # the longest address or number kept (an address's own limit)


def split_values(field: str) -> list[str]:
    """The values of a multi-valued field, stripped, each once, in order."""
    values = []
    for value in SEPARATORS.split(field or ""):
        value = value.strip()
        if value and value not in values:
            values.append(value)
    return values


def address_book_rows(frame: Frame, export: Export) -> tuple[list[AddressBookRow], int]:
    """The rows with something to find a contact by or to add; and how many rows the file has."""
    first, last = frame.col("FirstName"), frame.col("LastName")
    emails, phones, profiles = frame.col("Emails"), frame.col("PhoneNumbers"), frame.col("Profiles")
    emails_column, phones_column = frame.column_name("Emails"), frame.column_name("PhoneNumbers")
    lines = frame.lines
    rows, read = [], 0

    def warn(line, column, msgid, **params):
        export.warnings.append(RowWarning(frame.member, line, column, Notice(msgid, **params)))

    for i, (email_field, phone_field, profile_field) in enumerate(
        zip(emails.tolist(), phones.tolist(), profiles.tolist(), strict=True)
    ):
        line = int(lines[i])
        if not (email_field or phone_field or profile_field or first.iat[i] or last.iat[i]):
            continue  # a blank line
        read += 1
        good_emails = []
        for value in split_values(email_field):
            if len(value) <= MAX_VALUE and EMAIL.fullmatch(value):
                good_emails.append(value)
            else:
                warn(
                    line,
                    emails_column,
                    gettext_noop("%(value)s is not an email address: not added"),
                    value=repr(value[:100]),
                )
        good_phones = []
        for value in split_values(phone_field):
            if not DIGIT.search(value):
                export.warnings.append(
                    RowWarning(
                        frame.member,
                        line,
                        phones_column,
                        Notice(
                            gettext_noop("%(value)s is not a phone number: not added"),
                            value=repr(value[:100]),
                        ),
                    )
                )
            elif len(value) <= MAX_VALUE:
                good_phones.append(value)
            else:
                warn(
                    line,
                    phones_column,
                    gettext_noop("a phone number of %(length)s characters: not added"),
                    length=len(value),
                )
        keys = []
        for value in split_values(profile_field):
            key = profile_key(value)
            if key and key not in keys:
                keys.append(key)
        if good_emails or good_phones:
            name = f"{first.iat[i]} {last.iat[i]}".strip()
            rows.append(AddressBookRow(line, name, keys, good_emails, good_phones))
    return rows, read
