"""Contacts CSV files: Google Contacts' two exports and Outlook's.

The standard `csv` module and one header map per style (pandas stays the LinkedIn reader's).
The style is told by the header: Google's older export names "Given Name" and "Family Name",
its newer one "First Name" with numbered "E-mail 1 - Label" / "Phone 1 - Label" columns,
Outlook's "First Name" with "E-mail Address" and "Mobile Phone". Google puts several values in
one cell, separated by " ::: ".
"""

import csv
import io
import re

from django.utils.translation import gettext_noop

from contacts.address_book.read import (
    FIELD_NAMES,
    AddressBook,
    AddressBookError,
    Card,
    CardReader,
    decode,
)

_MANY = " ::: "
_NUMBERED = re.compile(r"^(E-mail|Phone|Website|Address) (\d+) - (Type|Label|Value|City)$")

_OUTLOOK_PHONES = {
    "Mobile Phone": "mobile",
    "Business Phone": "work",
    "Business Phone 2": "work",
    "Company Main Phone": "work",
    "Home Phone": "home",
    "Home Phone 2": "home",
    "Primary Phone": "other",
    "Other Phone": "other",
    "Car Phone": "other",
}
_OUTLOOK_EMAILS = ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address")
_OUTLOOK_CITIES = ("Business City", "Home City", "Other City")

# Columns read in each style, by the field they fill (for "read: …; ignored: …").
_COLUMNS = {
    "google_csv": {
        "First Name": "names", "Last Name": "names", "Organization Name": "company",
        "Organization Title": "title", "Birthday": "birthday", "Notes": "note",
        "Labels": "tags",
    },
    "google_csv_old": {
        "Given Name": "names", "Family Name": "names", "Name": "names",
        "Organization 1 - Name": "company", "Organization 1 - Title": "title",
        "Birthday": "birthday", "Notes": "note", "Group Membership": "tags",
    },
    "outlook_csv": {
        "First Name": "names", "Last Name": "names", "Company": "company",
        "Job Title": "title", "Birthday": "birthday", "Notes": "note", "Categories": "tags",
        "Web Page": "websites", **dict.fromkeys(_OUTLOOK_EMAILS, "emails"),
        **dict.fromkeys(_OUTLOOK_PHONES, "phones"), **dict.fromkeys(_OUTLOOK_CITIES, "city"),
    },
}  # fmt: skip
_IGNORED_COLUMNS = {
    "Middle Name": "middle_name", "Additional Name": "middle_name", "Name Prefix": "middle_name",
    "Name Suffix": "middle_name", "Title": "middle_name", "Suffix": "middle_name",
    "Nickname": "nickname", "Photo": "photo", "Organization Department": "department",
    "Organization 1 - Department": "department", "Department": "department",
    "Anniversary": "dates", "Event 1 - Value": "dates", "Home Street": "address",
    "Business Street": "address", "Address 1 - Street": "address",
}  # fmt: skip


def read_csv(data: bytes, file_name: str) -> AddressBook:
    text = _decode(data, file_name)
    rows = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(rows, None)
    except csv.Error as err:
        raise _broken(file_name, 1, err) from err
    if not header:
        raise AddressBookError(gettext_noop("%(file)s is empty."), file=file_name)
    header = [name.strip() for name in header]
    kind = _style(header)
    if kind is None:
        raise AddressBookError(
            gettext_noop(
                "%(file)s is not a contacts CSV netcoach knows (Google Contacts or Outlook): its "
                "first line is “%(header)s”."
            ),
            file=file_name,
            header=",".join(header)[:120],
        )
    numbered = _numbered_columns(header)
    fill = {"google_csv": _google, "google_csv_old": _google, "outlook_csv": _outlook}[kind]
    warnings, cards, present = [], [], set()
    line = rows.line_num + 1
    try:
        for values in rows:
            start, line = line, rows.line_num + 1
            if not any(v.strip() for v in values):
                continue
            row = dict(zip(header, values, strict=False))
            present.update(name for name, value in row.items() if value.strip())
            card = Card(number=start)
            fill(CardReader(card, "line", warnings), row, numbered, kind)
            cards.append(card)
    except csv.Error as err:
        raise _broken(file_name, line, err) from err
    read = {field for name, field in _COLUMNS[kind].items() if name in present}
    for name in present:
        if match := _NUMBERED.match(name):
            read.add({"E-mail": "emails", "Phone": "phones", "Website": "websites"}.get(
                match[1], "city"
            ))  # fmt: skip
    if any(card.profile_url for card in cards):
        read.add("linkedin")
    ignored = {_IGNORED_COLUMNS[name] for name in present if name in _IGNORED_COLUMNS}
    return AddressBook(
        kind=kind,
        cards=cards,
        warnings=warnings,
        read=[name for name in FIELD_NAMES if name in read],
        ignored=[name for name in FIELD_NAMES if name in ignored and name not in read],
    )


