"""Reading an address book: a vCard file or a contacts CSV in, plain `Card`s out (no ORM).

`read_address_book(data, file_name)` tells the kind by the file's extension and its first line,
then reads it (vcard.py, csv_books.py) into an `AddressBook`: its cards, the warnings (a value
that cannot be read: the card is kept without it) and which fields were read or ignored. What
makes the whole file unreadable raises `AddressBookError`, naming the card or line.
"""

import codecs
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_noop

from contacts import normalize
from contacts.address_book.notices import Notice
from contacts.models import Birthday

MB = 1024 * 1024
MAX_BYTES = 200 * MB
MAX_CARDS = 100_000
# The most of one kind (phones, emails, websites, tags) a card brings: beyond, a warning.
MAX_PER_KIND = 50

# The longest value each field holds (the model's max_length); longer is cut, with a warning.
LIMITS = {
    "first_name": 200,
    "last_name": 200,
    "company": 300,
    "position": 500,
    "city": 200,
    "detail": 500,
    "tag": 60,
    "note": 10_000,
    "uid": 200,
}

# Direction overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069) reverse the text
# shown after them, a name included ("evil‮gpj.exe"); other control characters have no place in
# a contact. Both are taken out of every value. Line breaks stay in a note only.
_UNSAFE = re.compile(r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")


class AddressBookError(Exception):
    """The file cannot be read as an address book: nothing is imported."""

    def __init__(self, msgid: str, **params):
        self.notice = Notice(msgid, **params)
        super().__init__(str(self.notice))


@dataclass(slots=True)
class Card:
    """One person of the address book, as read: values cleaned, nothing matched yet."""

    number: int  # the card's place in a vCard file, or the CSV line its row starts on
    first_name: str = ""
    last_name: str = ""
    emails: list = field(default_factory=list)  # [(address, label)]
    phones: list = field(default_factory=list)  # [(number as written, label)]
    websites: list = field(default_factory=list)  # [(url, label)]
    profile_url: str = ""  # a LinkedIn profile address
    company: str = ""
    position: str = ""
    city: str = ""
    birthday: Birthday | None = None
    note: str = ""
    tags: list = field(default_factory=list)
    uid: str = ""

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def name_key(self) -> str:
        return normalize.name_key(self.first_name, self.last_name)

    @property
    def profile_key(self) -> str:
        return normalize.profile_key(self.profile_url)


@dataclass
class AddressBook:
    kind: str  # "vcard", "google_csv", "google_csv_old", "outlook_csv"
    cards: list[Card]
    warnings: list[Notice]
    read: list[str]  # the fields read (msgids of FIELD_NAMES), in FIELD_NAMES' order
    ignored: list[str]  # the fields ignored: msgids of FIELD_NAMES, or the file's own names


# What the page says was read or ignored, in this order.
FIELD_NAMES = {
    "names": gettext_noop("names"),
    "emails": gettext_noop("emails"),
    "phones": gettext_noop("phones"),
    "company": gettext_noop("company"),
    "title": gettext_noop("job title"),
    "birthday": gettext_noop("birthday"),
    "websites": gettext_noop("websites"),
    "linkedin": gettext_noop("LinkedIn profile"),
    "city": gettext_noop("city"),
    "note": gettext_noop("note"),
    "tags": gettext_noop("groups (as tags)"),
    "uid": gettext_noop("card identifier"),
    "photo": gettext_noop("photo"),
    "address": gettext_noop("address lines"),
    "middle_name": gettext_noop("middle names and name prefixes"),
    "nickname": gettext_noop("nickname"),
    "department": gettext_noop("department"),
    "dates": gettext_noop("other dates"),
    "social": gettext_noop("other social profiles"),
    "chat": gettext_noop("chat addresses"),
}

KINDS = {
    "vcard": gettext_noop("vCard"),
    "google_csv": gettext_noop("Google Contacts CSV"),
    "google_csv_old": gettext_noop("Google Contacts CSV (older export)"),
    "outlook_csv": gettext_noop("Outlook CSV"),
}


def read_address_book(data: bytes, file_name: str, *, max_bytes: int = MAX_BYTES) -> AddressBook:
    """The cards of a `.vcf` (vCard 2.1, 3.0 or 4.0, one card or many) or of a Google Contacts
    or Outlook CSV; `AddressBookError` when the file is none of those or is broken."""
    from contacts.address_book import csv_books, vcard  # they build on this module's Card

    if len(data) > max_bytes:
        raise AddressBookError(
            gettext_noop("%(file)s is larger than %(size)s MB, the largest accepted."),
            file=file_name,
            size=max_bytes // MB,
        )
    extension = file_name.lower().rsplit(".", 1)[-1] if "." in file_name else ""
    head = data[:4096].lstrip(codecs.BOM_UTF8).lstrip()
    looks_vcard = head[:11].upper() == b"BEGIN:VCARD" or _utf16(data).lstrip()[:11].upper() == (
        "BEGIN:VCARD"
    )
    if extension in ("vcf", "vcard") or (extension != "csv" and looks_vcard):
        if not looks_vcard:
            raise AddressBookError(
                gettext_noop("%(file)s is not a vCard file: it does not start with BEGIN:VCARD."),
                file=file_name,
            )
        book = vcard.read_vcards(decode(data, file_name), file_name)
    elif extension in ("csv", "txt", ""):
        book = csv_books.read_csv(data, file_name)
    else:
        raise AddressBookError(
            gettext_noop(
                "%(file)s is neither a vCard file (.vcf) nor a contacts CSV (.csv): nothing was "
                "imported."
            ),
            file=file_name,
        )
    if len(book.cards) > MAX_CARDS:
        raise AddressBookError(
            gettext_noop("%(file)s holds %(count)s contacts, more than the %(limit)s accepted."),
            file=file_name,
            count=len(book.cards),
            limit=MAX_CARDS,
        )
    return book


def _utf16(data: bytes) -> str:
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            return data[:4096].decode("utf-16", errors="ignore")
        except UnicodeError:
            return ""
    return ""


def decode(data: bytes, file_name: str) -> str:
    """UTF-8 (with or without a BOM), or UTF-16 with its BOM (Outlook's "Unicode" CSV)."""
    try:
        if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise AddressBookError(
            gettext_noop(
                "%(file)s is not UTF-8 text (line %(line)s): export it again as UTF-8, or as vCard."
            ),
            file=file_name,
            line=line,
        ) from err


class CardReader:
    """Fills one card from the file's values, cleaning each and saying what it could not read.

    `where` names the card in warnings: "card 12 (Ada Lovelace)" or "line 14 (Ada Lovelace)".
    """

    def __init__(self, card: Card, place: str, warnings: list):
        self.card, self.place, self.warnings = card, place, warnings

    @property
    def where(self) -> Notice:
        name = self.card.name
        if self.place == "card":
            if name:
                return Notice(
                    gettext_noop("card %(number)s (%(name)s)"), number=self.card.number, name=name
                )
            return Notice(gettext_noop("card %(number)s"), number=self.card.number)
        if name:
            return Notice(
                gettext_noop("line %(number)s (%(name)s)"), number=self.card.number, name=name
            )
        return Notice(gettext_noop("line %(number)s"), number=self.card.number)

    def warn(self, msgid: str, **params):
        self.warnings.append(Notice(msgid, where=self.where, **params))

    def text(self, field_name: str, value: str, limit: str, *, multiline=False) -> str:
        value = _UNSAFE.sub("", value or "")
        value = value.strip() if multiline else _SPACES.sub(" ", value).strip()
        if len(value) > LIMITS[limit]:
            self.warn(
                gettext_noop("%(where)s: %(field)s is longer than %(limit)s characters: cut."),
                field=field_name,
                limit=LIMITS[limit],
            )
            value = value[: LIMITS[limit]].rstrip()
        return value

    def set(self, attribute: str, field_name: str, value: str):
        """A single value (a name, the company…): the first one given is kept."""
        value = self.text(field_name, value, attribute)
        if value and not getattr(self.card, attribute):
            setattr(self.card, attribute, value)

    def add_email(self, field_name: str, value: str, label: str):
        value = self.text(field_name, value, "detail").removeprefix("mailto:")
        if not value:
            return
        try:
            validate_email(value)
        except ValidationError:
            self.warn(
                gettext_noop("%(where)s: %(field)s “%(value)s” is not an email address: left out."),
                field=field_name,
                value=value[:100],
            )
            return
        self._add("emails", (value, label), field_name)

    def add_phone(self, field_name: str, value: str, label: str):
        value = self.text(field_name, value, "detail").removeprefix("tel:")
        if value:
            self._add("phones", (value, label), field_name)

    def add_website(self, field_name: str, value: str, label: str = "other"):
        value = self.text(field_name, value, "detail")
        if not value:
            return
        if normalize.profile_key(value):
            if not self.card.profile_url:
                self.card.profile_url = normalize.canonical_profile_url(value)
            return
        scheme = value.split("://", 1)[0].lower() if "://" in value else ""
        # Only web addresses: a "javascript:" or "data:" link would run when clicked.
        if scheme not in ("", "http", "https") or " " in value or (not scheme and ":" in value):
            self.warn(
                gettext_noop("%(where)s: %(field)s “%(value)s” is not a web address: left out."),
                field=field_name,
                value=value[:100],
            )
            return
        self._add("websites", (value, label), field_name)

    def add_tag(self, field_name: str, value: str):
        value = self.text(field_name, value, "tag").removeprefix("* ")
        # Google's own groups, which every contact is in, are not the user's tags.
        if value.lower() in ("mycontacts", "starred"):
            return
        if value and value not in self.card.tags:
            self._add("tags", value, field_name)

    def _add(self, kind: str, value, field_name: str):
        values = getattr(self.card, kind)
        if len(values) == MAX_PER_KIND:
            self.warn(
                gettext_noop(
                    "%(where)s: more than %(limit)s values of %(field)s: the rest left out."
                ),
                field=field_name,
                limit=MAX_PER_KIND,
            )
        if len(values) < MAX_PER_KIND and value not in values:
            values.append(value)

    def set_birthday(self, field_name: str, value: str, *, day_first=False, omit_year=None):
        value = self.text(field_name, value, "detail")
        if not value or self.card.birthday:
            return
        birthday = parse_birthday(value, day_first=day_first, omit_year=omit_year)
        if birthday is False:
            self.warn(
                gettext_noop(
                    "%(where)s: %(field)s “%(value)s” is not a date: the birthday was left out."
                ),
                field=field_name,
                value=value[:100],
            )
        elif birthday:
            self.card.birthday = birthday

    def set_uid(self, field_name: str, value: str):
        value = _UNSAFE.sub("", value or "").strip()
        if len(value) > LIMITS["uid"]:
            # A cut identifier would never match again: better none.
            self.warn(
                gettext_noop("%(where)s: %(field)s is longer than %(limit)s characters: left out."),
                field=field_name,
                limit=LIMITS["uid"],
            )
            return
        if value and not self.card.uid:
            self.card.uid = value


_ISO = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")


def parse_birthday(text: str, *, day_first=False, omit_year=None) -> Birthday | bool | None:
    """A Birthday; None for the "no date" values ("0/0/00"); False for what is not a date.

    Read: 1980-03-15, 19800315, 1980-03-15T00:00:00Z, --03-15, --0315 (no year), and Outlook's
    3/15/1980 (month first; `day_first` for 15/3/1980).
    """
    text = text.strip()
    if text in ("0/0/00", "0/0/0000", "00/00/0000"):
        return None
    try:
        if match := _NO_YEAR.match(text):
            return Birthday(int(match[1]), int(match[2]))
        if match := _ISO.match(text):
            year, month, day = int(match[1]), int(match[2]), int(match[3])
            # Apple writes a birthday without a year as 1604 (X-APPLE-OMIT-YEAR=1604).
            if (omit_year and year == omit_year) or (omit_year is None and year == 1604):
                return Birthday(month, day)
            if year < 1000:
                return False
            return Birthday(month, day, year)
        if match := _SLASHED.match(text):
            first, second, year = int(match[1]), int(match[2]), int(match[3])
            month, day = (second, first) if day_first else (first, second)
            if year < 100:
                year += 1900 if year > 30 else 2000
            return Birthday(month, day, year)
    except ValueError:
        return False
    return False
