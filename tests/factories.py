"""Plain factories: small objects with overridable defaults, and the headers htmx sends."""

import sqlite3
from contextlib import closing
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from contacts.models import Contact, Interaction, JobChange, Note, Preferences
from invitations.models import AcceptanceRule, Invitation

PASSWORD = "correct horse battery staple"

# The day the dashboard, review and relationship tests count from.
TODAY = date(2026, 3, 16)


def htmx(target: str | None = None) -> dict:
    """The headers htmx sends, for `client.get(..., headers=htmx())`; `target` is the id of the
    element it swaps (HX-Target)."""
    headers = {"HX-Request": "true"}
    if target:
        headers["HX-Target"] = target
    return headers


def make_user(username="alice", password=PASSWORD, **kwargs):
    user = get_user_model().objects.create_user(username=username, password=password, **kwargs)
    # In English, as if chosen: the suite's pages are read in English, and a first page that
    # stores the browser's language would add a write to the pages whose queries are counted.
    Preferences.objects.create(owner=user, language="en")
    AcceptanceRule.for_user(user)
    return user


def make_contact(owner, first_name="Ada", last_name="Lovelace", **kwargs):
    profile_url = kwargs.pop("profile_url", "")
    company = kwargs.pop("company", "")
    contact = Contact(owner=owner, **kwargs)
    contact.set_identity(
        first_name=first_name, last_name=last_name, profile_url=profile_url, company=company
    )
    contact.save()
    return contact


def make_interaction(contact, kind="met", occurred_at=None, **kwargs):
    if isinstance(occurred_at, str):
        occurred_at = timezone.make_aware(datetime.fromisoformat(occurred_at))
    return Interaction.objects.create(
        owner=contact.owner,
        contact=contact,
        kind=kind,
        occurred_at=occurred_at or timezone.now(),
        **kwargs,
    )


def make_note(contact, text="Talked about the conference.", **kwargs):
    return Note.objects.create(owner=contact.owner, contact=contact, text=text, **kwargs)


def make_job_change(
    contact, old_company="Acme", new_company="Initech", seen_at=None, *, move=True, **kwargs
):
    """A job change an import saw (now by default); with `move`, the contact's own company
    and position follow it, as the import's do."""
    kwargs.setdefault("old_position", "Engineer")
    kwargs.setdefault("new_position", "CTO")
    change = JobChange.objects.create(
        owner=contact.owner,
        contact=contact,
        old_company=old_company,
        new_company=new_company,
        seen_at=seen_at or timezone.now(),
        **kwargs,
    )
    if move:
        contact.set_identity(company=new_company)
        contact.position = change.new_position
        contact.save()
    return change


def make_invitation(owner, name="Grace Hopper", direction="incoming", **kwargs):
    profile_url = kwargs.pop("profile_url", "")
    kwargs.setdefault("sent_at", timezone.now())
    invitation = Invitation(owner=owner, direction=direction, **kwargs)
    invitation.set_identity(name=name, profile_url=profile_url)
    invitation.save()
    return invitation


def days_ago(n, today=TODAY):
    """Noon, n days before `today`, in the current time zone."""
    return timezone.make_aware(datetime.combine(today - timedelta(days=n), time(12)))


def make_layered(owner, layer, gap=None, kind="met", today=TODAY, **kwargs):
    """A contact in `layer` whose last real interaction was `gap` days before `today`."""
    kwargs.setdefault("first_name", f"L{layer}")
    contact = make_contact(owner, layer=layer, **kwargs)
    if gap is not None:
        make_interaction(contact, kind=kind, occurred_at=days_ago(gap, today))
    return contact


def age_snapshots(days=8):
    """Every snapshot in the backups folder as if taken `days` earlier (its name holds when it
    was taken): pruning deletes none younger than a week."""
    from netcoach import backups

    for backup in backups.list_backups():
        stamp = f"{backup.taken_at - timedelta(days=days):%Y%m%d-%H%M%S-%f}"
        old = backups.NAME.match(backup.name)["stamp"]
        backup.path.rename(backup.path.with_name(backup.name.replace(old, stamp)))


