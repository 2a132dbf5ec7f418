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

A document's rowid holds its owner's id, its kind and its row's id (`rowid_sql`): a trigger
finds its document by rowid, never by scanning, and the owner's documents of one kind are one
range of rowids (`owner_range`), which every query names: FTS5 seeks to it, so a query reads
neither the other owners' documents nor the other kinds', and never answers across owners.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe

from contacts import phones

TABLE = "search_index"
# A first import (the owner has fewer people than this) builds the index in bulk.
BULK_FROM = 1000
# A document's rowid: owner id, kind, then the row's id, in bits (`rowid_sql`). The owner's
# documents of one kind are one range of rowids, which FTS5 seeks to without reading the others.
KINDS = ("person", "note", "conversation", "meeting", "invitation")
ID_BITS, KIND_BITS = 40, 3
ID_MASK = (1 << ID_BITS) - 1
# The interactions found as meetings and calls; the others are what was written.
SPOKEN = ("met", "video", "phone")

CREATE_TABLE = f"""
CREATE VIRTUAL TABLE {TABLE} USING fts5(
    contact_id UNINDEXED, at UNINDEXED, title, org, role, body,
    tokenize = 'unicode61 remove_diacritics 2'
)"""


def rowid_sql(owner: str, kind: str, pk: str) -> str:
    """The SQL of a document's rowid from the SQL of its owner's id, kind number and row id."""
    return f"((({owner}) << {ID_BITS + KIND_BITS}) + (({kind}) << {ID_BITS}) + ({pk}))"


def interaction_kind_sql(row: str) -> str:
    return f"(CASE WHEN {row}.kind IN {SPOKEN!r} THEN 3 ELSE 2 END)"


def owner_range(owner_id, kind: str | None = None) -> tuple[int, int]:
    """The owner's rowids (of one kind): the first and the last."""
    owner = int(owner_id) << (ID_BITS + KIND_BITS)
    if kind is None:
        return owner, owner + (1 << (ID_BITS + KIND_BITS)) - 1
    low = owner + (KINDS.index(kind) << ID_BITS)
    return low, low + ID_MASK


# One SELECT per kind of document: (rowid, contact_id, at, title, org, role, body), for the rows
# `{where}` keeps (with `c`, `n`, `i` or `v` for the source table). An interaction with neither
# summary nor place (an endorsement) has nothing to find.
PERSON_ROWID = rowid_sql("c.owner_id", "0", "c.id")
# A person's document: their name; company; position and city; how we met, tags, and their phone
# numbers, email addresses and websites (as stored: a number in E.164, found by its digits).
PERSON_DOCS = f"""
SELECT {PERSON_ROWID}, c.id, NULL,
       trim(c.first_name || ' ' || c.last_name), c.company, trim(c.position || ' ' || c.city),
       trim(c.how_we_met || ' ' || coalesce((
           SELECT group_concat(t.name, ' ') FROM contacts_contact_tags ct
           JOIN contacts_tag t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '') || ' ' ||
           coalesce((SELECT group_concat(d.value, ' ') FROM contacts_contactdetail d
                     WHERE d.contact_id = c.id), ''))
FROM contacts_contact c WHERE {{where}}"""
NOTE_DOCS = f"""
SELECT {rowid_sql("n.owner_id", "1", "n.id")}, n.contact_id, n.created_at, '', '', '', n.text
FROM contacts_note n WHERE {{where}}"""
INTERACTION_DOCS = f"""
SELECT {rowid_sql("i.owner_id", interaction_kind_sql("i"), "i.id")},
       i.contact_id, i.occurred_at, '', i.place, '', i.summary
FROM contacts_interaction i WHERE (i.summary != '' OR i.place != '') AND {{where}}"""
INVITATION_DOCS = f"""
SELECT {rowid_sql("v.owner_id", "4", "v.id")}, v.contact_id,
       coalesce(v.sent_at, v.created_at), v.name, '', v.headline, v.message
FROM invitations_invitation v WHERE {{where}}"""
ALL_DOCS = (PERSON_DOCS, NOTE_DOCS, INTERACTION_DOCS, INVITATION_DOCS)

COLUMNS = "rowid, contact_id, at, title, org, role, body"


def _insert(docs: str, where: str) -> str:
    return f"INSERT INTO {TABLE} ({COLUMNS}) {docs.format(where=where)};"


def _delete(rowid: str) -> str:
    return f"DELETE FROM {TABLE} WHERE rowid = {rowid};"


