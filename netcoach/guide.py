"""The user guide inside the app: the pages of docs/ written for the people who use netcoach.

The user guide comes first, then the product's own references a user may want (importing, the
relationship model, the methods, the format of "Export everything"). The developers' pages
(architecture, performance) and the importer's specification of LinkedIn's files
(linkedin-export.md, "the reference for the importer's code") are not here: a link to them, or to
any file of the repository, is shown as its plain text. Links between the pages here become the
app's URLs, with their anchors.

Raw HTML in the Markdown is escaped, never let through: the docs are ours, but a page of the app
takes no markup from a file. The one exception is `<kbd>` around a few plain characters, which the
guide uses for keys: it is parsed as its own syntax and rebuilt, its text escaped.

A page is rendered once per process, and again when its file changes (its mtime and size).

Each page exists in English (docs/) and may exist in another language (docs/fr/ for French,
the same file names): a reader gets the page in their language when it exists, else the
English one. A translated page keeps the English one's headings, in the same order and at the
same levels (tests/netcoach/test_help.py checks it): a page's help link names a heading of the
English page (PAGE_HELP), and `help_url` finds the heading at the same place in the translation.
"""

import posixpath
import re
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt


@dataclass(frozen=True)
class Doc:
    slug: str  # "" for the user guide, at /help/
    file: str
    label: str

    @property
    def url(self):
        return reverse("help_page", args=[self.slug]) if self.slug else reverse("help_page")


DOCS = (
    Doc("", "user-guide.md", _("User guide")),
    Doc("importing", "importing.md", _("Importing")),
    Doc("relationship-model", "relationship-model.md", _("Relationship model")),
    Doc("methods", "methods.md", _("Methods")),
    Doc("data-format", "data-format.md", _("Export format")),
)
BY_FILE = {doc.file: doc for doc in DOCS}
BY_SLUG = {doc.slug: doc for doc in DOCS}

# Each page's help: (the doc's slug, the heading's anchor). The anchors are the ids the headings
# get (GitHub's, so that the docs' own links work on both); tests/netcoach/test_help.py checks
# that every one exists.
YOUR_RULE = "your-rule-invitations--your-rule-or-settings--invitation-acceptance-rule"
PAGE_HELP = {
    "dashboard": ("", "the-dashboard"),
    "review": ("", "the-weekly-review"),
    "import_export": ("importing", ""),
    "import_run": ("", "importing-your-linkedin-export"),
    "data_settings": ("", "your-data-settings--your-data-settingsdata"),
    "password_change": ("", "signing-in-and-out"),
    "invitations:triage": ("", "invitations-triage-by-your-own-rule"),
    "invitations:bulk": ("", "the-queue-invitations--to-triage-invitations"),
    "invitations:talk_first": ("", "talk-first-invitationstalk-first"),
    "invitations:todo": ("", "applying-decisions-on-linkedin-invitationstodo"),
    "invitations:sent": ("", "sent-invitations-invitationssent"),
    "invitations:record": ("", "recording-an-invitation-by-hand-invitationsnew"),
    "invitations:rule": ("", YOUR_RULE),
    "invitations:person_invitation": ("", "logging-a-meeting"),
    "invitations:person_profile": ("", "logging-a-meeting"),
    "invitations:criterion_edit": ("", YOUR_RULE),
    "invitations:template_edit": ("", YOUR_RULE),
    "contacts:log_meeting": ("", "logging-a-meeting"),
    "contacts:people": ("", "people"),
    "contacts:person": ("", "a-persons-page"),
    "contacts:person_edit": ("", "a-persons-page"),
    "contacts:person_delete": ("", "a-persons-page"),
    "contacts:person_merge": ("", "merging-two-records"),
    "contacts:person_introduce": ("", "introductions"),
    "contacts:note_edit": ("", "a-persons-page"),
    "contacts:note_delete": ("", "a-persons-page"),
    "contacts:interaction_edit": ("", "a-persons-page"),
    "contacts:interaction_delete": ("", "a-persons-page"),
    "contacts:introduction_delete": ("", "introductions"),
    "contacts:companies": ("", "companies"),
    "contacts:company": ("", "companies"),
    "contacts:import_contacts": ("importing", "address-books"),
    "contacts:import_contacts_preview": ("importing", "address-books"),
    "contacts:import_contacts_run": ("importing", "address-books"),
    "contacts:settings": ("", "settings-settings"),
    "contacts:settings_reset": ("", "settings-settings"),
}


def help_url(view_name):
    """The guide's section about the page `view_name` (a resolved URL name), else the guide:
    in the reader's language, the same section of the translated page."""
    slug, anchor = PAGE_HELP.get(view_name, ("", ""))
    doc = BY_SLUG[slug]
    if anchor:
        anchor = _translated_anchor(doc, anchor)
    return doc.url + (f"#{anchor}" if anchor else "")