def _broken(file_name, line, err):
    return AddressBookError(
        gettext_noop("%(file)s, line %(line)s: the CSV is broken (%(error)s)."),
        file=file_name,
        line=line,
        error=str(err),
    )


def _decode(data: bytes, file_name: str) -> str:
    """UTF-8 (BOM or not) or UTF-16; else Windows-1252, but only for Outlook's header, which
    is what Outlook writes in Western Europe and the Americas (Google's exports are UTF-8)."""
    try:
        return decode(data, file_name)
    except AddressBookError:
        first = data.split(b"\n", 1)[0]
        if first.isascii() and _style(next(csv.reader([first.decode("ascii")]))) == "outlook_csv":
            return data.decode("windows-1252", errors="replace")
        raise


def _style(header: list[str]) -> str | None:
    names = set(header)
    if {"Given Name", "Family Name"} <= names:
        return "google_csv_old"
    if "First Name" in names and ({"E-mail Address", "Mobile Phone", "Job Title"} & names):
        return "outlook_csv"
    if "First Name" in names and (
        {"Organization Name", "E-mail 1 - Value", "Phone 1 - Value", "Labels"} & names
    ):
        return "google_csv"
    return None


def _numbered_columns(header):
    """{"E-mail": [(label column, value column), …], …} in the header's order."""
    found: dict[str, dict[int, dict[str, str]]] = {}
    for name in header:
        if match := _NUMBERED.match(name):
            found.setdefault(match[1], {}).setdefault(int(match[2]), {})[match[3]] = name
    return {
        kind: [
            (
                columns.get("Label") or columns.get("Type"),
                columns.get("Value") or columns.get("City"),
            )
            for _, columns in sorted(numbers.items())
        ]
        for kind, numbers in found.items()
    }


def _cells(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split(_MANY) if v.strip()]


def _label(text: str) -> str:
    word = text.split(_MANY)[0].strip().removeprefix("* ").lower()
    if word in ("mobile", "cell"):
        return "mobile"
    return word if word in ("work", "home") else "other"


def _google(reader: CardReader, row: dict, numbered: dict, kind: str):
    old = kind == "google_csv_old"
    first, last = ("Given Name", "Family Name") if old else ("First Name", "Last Name")
    reader.set("first_name", first, row.get(first, ""))
    reader.set("last_name", last, row.get(last, ""))
    if old and not reader.card.name and row.get("Name"):
        given, _, family = row["Name"].strip().rpartition(" ")
        reader.set("first_name", "Name", given or family)
        reader.set("last_name", "Name", family if given else "")
    company, title = (
        ("Organization 1 - Name", "Organization 1 - Title")
        if old
        else ("Organization Name", "Organization Title")
    )
    reader.set("company", company, (_cells(row.get(company, "")) or [""])[0])
    reader.set("position", title, (_cells(row.get(title, "")) or [""])[0])
    reader.set_birthday("Birthday", row.get("Birthday", ""))
    _note(reader, "Notes", row.get("Notes", ""))
    groups = "Group Membership" if old else "Labels"
    for group in _cells(row.get(groups, "")):
        reader.add_tag(groups, group)
    for label_column, value_column in numbered.get("E-mail", ()):
        for value in _cells(row.get(value_column, "")):
            reader.add_email(value_column, value, _label(row.get(label_column, "")))
    for label_column, value_column in numbered.get("Phone", ()):
        for value in _cells(row.get(value_column, "")):
            reader.add_phone(value_column, value, _label(row.get(label_column, "")))
    for label_column, value_column in numbered.get("Website", ()):
        for value in _cells(row.get(value_column, "")):
            reader.add_website(value_column, value, _label(row.get(label_column, "")))
    for _, city_column in numbered.get("Address", ()):
        if city_column and city_column.endswith("City"):
            reader.set("city", city_column, (_cells(row.get(city_column, "")) or [""])[0])


def _outlook(reader: CardReader, row: dict, numbered: dict, kind: str):
    reader.set("first_name", "First Name", row.get("First Name", ""))
    reader.set("last_name", "Last Name", row.get("Last Name", ""))
    reader.set("company", "Company", row.get("Company", ""))
    reader.set("position", "Job Title", row.get("Job Title", ""))
    reader.set_birthday("Birthday", row.get("Birthday", ""))
    _note(reader, "Notes", row.get("Notes", ""))
    for tag in (row.get("Categories") or "").split(";"):
        reader.add_tag("Categories", tag)
    for column in _OUTLOOK_EMAILS:
        reader.add_email(column, row.get(column, ""), "other")
    for column, label in _OUTLOOK_PHONES.items():
        reader.add_phone(column, row.get(column, ""), label)
    reader.add_website("Web Page", row.get("Web Page", ""))
    for column in _OUTLOOK_CITIES:
        reader.set("city", column, row.get(column, ""))


def _note(reader: CardReader, column: str, value: str):
    if value and not reader.card.note:
        reader.card.note = reader.text(column, value, "note", multiline=True)