def _triggers() -> dict[str, str]:
    """The triggers by name: each keeps one kind of document exact on insert, update, delete."""
    triggers = {}
    sources = [
        ("contact", "contacts_contact", PERSON_DOCS, "c", "0",
         "first_name, last_name, company, position, city, how_we_met, owner_id"),
        ("note", "contacts_note", NOTE_DOCS, "n", "1",
         "text, contact_id, owner_id, created_at"),
        ("interaction", "contacts_interaction", INTERACTION_DOCS, "i", None,
         "summary, place, kind, contact_id, occurred_at, owner_id"),
        ("invitation", "invitations_invitation", INVITATION_DOCS, "v", "4",
         "name, headline, message, contact_id, sent_at, created_at, owner_id"),
    ]  # fmt: skip
    for name, table, docs, alias, number, columns in sources:
        old = rowid_sql("OLD.owner_id", number or interaction_kind_sql("OLD"), "OLD.id")
        triggers[f"search_{name}_insert"] = (
            f"AFTER INSERT ON {table} BEGIN {_insert(docs, f'{alias}.id = NEW.id')} END"
        )
        triggers[f"search_{name}_update"] = (
            f"AFTER UPDATE OF {columns} ON {table} BEGIN "
            f"{_delete(old)} {_insert(docs, f'{alias}.id = NEW.id')} END"
        )
        triggers[f"search_{name}_delete"] = f"AFTER DELETE ON {table} BEGIN {_delete(old)} END"

    def person_again(row: str) -> str:
        person = f"(SELECT {PERSON_ROWID} FROM contacts_contact c WHERE c.id = {row}.contact_id)"
        return f"{_delete(person)} {_insert(PERSON_DOCS, f'c.id = {row}.contact_id')}"

    # A person's tags, phone numbers, addresses and websites are part of their document.
    for event, row in (("insert", "NEW"), ("delete", "OLD")):
        triggers[f"search_tagging_{event}"] = (
            f"AFTER {event.upper()} ON contacts_contact_tags BEGIN {person_again(row)} END"
        )
        triggers[f"search_detail_{event}"] = (
            f"AFTER {event.upper()} ON contacts_contactdetail BEGIN {person_again(row)} END"
        )
    triggers["search_detail_update"] = (
        "AFTER UPDATE OF value, contact_id ON contacts_contactdetail BEGIN "
        f"{person_again('OLD')} {person_again('NEW')} END"
    )
    tagged = "(SELECT contact_id FROM contacts_contact_tags WHERE tag_id = NEW.id)"
    triggers["search_tag_rename"] = (
        f"AFTER UPDATE OF name ON contacts_tag BEGIN "
        f"DELETE FROM {TABLE} WHERE rowid IN "
        f"(SELECT {PERSON_ROWID} FROM contacts_contact c WHERE c.id IN {tagged}); "
        f"{_insert(PERSON_DOCS, f'c.id IN {tagged}')} END"
    )
    return triggers


TRIGGERS = _triggers()


def create_triggers(cursor):
    for name, body in TRIGGERS.items():
        cursor.execute(f"CREATE TRIGGER {name} {body}")


def drop_triggers(cursor):
    for name in TRIGGERS:
        cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def _owner_where(docs: str) -> str:
    alias = docs.split("FROM ")[-1].split()[1]
    return docs.format(where=f"{alias}.owner_id = %s")


def index_owner(cursor, owner_id):
    """Inserts every document of the owner (none of them may be indexed yet)."""
    for docs in ALL_DOCS:
        cursor.execute(f"INSERT INTO {TABLE} ({COLUMNS}) {_owner_where(docs)}", [owner_id])


def rebuild(cursor):
    """Builds the whole index again from the tables (the migration; a repair)."""
    cursor.execute(f"DELETE FROM {TABLE}")
    for docs in ALL_DOCS:
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
    """Removes the owner's documents: one range of rowids, the other owners' never read. When
    they are all the index holds (one account), the table is made again empty: FTS5 deletes
    row by row, tokenising each (4 s of a maximum account's "Delete all my data")."""
    low, high = owner_range(owner_id)
    cursor.execute(f"SELECT rowid FROM {TABLE} ORDER BY rowid LIMIT 1")
    first = cursor.fetchone()
    cursor.execute(f"SELECT rowid FROM {TABLE} ORDER BY rowid DESC LIMIT 1")
    last = cursor.fetchone()
    if first is None:
        return
    if low <= first[0] and last[0] <= high:
        cursor.execute(f"DROP TABLE {TABLE}")
        cursor.execute(CREATE_TABLE)
    else:
        cursor.execute(f"DELETE FROM {TABLE} WHERE rowid BETWEEN %s AND %s", [low, high])


# ---- Queries --------------------------------------------------------------------------------

