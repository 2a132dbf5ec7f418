"""One message written once and sent to each person of a short list, with their own details in it
("Write to the people it concerns", docs/methods.md).

A message holds fields in braces, `{first_name}`: each is replaced by the person's value, and only
the names of `FIELDS` are fields. The text is never evaluated: a small regular expression finds
the fields and looks their names up in a plain mapping, so `{first_name.__class__}` or `{0}` is
an unknown field, reported to the user, not an attribute read. A brace that opens no field (a
lone `{`, `{ }` with nothing in it) is text.
"""

import re

from django.utils.translation import gettext_lazy as _

# The fields a message can hold, with the words the composer shows for each.
FIELDS = {
    "first_name": _("first name"),
    "last_name": _("last name"),
    "company": _("company"),
    "position": _("position"),
}
FIELD_RE = re.compile(r"\{\s*([^{}\s]+)\s*\}")

# At most this many people in one batch: the same words to more people is a broadcast, which
# the methods warn against (docs/methods.md, "Write to the people it concerns").
MAX_PEOPLE = 50


def unknown_fields(text: str) -> list[str]:
    """The field names of `text` that are not fields, each once, in the order written."""
    unknown = []
    for name in FIELD_RE.findall(text):
        if name not in FIELDS and name not in unknown:
            unknown.append(name)
    return unknown


def values_of(contact) -> dict[str, str]:
    return {name: getattr(contact, name) or "" for name in FIELDS}


def fill_in(text: str, contact) -> str:
    """`text` with each field replaced by the person's value (empty when unknown); call it only
    on a text without unknown fields."""
    values = values_of(contact)
    return FIELD_RE.sub(lambda match: values[match.group(1)], text)


def missing_fields(text: str, contact) -> list[str]:
    """The words of the fields `text` uses that the person has no value for ("first name")."""
    values = values_of(contact)
    used = dict.fromkeys(FIELD_RE.findall(text))
    return [str(FIELDS[name]) for name in used if name in FIELDS and not values[name]]
