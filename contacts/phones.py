"""Phone numbers as the user typed them, stored in one form (E.164) and shown in theirs.

A number is read with `phonenumbers` (Google's libphonenumber) in the user's default region
(`Preferences.phone_region`): "06 12 34 56 78" in France and "+33 6 12 34 56 78" anywhere are both
+33612345678. What cannot be read as a possible number is kept exactly as typed and flagged, never
dropped: it is the user's data, and a later region setting may read it.
"""

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat

DEFAULT_REGION = "FR"


@dataclass(frozen=True)
class Phone:
    value: str  # E.164 when readable, else the text as typed (trimmed)
    readable: bool

    @property
    def key(self) -> str:
        """What matching compares: the E.164 number; nothing for an unreadable one."""
        return self.value if self.readable else ""


def read(text: str, region: str = DEFAULT_REGION) -> Phone:
    """`text` in E.164 when it is a possible number in `region` (or carries its own +country)."""
    text = " ".join(text.split())
    try:
        number = phonenumbers.parse(text, region or DEFAULT_REGION)
    except NumberParseException:
        return Phone(text, False)
    if not phonenumbers.is_possible_number(number):
        return Phone(text, False)
    return Phone(phonenumbers.format_number(number, PhoneNumberFormat.E164), True)


# A number as typed: digits with spaces, dots, dashes or brackets, perhaps a "+" first.
TYPED_NUMBER = re.compile(r"\+?[\d\s().-]+")
SEARCHED_FROM_DIGITS = 6


def searched(text: str, region: str = DEFAULT_REGION) -> str | None:
    """The start of the stored (E.164) number that `text` typed in `region` is, or begins:
    "06 12 34 56 78" or "06 12 34" in France give "+33612345678" and "+3361234". None for text
    that is no number: fewer than six digits, letters, or digits that are neither a whole valid
    number nor the start of one written as numbers are dialled (a "+" or the region's trunk
    prefix first). The search looks for the words typed as well (`search.as_searched`)."""
    text = " ".join(text.split())
    if sum(c.isdigit() for c in text) < SEARCHED_FROM_DIGITS or not TYPED_NUMBER.fullmatch(text):
        return None
    region = region or DEFAULT_REGION
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return None
    if phonenumbers.is_valid_number(number) or text.startswith("+"):
        return f"+{number.country_code}{phonenumbers.national_significant_number(number)}"
    # The first digits of a national number, which libphonenumber keeps its trunk prefix on:
    # the region's own pattern of it ("0" in France, "8" or "80" in Belarus) taken off.
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    trunk = metadata and (metadata.national_prefix_for_parsing or metadata.national_prefix)
    if not trunk or metadata.national_prefix_transform_rule:
        return None
    digits = "".join(c for c in text if c.isdigit())
    found = re.match(trunk, digits)
    if not found or not found.end():
        return None
    return f"+{metadata.country_code}{digits[found.end() :]}"


def shown(value: str, region: str = DEFAULT_REGION) -> str:
    """A stored number as the user reads it: national format for a number of their region
    ("06 12 34 56 78"), international for any other ("+44 20 7946 0958"); an unreadable one as
    typed."""
    if not value.startswith("+"):
        return value
    try:
        number = phonenumbers.parse(value, None)
    except NumberParseException:
        return value
    # The country calling code, not the region, decides: a number of a shared plan (+1) is
    # dialled the same across it.
    home = phonenumbers.country_code_for_region(region or DEFAULT_REGION)
    national = number.country_code == home
    style = PhoneNumberFormat.NATIONAL if national else PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style)


def regions() -> list[tuple[str, str]]:
    """(region code, "FR (+33)") for every region libphonenumber knows, by code."""
    return sorted(
        (code, f"{code} (+{phonenumbers.country_code_for_region(code)})")
        for code in phonenumbers.SUPPORTED_REGIONS
    )