# A word as SQLite's unicode61 tokenizer sees it: letters and digits (the underscore and every
# punctuation mark separate words).
WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 8
# Private-use characters mark the matched words in a snippet: the text is escaped first, then
# they become <mark> tags.
OPEN, CLOSE = "\ue000", "\ue001"
# bm25's weight per column, in their order (contact_id, at, title, org, role, body): a match
# in a name counts most.
WEIGHTS = "0, 0, 10.0, 5.0, 4.0, 1.0"
RANKED_UP_TO = 1000
# A hit's text: its short columns highlighted whole, its body shortened around the words.
MARKED_COLUMNS = ", ".join(
    [*(f"highlight({TABLE}, {column}, %s, %s)" for column in (2, 3, 4)),
     f"snippet({TABLE}, 5, %s, %s, '…', 16)"]
)  # fmt: skip


class Searched(str):
    """The text typed, and the start of the stored phone number it reads as (`as_searched`)."""

    def __new__(cls, text: str, number: str):
        searched = super().__new__(cls, text)
        searched.number = number
        return searched


def as_searched(text: str, region: str) -> str:
    """The text typed, knowing the phone number it may be: typed the user's way ("06 12 34 56 78",
    or its first digits), a number is found as the documents hold it, E.164 (a prefix of
    "+33612345678"), and as the words typed too (a note or a message holds it as written)."""
    number = phones.searched(text, region)
    return Searched(text, WORD.findall(number)[0]) if number else text


def words(text: str) -> list[str]:
    return WORD.findall(text or "")[:MAX_WORDS]


def match(text: str, columns: tuple = ()) -> str:
    """The FTS5 query of the user's words: each quoted (so that quotes, *, -, NEAR, AND, OR or
    parentheses are plain words) and a prefix from two letters, all of them in one document
    (in `columns`); or, for a phone number (`as_searched`), its stored form as a prefix. Empty
    when the text holds no word: the callers find nothing then."""
    found = " AND ".join(f'"{w}"*' if len(w) >= 2 else f'"{w}"' for w in words(text))
    if number := getattr(text, "number", ""):
        found = f'({found}) OR "{number}"*'
    if found and columns:
        return "{" + " ".join(columns) + "} : (" + found + ")"
    return found


def among(owner_id, kind: str) -> tuple[str, list]:
    """The SQL condition (and its parameters) of the documents of `kind` of the owner: a range
    of rowids, which FTS5 seeks to. Without an owner (a queryset narrowed by other means), the
    kind alone, read from every rowid."""
    if owner_id is None:
        return f"(rowid >> {ID_BITS}) & 7 = %s", [KINDS.index(kind)]
    return "rowid BETWEEN %s AND %s", list(owner_range(owner_id, kind))


def _matching(columns: str, expression: str, owner_id, kind: str) -> tuple[str, list]:
    condition, params = among(owner_id, kind)
    return (
        f"SELECT {columns} FROM {TABLE} WHERE {TABLE} MATCH %s AND {condition}",
        [expression, *params],
    )


def people_matching_sql(word: str, owner_id=None) -> tuple[str, list]:
    """The SQL of the ids of the people whose own document or a note holds `word` (the people
    list's filter; the search page finds the conversations and meetings). A person's id is in
    their document's rowid: only the notes' contact_id is read."""
    expression = match(word)
    people, people_params = _matching(f"rowid & {ID_MASK}", expression, owner_id, "person")
    notes, notes_params = _matching("contact_id", expression, owner_id, "note")
    return f"{people} UNION ALL {notes}", [*people_params, *notes_params]


def type_ahead_sql(text: str, owner_id=None) -> tuple[str, list] | None:
    """The SQL of the ids of the people whose name, company or position hold every word (a
    person's id is in their document's rowid: no column is read)."""
    expression = match(text, columns=("title", "org", "role"))
    if not expression:
        return None
    return _matching(f"rowid & {ID_MASK}", expression, owner_id, "person")


def type_ahead_ids(text: str, owner_id, limit: int = 8) -> list[int]:
    """The ids of the owner's first `limit` people whose name, company or position hold every
    word, in the type-ahead's order (`ContactQuerySet.type_ahead`): the layered people by layer,
    then the pool, each by last name, first name and id. From two letters.

    One statement in two parts, each read the cheap way: the layered people (a few hundred) through
    the owner's (owner, layer) index, each checked against the index's ids; the pool's from the
    index's matches, read by primary key. One query over both made SQLite walk the owner's 30,000
    people whenever fewer than `limit` layered people matched (a full name: 3 ms, 30 matches);
    SQLite runs a UNION ALL's parts in order and stops at the LIMIT, so the pool is never read
    when the layered people fill it."""
    expression = match(text, columns=("title", "org", "role"))
    if len(text.strip()) < 2 or not expression:
        return []
    condition, params = among(owner_id, "person")
    found = f"SELECT rowid & {ID_MASK} FROM {TABLE} WHERE {TABLE} MATCH %s AND {condition}"
    names = "c.last_name, c.first_name, c.id"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM (SELECT c.id FROM contacts_contact c "
            f"WHERE c.owner_id = %s AND c.layer IS NOT NULL AND c.id IN ({found}) "
            f"ORDER BY c.layer, {names} LIMIT %s) "
            f"UNION ALL SELECT id FROM (SELECT c.id FROM {TABLE} s "
            f"CROSS JOIN contacts_contact c ON c.id = s.rowid & {ID_MASK} "
            f"WHERE {TABLE} MATCH %s AND s.{condition} AND c.owner_id = %s AND c.layer IS NULL "
            f"ORDER BY {names} LIMIT %s) LIMIT %s",
            [owner_id, expression, *params, limit, expression, *params, owner_id, limit, limit],
        )
        return [pk for (pk,) in cursor.fetchall()]


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
    expression = match(text)
    if not expression:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(*_matching("count(*)", expression, owner_id, kind))
        return cursor.fetchone()[0]


