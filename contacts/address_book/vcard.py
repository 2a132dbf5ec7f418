"""vCard 2.1, 3.0 and 4.0 files as iOS, Android / Google Contacts and Outlook write them.

vobject reads each content line (group, name, parameters, value: `vobject.base.parseLine`).
What it gets wrong or makes slow is done here, before and after it:

- vCard 2.1's quoted-printable values (`ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8`) continue on
  the next line after a final "=" (a soft line break), which vobject's unfolding joins with the
  "=" left in; they are joined and decoded here, in the declared charset.
- Photos (`PHOTO`, base64, tens of kilobytes a card) are dropped before parsing: netcoach keeps
  no pictures, and vobject's decoding of them was most of the time of a large file.
- The card structure (BEGIN:VCARD … END:VCARD) is followed here, so that an error names the card
  and its person; vobject's own conversion of values (`transform`) took 15 times as long as the
  parsing itself on 5,000 cards and is not used: values are unescaped here.
"""

import quopri
import re

from django.utils.translation import gettext_noop
from vobject.base import ParseError, parseLine

from contacts.address_book.read import AddressBook, AddressBookError, Card, CardReader

_LINE_END = re.compile(r"\r\n|\r|\n")
_DROPPED = {"PHOTO", "LOGO", "SOUND", "KEY"}
_NAME = re.compile(r"^(?:[\w-]+\.)?([\w-]+)[;:]")
_FN = re.compile(r"^(?:[\w-]+\.)?FN[;:](.*)$", re.IGNORECASE)
_AB_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_UNESCAPED = {"n": "\n", "N": "\n"}

# Properties that say nothing about the person (the file's own bookkeeping): not listed as
# ignored.
_STRUCTURE = {
    "BEGIN", "END", "VERSION", "PRODID", "REV", "X-ABLABEL", "KIND", "SORT-STRING", "CLASS",
    "X-ABUID", "X-ABSHOWAS", "LABEL", "SOURCE", "NAME", "PROFILE", "X-ACCOUNT", "X-ABADR",
    "X-MS-OL-DESIGN", "X-MS-OL-DEFAULT-POSTAL-ADDRESS", "X-MS-CARDPICTURE",
}  # fmt: skip
_IGNORED = {
    "PHOTO": "photo", "LOGO": "photo", "NICKNAME": "nickname", "ANNIVERSARY": "dates",
    "X-ABDATE": "dates", "X-ANNIVERSARY": "dates", "IMPP": "chat", "X-AIM": "chat",
    "X-JABBER": "chat", "X-SKYPE": "chat", "X-MSN": "chat", "X-ICQ": "chat", "X-YAHOO": "chat",
    "X-GOOGLE-TALK": "chat", "X-QQ": "chat", "X-ABRELATEDNAMES": "social",
    "X-PHONETIC-FIRST-NAME": "names", "X-PHONETIC-LAST-NAME": "names",
}  # fmt: skip
_READ = {
    "N": "names", "FN": "names", "EMAIL": "emails", "TEL": "phones", "ORG": "company",
    "TITLE": "title", "BDAY": "birthday", "NOTE": "note", "CATEGORIES": "tags", "UID": "uid",
}  # fmt: skip


def read_vcards(text: str, file_name: str) -> AddressBook:
    warnings, cards = [], []
    read, ignored = set(), {}
    for number, lines in _cards(text, file_name):
        card = Card(number=number)
        reader = CardReader(card, "card", warnings)
        _fill(reader, lines, read, ignored)
        cards.append(card)
    return AddressBook(
        kind="vcard",
        cards=cards,
        warnings=warnings,
        read=[name for name in _order() if name in read],
        ignored=[name for name in _order() if name in ignored and name not in read]
        + sorted(name for name in ignored if name not in _order())[:20],
    )


def _order():
    from contacts.address_book.read import FIELD_NAMES

    return list(FIELD_NAMES)


