"""The full-text index: one SQLite FTS5 table over everything the user knows, kept by triggers.

Why an FTS5 table: SQLite ships it, so searching 130,000 rows takes a few milliseconds without a
new service, where LIKE '%word%' read every row. Why a regular table (it stores a copy of the
text) rather than a contentless one: deleting from a contentless table needs SQLite 3.43
(`contentless_delete`), and the snippets need the text anyway.

Why triggers rather than calls from each write path: every write — a form, the importer's raw
`executemany`, a merge's `update()`, a cascade, "Delete all my data", a restore — goes through
SQLite, so the index stays exact whatever the path. A first import drops them and builds the
owner's rows in one `INSERT … SELECT` inside its transaction (`built_in_bulk`), as it does for its
secondary indexes: SQLite fills an FTS5 index many times faster in one statement.

Each document's rowid is its row's id times 4 plus its kind's number (`KIND_NUMBERS`): a trigger
finds its document by rowid, never by scanning. Every query names the owner in the `meta`
column (`query`), so the index never answers across owners.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe

TABLE = "search_index"
# A first import (the owner has fewer people than this) builds the index in bulk.
BULK_FROM = 1000
KIND_NUMBERS = {"person": 0, "note": 1, "interaction": 2, "invitation": 3}
# The interactions found as "what was said" rather than as meetings.
SPOKEN = ("met", "video", "phone")

CREATE_TABLE = f"""
CREATE VIRTUAL TABLE {TABLE} USING fts5(
    meta, contact_id UNINDEXED, at UNINDEXED, title, org, role, body,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2'
)"""

# One SELECT per kind of document: (rowid, meta, contact_id, at, title, org, role, body), for
# the rows `{where}` keeps (with `c`, `n`, `i` or `v` for the source table). `meta` holds two
# words, "o<owner id>" and "k<kind>": the owner and the kind are filtered inside the index (an
# UNINDEXED column would be read for every match), and the user's words never reach `meta`.
# An interaction with neither summary nor place (an endorsement) has nothing to find.
PERSON_DOCS = """
SELECT c.id * 4, 'o' || c.owner_id || ' kperson', c.id, NULL,
       trim(c.first_name || ' ' || c.last_name), c.company, c.position,
       trim(c.how_we_met || ' ' || coalesce((
           SELECT group_concat(t.name, ' ') FROM contacts_contact_tags ct
           JOIN contacts_tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), ''))
FROM contacts_contact c WHERE {where}"""
NOTE_DOCS = """
SELECT n.id * 4 + 1, 'o' || n.owner_id || ' knote', n.contact_id, n.created_at, '', '', '', n.text
FROM contacts_note n WHERE {where}"""
INTERACTION_DOCS = f"""
SELECT i.id * 4 + 2,
       'o' || i.owner_id
       || CASE WHEN i.kind IN {SPOKEN!r} THEN ' kmeeting' ELSE ' kconversation' END,
       i.contact_id, i.occurred_at, '', i.place, '', i.summary
FROM contacts_interaction i WHERE (i.summary != '' OR i.place != '') AND {{where}}"""
INVITATION_DOCS = """
SELECT v.id * 4 + 3, 'o' || v.owner_id || ' kinvitation', v.contact_id,
       coalesce(v.sent_at, v.created_at), v.name, '', v.headline, v.message