# Every page of the app a signed-in user opens, by name: what the French crawl
# (tests/test_translations.py) and the phone-width check (tests/browser/test_accessibility.py)
# visit.
APP_PAGES = (
    "dashboard", "triage", "talk-first", "todo", "sent", "rule", "record-invitation",
    "invitation-draft", "people", "people-search", "search", "person", "person-edit", "person-delete",
    "companies", "company", "write", "meet", "log-meeting", "interaction-edit", "interaction-delete", "review",
    "import", "import-summary", "import-contacts", "import-contacts-summary", "settings",
    "settings-reset", "password-change", "data-settings", "calendar-settings", "help",
)  # fmt: skip


def import_address_book(user):
    """An address book of two cards imported for `user`: one new person, one completed."""
    from contacts.address_book.apply import apply_address_book
    from contacts.address_book.read import read_address_book

    known = Contact.objects.filter(owner=user).exclude(profile_url="").first()
    cards = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Okafor;Ngozi;;;\r\nFN:Ngozi Okafor\r\n"
        "TEL;TYPE=CELL:+33 6 12 34 56 78\r\nEMAIL:ngozi@example.org\r\nEND:VCARD\r\n"
    )
    if known:
        cards += (
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{known.last_name};{known.first_name};;;\r\n"
            f"FN:{known.first_name} {known.last_name}\r\nTEL:+33 1 23 45 67 89\r\n"
            f"X-SOCIALPROFILE;TYPE=linkedin:{known.profile_url}\r\nEND:VCARD\r\n"
        )
    book = read_address_book(cards.encode(), "contacts.vcf")
    return apply_address_book(book, user, file_name="contacts.vcf", sha256="0" * 64)


def app_pages(user) -> dict[str, str]:
    """The URL of each of APP_PAGES for `user`, who has imported a sample network (a meeting is
    logged for the pages of one)."""
    from contacts.models import ImportRun
    from invitations.models import Invitation

    contact = Contact.objects.filter(owner=user, is_connection=True).exclude(company="").first()
    met = make_interaction(contact, kind="met", summary="Coffee at the station")
    run = ImportRun.objects.linkedin().filter(owner=user).first()
    contacts_run = import_address_book(user)
    invitation = Invitation.objects.filter(owner=user, direction="outgoing").first()
    urls = {
        "dashboard": "/",
        "triage": "/invitations/",
        "talk-first": "/invitations/talk-first/",
        "todo": "/invitations/todo/",
        "sent": "/invitations/sent/",
        "rule": "/invitations/rule/",
        "record-invitation": "/invitations/new/",
        "invitation-draft": f"/invitations/for/{invitation.contact_id or contact.pk}/",
        "people": "/people/",
        "people-search": "/people/search/?q=a",
        "search": "/search/?q=a",
        "person": contact.get_absolute_url(),
        "person-edit": f"/people/{contact.pk}/edit/",
        "person-delete": f"/people/{contact.pk}/delete/",
        "companies": "/companies/",
        "company": f"/companies/{contact.company_key}/",
        "write": f"/people/write/?company={contact.company_key}",
        "meet": "/people/meet/",
        "log-meeting": "/meetings/new/",
        "interaction-edit": f"/interactions/{met.pk}/edit/",
        "interaction-delete": f"/interactions/{met.pk}/delete/",
        "review": "/review/",
        "import": "/import/",
        "import-summary": f"/import/{run.pk}/",
        "import-contacts": "/people/import-contacts/",
        "import-contacts-summary": f"/people/import-contacts/{contacts_run.pk}/",
        "settings": "/settings/",
        "settings-reset": "/settings/reset/",
        "password-change": "/settings/password/",
        "data-settings": "/settings/data/",
        "calendar-settings": "/settings/calendar/",
        "help": "/help/",
    }
    assert tuple(urls) == APP_PAGES
    return urls


def new_install(data_dir, migrated_database):
    """`data_dir` made the data directory of a new install: a copy of the `migrated_database`
    fixture's file, by SQLite's backup API (whole whatever the state of the original's
    write-ahead log). Returns `data_dir`."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(migrated_database)) as source,
        closing(sqlite3.connect(data_dir / "netcoach.sqlite3")) as copy,
    ):
        source.backup(copy)
    return data_dir
