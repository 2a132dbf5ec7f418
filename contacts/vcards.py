"""People out of netcoach as vCards 3.0: the version the phones' address books read best.

Each card holds N/FN, ORG, TITLE, every EMAIL and TEL (E.164) with its TYPE, BDAY, URL (the
LinkedIn profile and the websites), ADR (the city), NOTE ("how we met"), CATEGORIES (the tags),
UID (`Contact.vcard_uid`: a second export updates the phone's contact instead of adding one) and
REV. A birthday without its year is written `--03-15`, the form Google Contacts writes and
Android reads (vCard 3.0 has none of its own; Apple's `X-APPLE-OMIT-YEAR=1604` would show the
year 1604 on Android).

The values are escaped and the lines folded by vobject's own rules (`backslashEscape`, 75
octets), written line by line: building vobject's objects costs 1.4 ms a card, 40 s for 30,000
people, where this takes a few. The tests read every card back with `vobject.readOne`.
"""

import io
import re
import unicodedata
from urllib.parse import quote

import segno
from django.db.models import Prefetch
from django.db.models.expressions import RawSQL
from django.utils import timezone
from vobject.icalendar import backslashEscape

from contacts.models import Contact, ContactDetail, Tag

CHUNK = 2000
# Control characters but tab and line breaks: no address book wants them.
_CONTROLS = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def escape(text: str) -> str:
    return backslashEscape(text.translate(_CONTROLS))


TEL_TYPES = {
    ContactDetail.Label.MOBILE: "CELL",
    ContactDetail.Label.WORK: "WORK",
    ContactDetail.Label.HOME: "HOME",
}
EMAIL_TYPES = {ContactDetail.Label.WORK: "WORK", ContactDetail.Label.HOME: "HOME"}

# A version 4 UUID made by SQLite for each row (random() and randomblob()): people who never
# left netcoach get their UID in one UPDATE, not one per person.
_NEW_UID_SQL = (
    "'urn:uuid:' || lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) %% 4), 1) || "
    "substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))"
)


def give_uids(people) -> int:
    """Gives every person of `people` without a vCard UID one, in one UPDATE: how many."""
    return Contact.objects.filter(pk__in=people.filter(uid="").values("pk")).update(
        uid=RawSQL(_NEW_UID_SQL, [])
    )


def for_export(people):
    """`people` with what their cards need, read in three queries per chunk of 2,000."""
    return people.order_by("last_name", "first_name", "pk").prefetch_related(
        Prefetch("details", queryset=ContactDetail.objects.order_by("kind", "id")),
        Prefetch("tags", queryset=Tag.objects.order_by("name")),
    )


def cards(people):
    """The cards of `people` (a queryset of one owner's), one string each, UIDs given first."""
    give_uids(people)
    for contact in for_export(people).iterator(chunk_size=CHUNK):
        yield card(contact)


def card(contact: Contact, *, small: bool = False) -> str:
    """`contact`'s vCard 3.0. `small` (for a QR code) keeps what a phone needs to call and
    write: names, company, title, numbers, addresses, the profile URL and the birthday."""
    uid = contact.uid or contact.vcard_uid()
    lines = ["BEGIN:VCARD", "VERSION:3.0", "PRODID:-//netcoach//netcoach//EN"]
    name = contact.full_name or str(contact)
    lines.append(
        "N:" + ";".join(escape(part) for part in (contact.last_name, contact.first_name)) + ";;;"
    )
    lines.append("FN:" + escape(name))
    if contact.company:
        lines.append("ORG:" + escape(contact.company))
    if contact.position:
        lines.append("TITLE:" + escape(contact.position))
    details = list(contact.details.all())
    emails = [(contact.email, "")] if contact.email else []
    emails += [
        (d.value, EMAIL_TYPES.get(d.label, ""))
        for d in details
        if d.kind == ContactDetail.Kind.EMAIL and d.value.lower() != contact.email.lower()
    ]
    for address, kind in emails:
        types = "INTERNET," + kind if kind else "INTERNET"
        lines.append(f"EMAIL;TYPE={types}:" + escape(address))
    for phone in (d for d in details if d.kind == ContactDetail.Kind.PHONE):
        lines.append(f"TEL;TYPE={TEL_TYPES.get(phone.label, 'VOICE')}:" + escape(phone.value))
    if contact.birthday:
        lines.append("BDAY:" + contact.birthday.iso())
    urls = [contact.profile_url] if contact.profile_url else []
    if not small:
        urls += [d.href for d in details if d.kind == ContactDetail.Kind.WEBSITE]
    # A URI, not text: not backslash-escaped (RFC 2426, 5.8.3), only kept on one line.
    lines += ["URL:" + url.translate(_CONTROLS).replace("\n", "").replace("\r", "") for url in urls]
    if not small:
        if contact.city:
            lines.append("ADR:;;;" + escape(contact.city) + ";;;")
        if contact.how_we_met:
            lines.append("NOTE:" + escape(contact.how_we_met))
        tags = [tag.name for tag in contact.tags.all()]
        if tags:
            lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in tags))
        lines.append(
            "REV:" + timezone.localtime(contact.updated_at, timezone.UTC).strftime("%Y%m%dT%H%M%SZ")
        )
    lines.append("UID:" + escape(uid))
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


def fold(line: str, octets: int = 75) -> str:
    """One content line ending in CRLF, folded at `octets` UTF-8 octets without cutting a
    character (RFC 2425 and 5545: a continuation starts with a space)."""
    if len(line) * 4 < octets or len(line.encode()) <= octets:
        return line + "\r\n"
    parts, current, size = [], [], 0
    for char in line:
        width = len(char.encode())
        if size + width > octets:
            parts.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n".join(parts) + "\r\n"


def file_name(contact: Contact) -> str:
    """ "Ada-Lovelace.vcf", in ASCII: accents dropped, anything else a hyphen."""
    return ascii_name(contact.full_name or "contact") + ".vcf"


def ascii_name(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-") or "contact"


def content_disposition(ascii_file_name: str, real_name: str) -> str:
    """An attachment named in ASCII for every browser and in UTF-8 for those that read
    `filename*` (RFC 6266): "Zoé-Durand.vcf", else "Zoe-Durand.vcf"."""
    header = f'attachment; filename="{ascii_file_name}"'
    if real_name != ascii_file_name:
        header += f"; filename*=UTF-8''{quote(real_name)}"
    return header


def unicode_file_name(contact: Contact) -> str:
    name = re.sub(r"[\s/\\\"]+", "-", contact.full_name).strip("-")
    return f"{name}.vcf" if name else file_name(contact)


def qr_svg(contact: Contact) -> str:
    """A QR code of `contact`'s small card: dark modules on white with a quiet zone of four
    modules, which a camera reads on a dark page too."""
    out = io.BytesIO()
    segno.make(card(contact, small=True), error="m").save(
        out, kind="svg", scale=4, border=4, dark="#111827", light="#ffffff", xmldecl=False
    )
    return out.getvalue().decode()