FROM invitations_invitation v WHERE {where}"""

COLUMNS = "rowid, meta, contact_id, at, title, org, role, body"


def _insert(docs: str, where: str) -> str:
    return f"INSERT INTO {TABLE} ({COLUMNS}) {docs.format(where=where)};"


def _delete(rowid: str) -> str:
    return f"DELETE FROM {TABLE} WHERE rowid = {rowid};"


def _triggers() -> dict[str, str]:
    """The triggers by name: each keeps one kind of document exact on insert, update, delete."""
    triggers = {}
    sources = [
        ("contact", "contacts_contact", PERSON_DOCS, "c", 0,
         "first_name, last_name, company, position, how_we_met"),
        ("note", "contacts_note", NOTE_DOCS, "n", 1, "text, contact_id, owner_id, created_at"),
        ("interaction", "contacts_interaction", INTERACTION_DOCS, "i", 2,
         "summary, place, kind, contact_id, occurred_at, owner_id"),
        ("invitation", "invitations_invitation", INVITATION_DOCS, "v", 3,
         "name, headline, message, contact_id, sent_at, created_at, owner_id"),
    ]  # fmt: skip
    for name, table, docs, alias, number, columns in sources:
        triggers[f"search_{name}_insert"] = (
            f"AFTER INSERT ON {table} BEGIN {_insert(docs, f'{alias}.id = NEW.id')} END"
        )
        triggers[f"search_{name}_update"] = (
            f"AFTER UPDATE OF {columns} ON {table} BEGIN "
            f"{_delete(f'OLD.id * 4 + {number}')} {_insert(docs, f'{alias}.id = NEW.id')} END"
        )
        triggers[f"search_{name}_delete"] = (
            f"AFTER DELETE ON {table} BEGIN {_delete(f'OLD.id * 4 + {number}')} END"
        )
    # A person's tags are part of their document.
    for event, row in (("insert", "NEW"), ("delete", "OLD")):
        triggers[f"search_tagging_{event}"] = (
            f"AFTER {event.upper()} ON contacts_contact_tags BEGIN "
            f"{_delete(f'{row}.contact_id * 4')} "
            f"{_insert(PERSON_DOCS, f'c.id = {row}.contact_id')} END"
        )
    tagged = "(SELECT contact_id FROM contacts_contact_tags WHERE tag_id = NEW.id)"
    triggers["search_tag_rename"] = (
        f"AFTER UPDATE OF name ON contacts_tag BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid IN (SELECT contact_id * 4 FROM contacts_contact_tags "
        f"WHERE tag_id = NEW.id); {_insert(PERSON_DOCS, f'c.id IN {tagged}')} END"
    )
    return triggers


TRIGGERS = _triggers()


def create_triggers(cursor):
    for name, body in TRIGGERS.items():
        cursor.execute(f"CREATE TRIGGER {name} {body}")


def drop_triggers(cursor):
    for name in TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def owner_documents(owner_id) -> list[tuple[str, str]]:
    """The SELECTs of all the owner's documents, each with its parameter."""
    return [
        (PERSON_DOCS.format(where="c.owner_id = %s"), owner_id),
        (NOTE_DOCS.format(where="n.owner_id = %s"), owner_id),
        (INTERACTION_DOCS.format(where="i.owner_id = %s"), owner_id),
        (INVITATION_DOCS.format(where="v.owner_id = %s"), owner_id),
    ]


def index_owner(cursor, owner_id):
    """Inserts every document of the owner (none of them may be indexed yet)."""
    for docs, param in owner_documents(owner_id):
        cursor.execute(f"INSERT INTO {TABLE} ({COLUMNS}) {docs}", [param])


def rebuild(cursor):
    """Builds the whole index again from the tables (the migration; a repair)."""
    cursor.execute(f"DELETE FROM {TABLE}")
    for docs in (PERSON_DOCS, NOTE_DOCS, INTERACTION_DOCS, INVITATION_DOCS):
        cursor.execute(f"INSERT INTO {TABLE} ({COLUMNS}) {docs.format(where='1')}")


@contextmanager
def built_in_bulk(owner_id, *, contacts_before: int):
    """For a first import (the owner has fewer than `BULK_FROM` people): the triggers are dropped
    for the import, the owner's documents removed, then all built again in one statement each.

    It all happens inside the import's transaction (SQLite's DDL is transactional): a failed
    import rolls the triggers and the index back with the rows. Other writers wait for the
    import's write lock anyway, so none ever writes while the triggers are away.
    """
    if (
        connection.vendor != "sqlite"
        or not connection.in_atomic_block
        or contacts_before >= BULK_FROM
    ):
        yield
        return
    with connection.cursor() as cursor:
        remove_owner(cursor, owner_id)
        drop_triggers(cursor)
    yield
    with connection.cursor() as cursor:
        index_owner(cursor, owner_id)
        create_triggers(cursor)