def matches_up_to(expression: str, owner_id, kind: str, limit: int) -> int:
    """How many documents of `kind` match, counted up to `limit`: FTS5 stops reading there."""
    sql, params = _matching("rowid", expression, owner_id, kind)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sql} LIMIT %s)", [*params, limit])
        return cursor.fetchone()[0]


def hits(
    text: str, owner_id, kind: str, *, limit: int, offset: int = 0, matches: int | None = None
) -> list[Hit]:
    """The owner's documents of `kind` matching, best first (bm25), then the newest written
    first (the greatest rowid: ordering by a column would read it for every match).

    bm25 ranks them when at most `RANKED_UP_TO` match: ranking reads every match (a word in each
    of 100,000 messages: 0.7 s); past that, the newest come first, which FTS5 streams from the end
    of its lists, and a word that common says little anyway. `matches` is their number when the
    caller counted them; otherwise a count bounded past `RANKED_UP_TO` tells, and when it finds
    none the hits query is never run (each FTS5 statement builds the words' prefix lists again)."""
    expression = match(text)
    if not expression:
        return []
    if matches is None:
        matches = matches_up_to(expression, owner_id, kind, RANKED_UP_TO + 1)
    if matches == 0:
        return []
    order = f"bm25({TABLE}, {WEIGHTS}), rowid DESC" if matches <= RANKED_UP_TO else "rowid DESC"
    sql, params = _matching(f"rowid, contact_id, at, {MARKED_COLUMNS}", expression, owner_id, kind)
    with connection.cursor() as cursor:
        cursor.execute(
            f"{sql} ORDER BY {order} LIMIT %s OFFSET %s",
            [*[OPEN, CLOSE] * 4, *params, limit, offset],
        )
        rows = cursor.fetchall()
    return [
        Hit(kind, rowid & ID_MASK, contact_id, marked(_snippet(parts)), _moment(at))
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
    expression = match(text, columns=("org",))
    if not expression:
        return []
    condition, params = among(owner_id, "person")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.company_key, max(c.company), count(*) FROM {TABLE} s "
            f"JOIN contacts_contact c ON c.id = s.rowid & {ID_MASK} "
            f"WHERE {TABLE} MATCH %s AND s.{condition} AND c.company_key != '' "
            "GROUP BY c.company_key ORDER BY count(*) DESC, c.company_key LIMIT %s",
            [expression, *params, limit],
        )
        return cursor.fetchall()


def documents(owner_id=None) -> set[tuple]:
    """The index's documents as tuples (for the tests comparing it with the tables)."""
    where, params = ("", [])
    if owner_id is not None:
        where, params = "WHERE rowid BETWEEN %s AND %s", list(owner_range(owner_id))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {COLUMNS} FROM {TABLE} {where}", params)
        return {tuple(map(str, row)) for row in cursor.fetchall()}


def expected_documents(owner_id=None) -> set[tuple]:
    """What the index should hold, computed from the tables now."""
    found = set()
    with connection.cursor() as cursor:
        for docs in ALL_DOCS:
            if owner_id is None:
                cursor.execute(docs.format(where="1"))
            else:
                cursor.execute(_owner_where(docs), [owner_id])
            found |= {tuple(map(str, row)) for row in cursor.fetchall()}
    return found


class Group:
    """One kind of document matching, as a Paginator reads it: counted and sliced in SQL."""

    def __init__(self, text: str, owner_id, kind: str):
        self.text, self.owner_id, self.kind = text, owner_id, kind
        self.counted = None

    def count(self) -> int:
        if self.counted is None:
            self.counted = count(self.text, self.owner_id, self.kind)
        return self.counted

    def __len__(self):
        return self.count()

    def __getitem__(self, window: slice) -> list[Hit]:
        return hits(
            self.text,
            self.owner_id,
            self.kind,
            limit=window.stop - window.start,
            offset=window.start,
            matches=self.count(),
        )
