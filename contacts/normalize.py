"""Keys that say when two spellings mean the same person or company.

Pure functions, shared by the models and the LinkedIn importer, so that a contact entered by hand
and the same person arriving in an export meet on the same key.
"""

import re
import unicodedata
from urllib.parse import unquote

PROFILE_URL_PREFIX = "https://www.linkedin.com/in/"

_SLUG_RE = re.compile(r"^(?:[a-z]+://)?(?:[a-z0-9-]+\.)*linkedin\.com/in/([^/?#]+)", re.IGNORECASE)
_PUNCTUATION_RE = re.compile(r"[^\w\s]", re.UNICODE)
# Legal forms dropped when grouping companies: "ACME Inc." and "Acme" are one employer.
_LEGAL_SUFFIXES = {
    "inc",
    "incorporated",
    "llc",
    "ltd",
    "limited",
    "plc",
    "corp",
    "corporation",
    "co",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "sarl",
    "bv",
    "nv",
    "srl",
    "spa",
    "oy",
    "ab",
    "as",
    "pty",
    "kg",
    "kk",
    "lp",
    "llp",
}


def profile_key(url: str | None) -> str:
    """The lower-cased, percent-decoded slug of a LinkedIn profile URL, or "" if there is none.

    Accepts the forms seen in exports: with or without scheme and `www.`, a trailing slash,
    upper case, query strings. `https://www.linkedin.com/in` without a slug is no URL.
    """
    if not url:
        return ""
    match = _SLUG_RE.match(url.strip())
    if not match:
        return ""
    slug = unquote(match.group(1)).strip().lower()
    return slug


def canonical_profile_url(url: str | None) -> str:
    """The one spelling netcoach stores: `https://www.linkedin.com/in/<slug>`, or ""."""
    key = profile_key(url)
    if not key:
        return ""
    return PROFILE_URL_PREFIX + key


class _WithoutCombining(dict):
    """A str.translate table dropping combining marks (accents once decomposed), filled in as
    characters are met: an import folds tens of thousands of names."""

    def __missing__(self, code: int):
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


_WITHOUT_COMBINING = _WithoutCombining()


def fold(text: str | None) -> str:
    """Lower case, accents removed, punctuation and repeated spaces collapsed."""
    if not text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).translate(_WITHOUT_COMBINING)
    # split() cuts at the characters \s matches (str.isspace): runs become one space, none at
    # either end.
    return " ".join(_PUNCTUATION_RE.sub(" ", text.casefold()).split())


def name_key(first_name: str | None, last_name: str | None) -> str:
    """A person's full name folded for matching when there is no profile URL."""
    return fold(f"{first_name or ''} {last_name or ''}")


def company_key(company: str | None) -> str:
    """A company name folded so that "Acme", "ACME Inc." and "Acme, Inc" group together."""
    words = fold(company).split()
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)