def remove_owner(cursor, owner_id):
    """Removes the owner's documents, found by the rowids of the owner's rows: no scan of the
    index, which holds the other owners' documents too."""
    sources = [
        ("contacts_contact", 0),
        ("contacts_note", 1),
        ("contacts_interaction", 2),
        ("invitations_invitation", 3),
    ]
    for table, number in sources:
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE rowid IN "
            f"(SELECT id * 4 + {number} FROM {table} WHERE owner_id = %s)",
            [owner_id],
        )


# ---- Queries --------------------------------------------------------------------------------

# A word as SQLite's unicode61 tokenizer sees it: letters and digits (the underscore and every
# punctuation mark separate words).
WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 8
# Private-use characters mark the matched words in a snippet: the text is escaped first, then
# they become <mark> tags.
OPEN, CLOSE = "\ue000", "\ue001"
# The columns the user's words are looked for in, and bm25's weight per column in their order
# (meta, contact_id, at, title, org, role, body): a match in a name counts most.
SEARCHED = ("title", "org", "role", "body")
WEIGHTS = "0, 0, 0, 10.0, 5.0, 4.0, 1.0"
RANKED_UP_TO = 1000
# A hit's text: its short columns highlighted whole, its body shortened around the words.
MARKED_COLUMNS = ", ".join(
    [*(f"highlight({TABLE}, {column}, %s, %s)" for column in (3, 4, 5)),
     f"snippet({TABLE}, 6, %s, %s, '…', 16)"]
)  # fmt: skip


def words(text: str) -> list[str]:
    return WORD.findall(text or "")[:MAX_WORDS]


def terms(text: str) -> str:
    """The user's words as FTS5 terms: each quoted (so that quotes, *, -, NEAR, AND, OR or
    parentheses are plain words) and a prefix from two letters. Empty when the text holds no
    word: the callers find nothing then."""
    return " AND ".join(f'"{w}"*' if len(w) >= 2 else f'"{w}"' for w in words(text))


def query(text: str, owner_id=None, *, kind: str = "", columns: tuple = SEARCHED) -> str:
    """The FTS5 query of the user's `text` among the owner's documents (of `kind`), in
    `columns`; empty when the text holds no word."""
    found = terms(text)
    if not found:
        return ""
    meta = [f'"o{int(owner_id)}"'] if owner_id is not None else []
    meta += [f'"k{kind}"'] if kind else []
    expression = "{" + " ".join(columns) + "} : (" + found + ")"
    return f"meta : ({' AND '.join(meta)}) AND {expression}" if meta else expression


def people_matching_sql(word: str, owner_id=None) -> tuple[str, list]:
    """The SQL of the ids of the people whose own document or a note holds `word` (the people
    list's filter; the search page finds the conversations and meetings). A person's document's
    rowid is their id times 4: only the notes' contact_id is read."""
    return (
        f"SELECT rowid / 4 FROM {TABLE} WHERE {TABLE} MATCH %s "
        f"UNION ALL SELECT contact_id FROM {TABLE} WHERE {TABLE} MATCH %s",
        [query(word, owner_id, kind="person"), query(word, owner_id, kind="note")],
    )


def type_ahead_sql(text: str, owner_id=None) -> tuple[str, list] | None:
    """The SQL of the ids of the people whose name, company or position hold every word (a
    person's document's rowid is their id times 4: no column is read)."""
    expression = query(text, owner_id, kind="person", columns=("title", "org", "role"))
    if not expression:
        return None
    return f"SELECT rowid / 4 FROM {TABLE} WHERE {TABLE} MATCH %s", [expression]


def marked(snippet: str) -> str:
    """The snippet, escaped (the text is hostile), with its matched words in <mark>."""
    return mark_safe(escape(snippet).replace(OPEN, "<mark>").replace(CLOSE, "</mark>"))


@dataclass
class Hit:
    kind: str
    pk: int
    contact_id: int | None
    snippet: str
    at: datetime | None
    contact: object = None

    @property
    def anchor(self) -> str:
        """The id of its entry on the person's timeline."""
        entry = "interaction" if self.kind in ("meeting", "conversation") else self.kind
        return f"{entry}-{self.pk}"


