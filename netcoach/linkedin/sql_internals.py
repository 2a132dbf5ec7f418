"""The importer's SQL: its raw reads and bulk writes, fenced here with the Django internals they
lean on, so that a Django upgrade has one module to check.

Why it exists: the ORM costs more than the work. `bulk_create` spends 20x longer building the SQL
than SQLite takes to store the rows, and the ORM's row iterator and converters cost more than the
rest of a newer import's connections (docs/performance.md). So rows go in with `executemany`
(`insert_rows`, `update_rows`, no `save()` and no signal), and the existing ones come back raw.

What it depends on, beyond the ORM's query API:

- `Model._meta`: `db_table`, `concrete_fields`, `pk.column` and `get_field(name).column`, from
  which the SQL is written by hand;
- `Field.get_default()` and `Field.get_db_prep_save()`, so that the columns an INSERT does not
  name get the value the ORM would give them;
- `connection.ops.quote_name`, `connection.vendor` and `connection.in_atomic_block`;
- how Django's SQLite backend stores values: an aware datetime as naive UTC text
  ("2026-01-05 10:00:00[.ffffff]"), a date as ISO text (`db_value`, `same_time`), and its
  converters giving dates and booleans back on raw rows, as `values_list` would;
- SQLite itself: `sqlite_master` (each index's own `CREATE INDEX` text), DDL inside a
  transaction, `PRAGMA cache_size`.
"""

from contextlib import contextmanager
from datetime import UTC, date, datetime

from django.db import connection
from django.utils.dateparse import parse_datetime

from contacts.models import Contact, Interaction

BATCH = 2000
# A table receiving at least this many rows, and more than it holds, gets its indexes built
# after the inserts instead of updated row by row (`_secondary_indexes_deferred`).
DEFER_INDEXES_FROM = 1000


def enlarge_page_cache():
    """The inserts touch every index of three tables: a 64 MB page cache (instead of SQLite's
    2 MB) keeps them in memory for the length of the import."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -65536")


def contact_rows(owner_id, names: tuple[str, ...]) -> list[tuple]:
    """The owner's contacts, by id: each row holds the id, then the values of `names`.

    Raw rows: the ORM's row iterator costs more than the rest of a newer import's connections.
    SQLite's converters give dates and booleans, as values_list would.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, {} FROM {} WHERE owner_id = %s ORDER BY id".format(
                ", ".join(Contact._meta.get_field(name).column for name in names),
                connection.ops.quote_name(Contact._meta.db_table),
            ),
            [owner_id],
        )
        return cursor.fetchall()


def newest_contact_ids(owner_id, count: int) -> list[int]:
    """The ids of the owner's `count` newest contacts, oldest first: executemany returns no ids,
    and the rows it inserted get increasing ones (AUTOINCREMENT; the import holds the write
    lock)."""
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(Contact._meta.db_table)
        cursor.execute(
            f"SELECT id FROM {table} WHERE owner_id = %s ORDER BY id DESC LIMIT %s",
            [owner_id, count],
        )
        return [pk for (pk,) in reversed(cursor.fetchall())]


def imported_interactions(owner_id) -> dict[str, tuple]:
    """The owner's imported interactions by import key: (id, direction, summary, occurred_at).

    Raw rows, the time as the text SQLite holds (a cast escapes the datetime converter): the ORM's
    converters cost more than the comparison (`same_time`).
    """
    table = connection.ops.quote_name(Interaction._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT import_key, id, direction, summary, CAST(occurred_at AS TEXT) "
            f"FROM {table} WHERE owner_id = %s AND source = %s AND import_key != ''",
            [owner_id, Interaction.Source.IMPORTED],
        )
        return {key: (pk, d, s, at) for key, pk, d, s, at in cursor.fetchall()}


def insert_rows(model, names: tuple[str, ...], rows: list[tuple], *, adapted=False):
    """INSERT `rows` (values in the order of `names`) into `model`'s table.

    `adapted` rows already hold what SQLite stores (datetimes as text): the hot paths skip
    checking every value.
    """
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    # Every other column gets the model's default, as the ORM would give it.
    others = [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in names]
    defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in others)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        connection.ops.quote_name(model._meta.db_table),
        ", ".join(connection.ops.quote_name(f.column) for f in [*fields, *others]),
        ", ".join(["%s"] * (len(fields) + len(others))),
    )
    with connection.cursor() as cursor, _secondary_indexes_deferred(cursor, model, len(rows)):
        for start in range(0, len(rows), BATCH * 10):
            batch = rows[start : start + BATCH * 10]
            if not adapted:
                batch = [_adapt(row) for row in batch]
            if defaults:
                batch = [row + defaults for row in batch]
            cursor.executemany(sql, batch)


@contextmanager
def _secondary_indexes_deferred(cursor, model, count: int):
    """Drops the table's indexes for the inserts and creates them again afterwards, when `count`
    new rows outnumber the rows already there (a first import).

    SQLite builds an index from a sort many times faster than it updates it row by row. It all
    happens inside the import's transaction, where SQLite's DDL is transactional: a failed or
    killed import rolls the indexes back with the rows. The indexes are created again from their
    own `CREATE INDEX` text in sqlite_master, so the schema ends as the migrations made it. A
    unique index then checks the rows all at once: a duplicate fails the import with the same
    IntegrityError ("UNIQUE constraint failed: ...") as when it checked them one by one.
    """
    table = model._meta.db_table
    if (
        connection.vendor != "sqlite"
        or not connection.in_atomic_block
        or count < DEFER_INDEXES_FROM
    ):
        yield
        return
    cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
    if cursor.fetchone()[0] >= count:
        yield
        return
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
        "AND sql IS NOT NULL ORDER BY name",
        [table],
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    for _, sql in indexes:
        cursor.execute(sql)


def update_rows(model, names: tuple[str, ...], rows: list[tuple]):
    """UPDATE `model`'s rows: each row holds the values of `names`, then the primary key."""
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(model._meta.db_table),
        ", ".join(f"{quote(model._meta.get_field(n).column)} = %s" for n in names),
        quote(model._meta.pk.column),
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, [_adapt(row) for row in rows])


def same_time(stored: str, value: datetime) -> bool:
    """Whether the text SQLite holds is the moment `value` (aware, UTC)."""
    return parse_datetime(stored) == value.replace(tzinfo=None)


def stored_time(stored: str) -> datetime:
    """The moment (aware, UTC) of the text SQLite holds."""
    return parse_datetime(stored).replace(tzinfo=UTC)


def _adapt(row: tuple) -> tuple:
    """Python values as Django stores them in SQLite: aware datetimes as naive UTC text."""
    if not any(isinstance(value, date) for value in row):
        return row
    return tuple(db_value(value) for value in row)


def db_value(value):
    if isinstance(value, datetime):
        if value.tzinfo is not UTC:
            value = value.astimezone(UTC)
        return value.isoformat(" ")[:-6]  # without its "+00:00"
    if isinstance(value, date):
        return value.isoformat()
    return value