def _physical_lines(text: str):
    """(line number, logical line): folded lines unfolded, quoted-printable soft line breaks
    joined, photos and their base64 lines dropped."""
    lines = _LINE_END.split(text)
    logical: list[list] = []
    dropping = False
    i = 0
    while i < len(lines):
        line, number = lines[i], i + 1
        i += 1
        if not line.strip():
            dropping = False  # vCard 2.1 ends a base64 value with an empty line
            continue
        if line[0] in " \t":
            if not dropping and logical:
                logical[-1][1] += line[1:]
            continue
        name = _NAME.match(line)
        dropping = bool(name and name[1].upper() in _DROPPED)
        if dropping:
            continue
        if "QUOTED-PRINTABLE" in line.split(":", 1)[0].upper():
            while line.endswith("=") and i < len(lines):
                line = line[:-1] + lines[i]
                i += 1
        logical.append([number, line])
    return logical


def _cards(text: str, file_name: str):
    """(card number, [(line number, logical line)]) for each BEGIN:VCARD … END:VCARD."""
    current, start, count = None, 0, 0
    for number, line in _physical_lines(text):
        word = line.strip().upper()
        if word == "BEGIN:VCARD":
            if current is not None:
                _broken(file_name, count, current, start, gettext_noop("it has no END:VCARD"))
            count += 1
            current, start = [], number
        elif word == "END:VCARD":
            if current is None:
                raise AddressBookError(
                    gettext_noop("%(file)s, line %(line)s: END:VCARD without a card to end."),
                    file=file_name,
                    line=number,
                )
            yield count, current
            current = None
        elif current is None:
            raise AddressBookError(
                gettext_noop(
                    "%(file)s, line %(line)s: text outside any card (a card starts with "
                    "BEGIN:VCARD)."
                ),
                file=file_name,
                line=number,
            )
        else:
            current.append((number, line))
    if current is not None:
        _broken(file_name, count, current, start, gettext_noop("it has no END:VCARD"))
    if count == 0:
        raise AddressBookError(gettext_noop("%(file)s holds no card."), file=file_name)


def _broken(file_name, number, lines, start, reason):
    name = _card_name(lines)
    raise AddressBookError(
        gettext_noop("%(file)s: card %(number)s%(name)s, starting line %(line)s: %(reason)s."),
        file=file_name,
        number=number,
        name=f" ({name})" if name else "",
        line=start,
        reason={"msgid": reason},
    )


def _card_name(lines) -> str:
    for _, line in lines:
        if match := _FN.match(line):
            return unescape(match[1]).strip()[:100]
    return ""


def _fill(reader: CardReader, lines, read: set, ignored: dict):
    parsed = []
    for number, line in lines:
        try:
            name, params, value, group = parseLine(line, number)
        except ParseError:
            raise AddressBookError(
                gettext_noop(
                    "card %(number)s%(name)s, line %(line)s: “%(text)s” is not a vCard line "
                    "(NAME:value)."
                ),
                number=reader.card.number,
                name=f" ({_card_name(lines)})" if _card_name(lines) else "",
                line=number,
                text=line[:60],
            ) from None
        name = name.upper()
        types, named = _params(params)
        encoding = named.get("ENCODING", "").upper()
        if encoding in ("QUOTED-PRINTABLE",) or "QUOTED-PRINTABLE" in types:
            value = _quoted_printable(value, named.get("CHARSET", "utf-8"))
        elif encoding in ("B", "BASE64") or "BASE64" in types:
            ignored[name] = True
            continue
        parsed.append((name, types, named, value, (group or "").lower()))
    labels = {group: unescape(value) for name, _, _, value, group in parsed if name == "X-ABLABEL"}
    card = reader.card
    _name(reader, parsed, ignored)  # first: the warnings name the card by it
    for name, types, named, value, group in parsed:
        label = labels.get(group, "") if group else ""
        kind = _READ.get(name)
        if name in ("N", "FN"):
            pass
        elif name == "EMAIL":
            reader.add_email("EMAIL", unescape(value), _label(types, label))
        elif name == "TEL":
            reader.add_phone("TEL", unescape(value), _label(types, label))
        elif name == "ORG":
            parts = split(value, ";")
            reader.set("company", "ORG", parts[0] if parts else "")
            if any(p.strip() for p in parts[1:]):
                ignored["department"] = True
        elif name == "TITLE":
            reader.set("position", "TITLE", unescape(value))
        elif name == "BDAY":
            omit = named.get("X-APPLE-OMIT-YEAR", "")
            reader.set_birthday(
                "BDAY", unescape(value), omit_year=int(omit) if omit.isdigit() else None
            )
        elif name == "NOTE":
            if not card.note:
                card.note = reader.text("NOTE", unescape(value), "note", multiline=True)
        elif name == "CATEGORIES":
            for tag in split(value, ","):
                reader.add_tag("CATEGORIES", tag)
        elif name == "UID":
            reader.set_uid("UID", unescape(value))
        elif name == "URL":
            before = (card.profile_url, len(card.websites))
            reader.add_website("URL", unescape(value), _label(types, label, website=True))
            if card.profile_url != before[0]:
                read.add("linkedin")
            elif len(card.websites) != before[1]:
                read.add("websites")
            continue
        elif name == "X-SOCIALPROFILE":
            url = unescape(value)
            user = named.get("X-USER", "")
            if "linkedin" in types and "linkedin.com" not in url.lower() and user:
                url = f"https://www.linkedin.com/in/{user}"
            if "linkedin.com/in/" in url.lower():
                reader.add_website("X-SOCIALPROFILE", url)
                read.add("linkedin")
            else:
                ignored["social"] = True
            continue
        elif name == "ADR":
            parts = split(value, ";") + [""] * 7
            if parts[3].strip():
                reader.set("city", "ADR", parts[3])
                read.add("city")
            if any(p.strip() for i, p in enumerate(parts[:7]) if i != 3):
                ignored["address"] = True
            continue
        elif name in _STRUCTURE:
            continue
        else:
            ignored[_IGNORED.get(name, name)] = True
            continue
        if kind:
            read.add(kind)