def _translated_anchor(doc, anchor):
    """The id, in the reader's translation of `doc`, of the heading whose English id is
    `anchor`: the heading at the same place. `anchor` itself without a translation."""
    try:
        local, english = page(doc), page(doc, "en")
    except FileNotFoundError:
        return anchor
    if local is english:
        return anchor
    ids = [h.id for h in english.headings]
    if anchor not in ids or len(local.headings) != len(ids):
        return anchor
    return local.headings[ids.index(anchor)].id


def language_of_docs(language=None):
    """The folder of docs/ holding the pages in `language` (the active one by default), "" for
    English, the docs' own language."""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    return "" if language == "en" else language


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Page:
    title: str
    html: SafeString
    headings: tuple[Heading, ...] = ()
    language: str = "en"  # the language it is written in

    @property
    def toc(self):
        return [h for h in self.headings if h.level in (2, 3)]

    @property
    def ids(self):
        return {h.id for h in self.headings}


_rendered: dict[Path, tuple[tuple[int, int], Page]] = {}


def page(doc, language=None):
    """`doc` rendered in `language` (the active one by default) when docs/ has it in that
    language, else in English; from the process's cache while its file is unchanged.
    FileNotFoundError when the English file is missing."""
    folder = language_of_docs(language)
    path = Path(settings.HELP_DOCS_DIR) / folder / doc.file
    try:
        stat = path.stat()
    except FileNotFoundError:
        if not folder:
            raise
        folder, path = "", Path(settings.HELP_DOCS_DIR) / doc.file
        stat = path.stat()
    version = (stat.st_mtime_ns, stat.st_size)
    cached = _rendered.get(path)
    if cached and cached[0] == version:
        return cached[1]
    rendered = replace(render(path.read_text(encoding="utf-8")), language=folder or "en")
    _rendered[path] = (version, rendered)
    return rendered


def render(text):
    """Markdown to a `Page`: headings with ids, links rewritten, raw HTML escaped."""
    md = _markdown()
    tokens = _without_other_languages(md.parse(text))
    headings = _number_headings(tokens)
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _rewrite_links(token.children)
    title = next((h.text for h in headings if h.level == 1), "")
    # Safe: markdown-it escapes every text and attribute, and the option html=False the raw HTML.
    html = mark_safe(md.renderer.render(tokens, md.options, {}))
    return Page(title=title, html=html, headings=tuple(headings))


def _without_other_languages(tokens):
    """The tokens without the paragraphs that link to this page in another language ("Ce
    guide en français : fr/user-guide.md"): they are for a reader of the repository; in the app,
    the page is in the reader's language already."""
    kept, i = [], 0
    while i < len(tokens):
        if (
            tokens[i].type == "paragraph_open"
            and i + 2 < len(tokens)
            and any(
                child.type == "link_open" and _other_language(child.attrGet("href") or "")
                for child in tokens[i + 1].children or ()
            )
        ):
            i += 3
            continue
        kept.append(tokens[i])
        i += 1
    return kept


def _other_language(href):
    """Whether `href` is a page of the guide in another language: fr/x.md from docs/, or
    ../x.md from docs/fr/."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return False
    folder, name = posixpath.split(posixpath.normpath(parts.path))
    return name in BY_FILE and (folder == ".." or folder in dict(settings.LANGUAGES))


def _markdown():
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    md.inline.ruler.before("html_inline", "kbd", _kbd)
    md.add_render_rule("table_open", lambda *a: '<div class="table-wrap"><table>\n')
    md.add_render_rule("table_close", lambda *a: "</table></div>\n")
    return md


KBD = re.compile(r"<kbd>([^<>\n]{1,40})</kbd>")


def _kbd(state, silent):
    match = KBD.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        state.push("kbd_open", "kbd", 1)
        state.push("text", "", 0).content = match.group(1)
        state.push("kbd_close", "kbd", -1)
    state.pos = match.end()
    return True


def slugify(text):
    """GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def _number_headings(tokens):
    headings, seen = [], {}
    for opening, inline in pairwise(tokens):
        if opening.type != "heading_open":
            continue
        text = "".join(child.content for child in inline.children or [])
        anchor = slugify(text)
        if anchor in seen:
            seen[anchor] += 1
            anchor = f"{anchor}-{seen[anchor]}"
        else:
            seen[anchor] = 0
        opening.attrSet("id", anchor)
        headings.append(Heading(int(opening.tag[1]), anchor, text))
    return headings


def _rewrite_links(children):
    """Links to another page here point to it in the app; links to a file that is not here
    become their text."""
    kept, dropping = [], False
    for token in children:
        if token.type == "link_open":
            href = _in_app(token.attrGet("href") or "")
            if href is None:
                dropping = True
                continue
            token.attrSet("href", href)
        elif token.type == "link_close" and dropping:
            dropping = False
            continue
        kept.append(token)
    return kept


def _in_app(href):
    """`href` as the app serves it: unchanged when it is an anchor on the page or another site's
    address, the app's URL for another page of the guide, None for anything else."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return href
    doc = BY_FILE.get(posixpath.normpath(parts.path))
    if doc is None:
        return None
    return doc.url + (f"#{parts.fragment}" if parts.fragment else "")