def _moment(value) -> datetime | None:
    moment = parse_datetime(str(value)) if value else None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def count(text: str, owner_id, kind: str) -> int:
    expression = query(text, owner_id, kind=kind)
    if not expression:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE} WHERE {TABLE} MATCH %s", [expression])
        return cursor.fetchone()[0]


def ranked(expression: str) -> bool:
    """Whether bm25 may rank the matches: at most `RANKED_UP_TO` of them. Ranking reads every
    match (a word in each of 100,000 messages: 0.7 s); past that, the newest come first, which
    FTS5 streams from the end of its lists, and a word that common says little anyway."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s LIMIT %s)",
            [expression, RANKED_UP_TO + 1],
        )
        return cursor.fetchone()[0] <= RANKED_UP_TO


def hits(text: str, owner_id, kind: str, *, limit: int, offset: int = 0) -> list[Hit]:
    """The owner's documents of `kind` matching, best first (bm25), then the newest written
    first (the greatest rowid: ordering by a column would read it for every match)."""
    expression = query(text, owner_id, kind=kind)
    if not expression:
        return []
    order = f"bm25({TABLE}, {WEIGHTS}), rowid DESC" if ranked(expression) else "rowid DESC"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, contact_id, at, {MARKED_COLUMNS} FROM {TABLE} WHERE {TABLE} MATCH %s "
            f"ORDER BY {order} LIMIT %s OFFSET %s",
            [*[OPEN, CLOSE] * 4, expression, limit, offset],
        )
        rows = cursor.fetchall()
    return [
        Hit(kind, rowid // 4, contact_id, marked(_snippet(parts)), _moment(at))
        for rowid, contact_id, at, *parts in rows
    ]


def _snippet(parts: list[str]) -> str:
    """The columns where the words were found, the body shortened around them; when only a
    prefix matched elsewhere (no mark), the first column with text."""
    found = [part for part in parts if part and OPEN in part]
    return " · ".join(found) or next((part for part in parts if part), "")


def companies(text: str, owner_id, *, limit: int) -> list[tuple[str, str, int]]:
    """The companies whose name holds every word: (key, a spelling, people there), the
    biggest first."""
    expression = query(text, owner_id, kind="person", columns=("org",))
    if not expression:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.company_key, max(c.company), count(*) FROM {TABLE} s "
            "JOIN contacts_contact c ON c.id = s.rowid / 4 "
            f"WHERE {TABLE} MATCH %s AND c.company_key != '' "
            "GROUP BY c.company_key ORDER BY count(*) DESC, c.company_key LIMIT %s",
            [expression, limit],
        )
        return cursor.fetchall()


def documents(owner_id=None) -> set[tuple]:
    """The index's documents as tuples (for the tests comparing it with the tables)."""
    where, params = ("", [])
    if owner_id is not None:
        where, params = f"WHERE {TABLE} MATCH %s", [f'meta : "o{int(owner_id)}"']
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {COLUMNS} FROM {TABLE} {where}", params)
        return {tuple(map(str, row)) for row in cursor.fetchall()}


def expected_documents(owner_id=None) -> set[tuple]:
    """What the index should hold, computed from the tables now."""
    found = set()
    with connection.cursor() as cursor:
        for docs in (PERSON_DOCS, NOTE_DOCS, INTERACTION_DOCS, INVITATION_DOCS):
            alias = docs.split("FROM ")[-1].split()[1]
            where = f"{alias}.owner_id = %s" if owner_id is not None else "1"
            cursor.execute(docs.format(where=where), [owner_id] if owner_id is not None else [])
            found |= {tuple(map(str, row)) for row in cursor.fetchall()}
    return found


class Group:
    """One kind of document matching, as a Paginator reads it: counted and sliced in SQL."""

    def __init__(self, text: str, owner_id, kind: str):
        self.text, self.owner_id, self.kind = text, owner_id, kind

    def count(self) -> int:
        return count(self.text, self.owner_id, self.kind)

    def __len__(self):
        return self.count()

    def __getitem__(self, window: slice) -> list[Hit]:
        return hits(
            self.text,
            self.owner_id,
            self.kind,
            limit=window.stop - window.start,
            offset=window.start,
        )
