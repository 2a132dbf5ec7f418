"""netcoach in English and French: the catalogue is complete, the compiled one is the one in the
repository, and every page crawled in French shows no interface text left in English."""

import contextlib
import gettext
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings

from contacts.models import Preferences
from contacts.time_zones import zone_names
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.sample import build_sample_export
from tests.factories import APP_PAGES, app_pages, make_user

LOCALE = Path(settings.BASE_DIR) / "locale"
DOMAINS = ("django", "djangojs")
# What makemessages reads: the code and templates, not the tests, benchmarks or built files.
IGNORED = ["tests/*", "benchmarks/*", "build/*", "var/*", "docs/*", "node_modules/*"]


def po_path(domain):
    return LOCALE / "fr" / "LC_MESSAGES" / f"{domain}.po"


# What makemessages reads, copied with the catalogues: it writes next to the sources it reads
# and into the locale folder beside them, which must not be the repository's.
SOURCES = ("contacts", "invitations", "netcoach", "templates", "static", "locale")


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory):
    """The French catalogues as makemessages leaves them when run over today's code, in a copy
    of the code: the repository is never touched."""
    root = tmp_path_factory.mktemp("source")
    for name in SOURCES:
        shutil.copytree(
            Path(settings.BASE_DIR) / name,
            root / name,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
    with contextlib.chdir(root), override_settings(LOCALE_PATHS=[root / "locale"]):
        for domain in DOMAINS:
            extra = {"extensions": ["js"]} if domain == "djangojs" else {}
            call_command(
                "makemessages",
                locale=["fr"],
                domain=domain,
                ignore_patterns=IGNORED,
                no_obsolete=True,
                no_location=True,
                verbosity=0,
                **extra,
            )
    return {
        domain: polib.pofile(root / "locale" / "fr" / "LC_MESSAGES" / f"{domain}.po")
        for domain in DOMAINS
    }


def test_every_string_of_the_code_is_in_the_french_catalogue_and_translated(fresh_catalogues):
    """One test, so that one worker runs makemessages: it writes temporary files beside the
    templates, which two runs at once would trip over."""
    for domain in DOMAINS:
        catalogue = fresh_catalogues[domain]
        untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
        fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
        assert not untranslated, f"{domain}: {len(untranslated)} untranslated: {untranslated[:20]}"
        assert not fuzzy, f"{domain}: {len(fuzzy)} fuzzy: {fuzzy[:20]}"
        # `make messages` was run: the committed .po has every string of the code and no other.
        committed = {(e.msgctxt, e.msgid) for e in polib.pofile(po_path(domain)) if not e.obsolete}
        fresh = {(e.msgctxt, e.msgid) for e in catalogue if not e.obsolete}
        assert committed == fresh, (
            f"run `make messages`: {domain} misses {sorted(fresh - committed, key=str)[:10]}, "
            f"has gone {sorted(committed - fresh, key=str)[:10]}"
        )


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_compiled_catalogue_is_the_po_file(domain):
    """The .mo files are committed (a user's machine has no msgfmt): they hold exactly the .po."""
    po = polib.pofile(po_path(domain))
    with open(po_path(domain).with_suffix(".mo"), "rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog
    for entry in po.translated_entries():
        key = entry.msgid if not entry.msgctxt else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural:
            assert compiled.get((key, 0)) == entry.msgstr_plural[0], entry.msgid
        else:
            assert compiled.get(key) == entry.msgstr, f"run `make messages`: {entry.msgid!r}"


def test_msgfmt_reads_the_catalogues():
    """The French catalogues are valid for GNU gettext (formats, plurals)."""
    for domain in DOMAINS:
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po_path(domain))], check=True)


# --- Pages crawled in both languages ---------------------------------------------------------


class VisibleText(HTMLParser):
    """The text a person reads or hears on a page: text nodes and the attributes shown or
    spoken (placeholder, title, aria-label, alt, a button's value). Scripts and styles aside,
    and code (`<code>`, `<kbd>`, `<pre>`: commands, file names, keys), which is no language's."""

    UNSPOKEN = ("script", "style", "template", "code", "kbd", "pre")
    SPOKEN = ("placeholder", "title", "aria-label", "alt", "data-confirm")

    def __init__(self):
        super().__init__()
        self.chunks = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.UNSPOKEN:
            self.hidden += 1
        attrs = dict(attrs)
        for name in self.SPOKEN:
            if attrs.get(name):
                self.chunks.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.chunks.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.UNSPOKEN:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.chunks.append(data)


def chunks(html):
    parser = VisibleText()
    parser.feed(html)
    return {" ".join(chunk.split()) for chunk in parser.chunks}


WORD = re.compile(r"[^\W\d_]{3,}")
# Words written the same in both languages, and names that are no words of either.
SAME_IN_BOTH = {
    "netcoach",
    "LinkedIn",
    "PIPU",
    "Invitations",
    "invitations",
    "Invitation",
    "invitation",
    "Notes",
    "notes",
    "Note",
    "note",
    "Messages",
    "messages",
    "Conversations",
    "conversations",
    "Message",
    "message",
    "Contact",
    "contact",
    "Client",
    "client",
    "Contacts",
    "contacts",
    "Date",
    "date",
    "Total",
    "total",
    "Source",
    "Email",
    "email",
    "Introduction",
    "introduction",
    "Introductions",
    "introductions",
    "Interaction",
    "interaction",
    "Interactions",
    "interactions",
    "Dunbar",
    "Granovetter",
    "English",
    "Français",
    "ZIP",
    "CSV",
    "JSON",
    "UTC",
    "URL",
    "Connections",
    "Profile",
    "Shares",
    "Endorsement",
    "Recommendations",
    "Received",
    "Given",
    "Info",
    "htmx",
    "Markdown",
    "Options",
    "Action",
    "Actions",
    "Question",
    "Questions",
    "Position",
    "Type",
    "Format",
    "Description",
    "Tags",
    "Tag",
    "Menu",
    "Minutes",
    "Score",
    "score",
    "Budget",
    "budget",
    "Layer",
    "Admin",
    "Accept",
    "Ignore",
    "Esc",
    "Enter",
    "Tab",
    "Shift",
    "Ctrl",
    "Alt",
    "mobile",
}


def user_data_words(user):
    """Every word of what the user's rows hold (names, companies, messages, notes…): the user's
    data is the same in both languages and is no interface text."""
    from django.apps import apps

    words = set(SAME_IN_BOTH) | set(WORD.findall(user.get_username()))
    for name in zone_names():
        words.update(WORD.findall(name))
    for app in ("contacts", "invitations"):
        for model in apps.get_app_config(app).get_models():
            if not any(f.name == "owner" for f in model._meta.fields):
                continue
            text_fields = [
                f.attname
                for f in model._meta.concrete_fields
                if f.get_internal_type() in ("CharField", "TextField")
            ]
            for row in model.objects.filter(owner=user).values_list(*text_fields):
                for value in row:
                    if value:
                        words.update(WORD.findall(value))
    return words


def english_left(english_html, french_html, allowed):
    """Chunks of the French page that are the English page's, word for word, and hold a word
    that is no data and no word of both languages."""
    english = chunks(english_html)
    return sorted(
        chunk
        for chunk in chunks(french_html) & english
        if any(word not in allowed for word in WORD.findall(chunk))
    )


@pytest.fixture(scope="module")
def network(django_db_setup, django_db_blocker):
    """One imported sample network, shared by the pages of the crawl (read only)."""
    with django_db_blocker.unblock():
        user = make_user(username="crawler")
        sample = build_sample_export(connections=60, messages=200, invitations=30)
        import_file(sample, "sample.zip", user)
        pages = app_pages(user)
        allowed = user_data_words(user)
    yield user, pages, allowed
    with django_db_blocker.unblock():
        user.delete()


def page_in(client, user, url, language):
    Preferences.objects.filter(owner=user).update(language=language)
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", APP_PAGES)
def test_a_page_in_french_has_no_english_left(network, name):
    user, pages, allowed = network
    client = Client()
    client.force_login(user)
    english = page_in(client, user, pages[name], "en")
    french = page_in(client, user, pages[name], "fr")
    assert '<html lang="fr">' in french
    left = english_left(english, french, allowed)
    assert not left, f"{name} ({pages[name]}) still in English: {left[:15]}"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/login/"])
def test_the_sign_in_page_follows_the_browser(url):
    make_user()
    english = Client().get(url, headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    french = Client().get(url, headers={"accept-language": "fr-FR,fr;q=0.9"}).content.decode()
    assert '<html lang="fr">' in french and '<html lang="en">' in english
    assert not english_left(english, french, set(SAME_IN_BOTH)), english_left(
        english, french, set(SAME_IN_BOTH)
    )
