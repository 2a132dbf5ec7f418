"""Help: the user guide and the product's docs rendered from docs/, and each page's help link."""

import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings as django_settings
from django.urls import get_resolver

from netcoach import guide
from tests.factories import make_contact

pytestmark = pytest.mark.django_db

TEMPLATES = Path(django_settings.BASE_DIR) / "templates"


class Links(HTMLParser):
    """The hrefs of a page's links, its element ids, and the href of its rel=help link."""

    def __init__(self, html):
        super().__init__()
        self.hrefs, self.ids, self.help = [], set(), None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
            if attrs.get("rel") == "help":
                self.help = attrs["href"]


def parsed(response):
    return Links(response.content.decode())


@pytest.fixture
def docs_dir(settings, tmp_path):
    settings.HELP_DOCS_DIR = tmp_path
    return tmp_path


@pytest.mark.parametrize("doc", guide.DOCS, ids=lambda doc: doc.file)
def test_each_help_page_renders_its_doc(client_logged_in, doc):
    text = (Path(django_settings.HELP_DOCS_DIR) / doc.file).read_text()
    title = re.search(r"^# (.+)$", text, re.M).group(1)
    first_section = re.search(r"^## (.+)$", text, re.M).group(1)

    response = client_logged_in.get(doc.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f"<title>{title} · netcoach</title>" in html.replace("&quot;", '"')
    section_id = guide.slugify(re.sub(r"[`*]", "", first_section))
    assert f'<h2 id="{section_id}">' in html
    assert f'href="#{section_id}"' in html  # the table of contents


def test_the_user_guide_is_the_first_help_page(client_logged_in):
    response = client_logged_in.get("/help/")

    assert response.context["doc"].file == "user-guide.md"
    assert b'<h1 id="netcoach-user-guide">netcoach user guide</h1>' in response.content


def test_the_developers_docs_are_not_help_pages(client_logged_in):
    for path in ("/help/architecture/", "/help/performance/", "/help/user-guide/"):
        assert client_logged_in.get(path).status_code == 404


def test_the_docs_are_found_in_the_checkout():
    assert Path(django_settings.HELP_DOCS_DIR) == Path(django_settings.BASE_DIR) / "docs"


def test_help_needs_a_signed_in_user(client, user):
    for doc in guide.DOCS:
        response = client.get(doc.url)

        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_help_rejects_post(client_logged_in):
    assert client_logged_in.post("/help/").status_code == 405


def test_a_missing_doc_is_a_404(client_logged_in, docs_dir):
    assert client_logged_in.get("/help/importing/").status_code == 404


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_link_of_the_help_pages_resolves_in_the_app(client_logged_in, user, language):
    from contacts.models import Preferences

    Preferences.objects.filter(owner=user).update(language=language)
    make_contact(user)
    pages, checked = {}, 0

    def fetch(path):
        if path not in pages:
            response = client_logged_in.get(path)
            assert response.status_code == 200, path
            pages[path] = parsed(response)
        return pages[path]

    for doc in guide.DOCS:
        for href in fetch(doc.url).hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc:
                continue
            target = fetch(parts.path or doc.url)
            if parts.fragment:  # markdown-it writes non-ASCII as %XX; browsers decode it
                fragment = unquote(parts.fragment)
                assert fragment in target.ids, f"{doc.url} links to a missing {href}"
            checked += 1
    assert checked > 100  # the docs' own links, their tables of contents and the navigation


def test_links_between_docs_become_the_apps_urls(client_logged_in):
    hrefs = parsed(client_logged_in.get("/help/methods/")).hrefs

    assert "/help/" in hrefs
    assert "/help/relationship-model/#real-interactions-and-their-weight" in hrefs
    assert "#a-reflex-rule-for-invitations" in hrefs
    assert not [href for href in hrefs if ".md" in href]


def test_links_to_developer_docs_and_repository_files_are_plain_text():
    page = guide.render(
        "# Doc\n\nSee [the architecture](architecture.md#layout), [the code](../netcoach/guide.py),"
        " [the guide](user-guide.md#people) and [a site](https://example.org/x).\n"
    )

    assert "See the architecture, the code, " in page.html
    assert '<a href="/help/#people">the guide</a>' in page.html
    assert '<a href="https://example.org/x">a site</a>' in page.html
    assert "architecture.md" not in page.html and "guide.py" not in page.html


def test_raw_html_in_a_doc_is_escaped(client_logged_in, docs_dir):
    (docs_dir / "user-guide.md").write_text(
        "# Guide\n\n"
        "<script>alert(1)</script>\n\n"
        'A <img src=x onerror="alert(2)"> and <b onclick="alert(3)">bold</b> and a key'
        " <kbd>Enter</kbd>, <kbd><i>x</i></kbd>.\n\n"
        "[a trap](javascript:alert(4)) and <a href='/admin/'>a raw link</a>\n"
    )

    response = client_logged_in.get("/help/")

    html = response.content.decode().split('<article class="card help-doc">')[1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html
    assert "&lt;b onclick=&quot;alert(3)&quot;&gt;bold&lt;/b&gt;" in html
    assert "&lt;a href='/admin/'&gt;a raw link&lt;/a&gt;" in html.replace("&#x27;", "'")
    assert "<script" not in html and "<img" not in html and "<b " not in html
    assert 'href="javascript' not in html
    assert "<kbd>Enter</kbd>" in html  # the guide's keys, rebuilt with their text escaped
    assert "<kbd>&lt;i&gt;x&lt;/i&gt;</kbd>" not in html and "<i>" not in html


def test_headings_get_githubs_anchors_and_a_table_of_contents():
    page = guide.render(
        "# Title\n\n## Your data (Settings → Your data, `/settings/data/`)\n\n### Backups\n\n"
        "#### Deep\n\n## Status: active, due, dormant\n\n### Backups\n"
    )

    assert page.title == "Title"
    assert [(h.level, h.id) for h in page.toc] == [
        (2, "your-data-settings--your-data-settingsdata"),
        (3, "backups"),
        (2, "status-active-due-dormant"),
        (3, "backups-1"),
    ]
    assert '<h4 id="deep">Deep</h4>' in page.html


def test_tables_and_code_are_rendered():
    page = guide.render(
        "| key | does |\n|---|---|\n| `m` | log a meeting |\n\n```sh\nmake run <now>\n```\n"
    )

    assert '<div class="table-wrap"><table>' in page.html
    assert "<td><code>m</code></td>" in page.html
    assert '<pre><code class="language-sh">make run &lt;now&gt;\n</code></pre>' in page.html


def test_a_page_is_rendered_once_then_again_when_its_file_changes(
    client_logged_in, docs_dir, monkeypatch
):
    path = docs_dir / "importing.md"
    path.write_text("# Importing\n\nFirst version.\n")
    calls = []
    render = guide.render
    monkeypatch.setattr(guide, "render", lambda text: calls.append(text) or render(text))

    client_logged_in.get("/help/importing/")
    client_logged_in.get("/help/importing/")
    assert len(calls) == 1

    path.write_text("# Importing\n\nSecond version.\n")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    response = client_logged_in.get("/help/importing/")

    assert len(calls) == 2
    assert b"Second version." in response.content


# Each page's help


def url_names():
    names = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                prefix = f"{pattern.namespace}:" if pattern.namespace else ""
                walk(pattern.url_patterns, namespace + prefix)
            elif pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_pages_help_points_to_a_section_that_exists():
    names = url_names()
    for view_name, (slug, anchor) in guide.PAGE_HELP.items():
        assert view_name in names, view_name
        page = guide.page(guide.BY_SLUG[slug])
        assert not anchor or anchor in page.ids, f"{view_name}: no #{anchor} in {slug or 'guide'}"


@pytest.mark.parametrize(
    ("path", "help_href"),
    [
        ("/", "/help/#the-dashboard"),
        ("/import/", "/help/importing/"),
        ("/invitations/", "/help/#invitations-triage-by-your-own-rule"),
        ("/invitations/sent/", "/help/#sent-invitations-invitationssent"),
        ("/review/", "/help/#the-weekly-review"),
        ("/people/", "/help/#people"),
        ("/meetings/new/", "/help/#logging-a-meeting"),
        ("/settings/", "/help/#settings-settings"),
        ("/settings/data/", "/help/#your-data-settings--your-data-settingsdata"),
        ("/help/methods/", "/help/"),
    ],
)
def test_each_page_links_to_its_help(client_logged_in, path, help_href):
    assert parsed(client_logged_in.get(path)).help == help_href


def test_a_persons_page_links_to_its_help(client_logged_in, user):
    contact = make_contact(user)

    links = parsed(client_logged_in.get(contact.get_absolute_url()))

    assert links.help == "/help/#a-persons-page"


def test_the_import_pages_help_opens_the_importing_page(client_logged_in):
    links = parsed(client_logged_in.get("/import/"))

    assert links.help == "/help/importing/"
    assert links.hrefs.count("/help/importing/") == 2  # the navigation's Help and the page's text
    response = client_logged_in.get(links.help)
    assert response.status_code == 200
    assert b'<h1 id="importing-your-linkedin-export">' in response.content


def test_no_page_sends_the_user_to_a_file_of_docs():
    told = [
        f"{path.relative_to(TEMPLATES)}: {line.strip()}"
        for path in TEMPLATES.rglob("*.html")
        for line in path.read_text().splitlines()
        if "docs/" in line
    ]
    assert told == []


# -- The guide in French -----------------------------------------------------------------------

FRENCH_DOCS = Path(django_settings.HELP_DOCS_DIR) / "fr"


@pytest.fixture
def french_reader(client_logged_in, user):
    from contacts.models import Preferences

    Preferences.objects.filter(owner=user).update(language="fr")
    return client_logged_in


def headings_of(path):
    text = re.sub(r"^```.*?^```", "", path.read_text(), flags=re.M | re.S)
    return [len(hashes) for hashes in re.findall(r"^(#+) ", text, re.M)]


@pytest.mark.parametrize("doc", guide.DOCS, ids=lambda doc: doc.file)
def test_each_french_page_keeps_the_english_one_s_headings_in_order(doc):
    french = FRENCH_DOCS / doc.file
    if not french.exists():
        pytest.skip(f"no French {doc.file} yet")
    english = Path(django_settings.HELP_DOCS_DIR) / doc.file

    assert headings_of(french) == headings_of(english)


def test_the_user_guide_exists_in_french():
    assert (FRENCH_DOCS / "user-guide.md").exists()


def test_a_french_reader_gets_the_french_guide_and_a_french_help_page(french_reader):
    html = french_reader.get("/help/").content.decode()

    assert '<h1 id="guide-dutilisation-de-netcoach">Guide d’utilisation de netcoach</h1>' in html
    assert "<title>Guide d’utilisation de netcoach · netcoach</title>" in html
    assert ">Sur cette page</summary>" in html and 'aria-label="Pages d’aide"' in html
    assert ">Guide d’utilisation</a>" in html and ">Modèle relationnel</a>" in html
    assert "On this page" not in html and "User guide" not in html
    assert 'lang="en"' not in html.split("<article")[1]


def test_a_page_with_no_french_version_is_shown_in_english_and_says_so(french_reader, docs_dir):
    (docs_dir / "fr").mkdir()
    (docs_dir / "fr" / "user-guide.md").write_text("# Guide\n\n## Premier lancement\n")
    (docs_dir / "user-guide.md").write_text("# Guide\n\n## First run\n")
    (docs_dir / "methods.md").write_text("# Methods\n\n## Who it is for\n")

    french = french_reader.get("/help/").content.decode()
    english = french_reader.get("/help/methods/").content.decode()

    assert 'id="premier-lancement"' in french
    assert '<article class="card help-doc" lang="en">' in english and "Who it is for" in english
    assert ">Sur cette page</summary>" in english  # the help page's own words stay French


def test_the_help_link_of_a_page_opens_its_section_of_the_french_guide(french_reader):
    from django.utils import translation

    with translation.override("fr"):
        url = guide.help_url("review")
    ids = {h.id for h in guide.page(guide.BY_SLUG[""], "fr").headings}

    assert url == "/help/#la-revue-de-la-semaine"
    assert url.split("#")[1] in ids
    response = french_reader.get("/review/")
    assert parsed(response).help == url


def test_every_help_link_has_its_section_in_french():
    from django.utils import translation

    with translation.override("fr"):
        for view_name, (slug, anchor) in guide.PAGE_HELP.items():
            doc = guide.BY_SLUG[slug]
            url = guide.help_url(view_name)
            if anchor:
                french = {h.id for h in guide.page(doc).headings}
                assert url.split("#")[1] in french, view_name
                assert guide.page(doc).language == "fr", view_name


def test_the_line_pointing_to_the_other_language_is_left_out_in_the_app(client_logged_in):
    english = Path(django_settings.HELP_DOCS_DIR, "user-guide.md").read_text()
    assert "(fr/user-guide.md)" in english
    assert "(../user-guide.md)" in (FRENCH_DOCS / "user-guide.md").read_text()

    html = client_logged_in.get("/help/").content.decode()

    assert "Ce guide en français" not in html and "fr/user-guide.md" not in html