def _name(reader: CardReader, parsed, ignored: dict):
    """The names from N, else from FN (the last word as the last name)."""
    card = reader.card
    for name, _, _, value, _ in parsed:
        if name == "N":
            parts = split(value, ";") + [""] * 5
            reader.set("last_name", "N", parts[0])
            reader.set("first_name", "N", parts[1])
            if any(p.strip() for p in parts[2:5]):
                ignored["middle_name"] = True
            break
    if not card.first_name and not card.last_name:
        for name, _, _, value, _ in parsed:
            if name == "FN":
                full = reader.text("FN", unescape(value), "first_name")
                first, _, last = full.rpartition(" ")
                card.first_name, card.last_name = (first, last) if first else (last, "")
                break


def _params(params) -> tuple[set, dict]:
    """The TYPE values (vCard 2.1's bare ones, "TEL;CELL", included), in capitals, and the
    other parameters by name."""
    types, named = set(), {}
    for name, *values in params:
        name = name.upper()
        if not values:
            types.add(name)
        elif name == "TYPE":
            types.update(v.upper() for value in values for v in value.split(","))
        else:
            named[name] = values[0]
    return types, named


def _label(types: set, ab_label: str, *, website=False) -> str:
    if ab_label:
        match = _AB_LABEL.match(ab_label)
        word = (match[1] if match else ab_label).strip().lower()
        if word in ("mobile", "iphone", "cell"):
            return "mobile"
        if word in ("work", "home"):
            return word
        return "other"
    if not website and types & {"CELL", "MOBILE", "IPHONE"}:
        return "mobile"
    if "WORK" in types:
        return "work"
    if "HOME" in types:
        return "home"
    return "other"


def _quoted_printable(value: str, charset: str) -> str:
    raw = quopri.decodestring(value.encode("utf-8", errors="replace"))
    try:
        return raw.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError):
        return raw.decode("windows-1252", errors="replace")


def unescape(value: str) -> str:
    """A text value without vCard's backslash escapes (\\n, \\, \\; \\\\)."""
    if "\\" not in value:
        return value
    return _ESCAPE.sub(lambda m: _UNESCAPED.get(m[1], m[1]), value)


def split(value: str, separator: str) -> list[str]:
    """The parts of a structured value (N, ADR, ORG: ";"; CATEGORIES: ","), unescaped."""
    parts, current, escaped = [], [], False
    for char in value:
        if escaped:
            current.append(_UNESCAPED.get(char, char))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts
