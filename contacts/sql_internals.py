"""Queries the ORM builds and compiles once per process, then runs again with new values, fenced
here with the Django internals they lean on, so that a Django upgrade has one module to check.

Why it exists: compiling a query can cost far more than running it. The "last real interaction"
of a type-ahead's eight people is four correlated subqueries that Django compiles in ≈ 2.6 ms and
SQLite runs in ≈ 0.14 ms (docs/performance.md). The query is still built by the ORM, from
`ContactQuerySet.with_last_real_interaction()`, so that its rule (`Interaction.REAL`) is written
once; it is compiled the first time with placeholders where its values go, and every later call
runs that SQL with its own values: the ids as one JSON parameter (SQLite's `json_each`), the time
now as the text SQLite holds.

What it depends on, beyond the ORM's query API:

- `Query.get_compiler(using).as_sql()`: the SQL with `%s` and its parameters in order, a
  `RawSQL`'s parameters among them as given;
- the compiler's `select`, `col_count`, `klass_info` and `annotation_col_map` after `as_sql()`,
  and `get_converters()`, read as `django.db.models.query.ModelIterable` reads them;
- `Model.from_db()` and `Field.get_db_prep_value()`;
- SQLite's `json_each()`.
"""

import json
from dataclasses import dataclass

from django.db import connection
from django.db.models import DateTimeField
from django.db.models.expressions import RawSQL
from django.utils import timezone


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple
    slots: dict  # placeholder name: the positions of its value among the parameters
    converters: list  # (position, converters, expression), as the compiler gives them
    fields: tuple  # the model's attnames in the row, from `start`
    start: int
    end: int
    annotations: dict  # annotation name: position
    model: type


class CompiledOnce:
    """A queryset of model instances, built by `build(**placeholders)` and compiled the first time
    it runs on a connection; each run puts its own values in the placeholders' places."""

    def __init__(self, build, *names: str):
        self.build, self.names = build, names
        self.plans = {}

    def _plan(self) -> _Plan:
        plan = self.plans.get(connection.alias)
        if plan is not None:
            return plan
        placeholders = {name: f"netcoach-placeholder:{name}" for name in self.names}
        compiler = self.build(**placeholders).query.get_compiler(connection.alias)
        sql, params = compiler.as_sql()
        slots = {
            name: [i for i, value in enumerate(params) if value == mark]
            for name, mark in placeholders.items()
        }
        if not all(slots.values()):
            raise ValueError(f"A placeholder is not in the compiled query: {slots}")
        select = compiler.select
        columns = compiler.klass_info["select_fields"]
        start, end = columns[0], columns[-1] + 1
        converters = compiler.get_converters([column[0] for column in select[: compiler.col_count]])
        plan = _Plan(
            sql,
            tuple(params),
            slots,
            [(position, *found) for position, found in converters.items()],
            tuple(column[0].target.attname for column in select[start:end]),
            start,
            end,
            dict(compiler.annotation_col_map),
            compiler.klass_info["model"],
        )
        self.plans[connection.alias] = plan
        return plan

    def instances(self, **values) -> list:
        plan = self._plan()
        params = list(plan.params)
        for name, positions in plan.slots.items():
            for position in positions:
                params[position] = values[name]
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        found = []
        for row in map(list, rows):
            for position, converters, expression in plan.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
            instance = plan.model.from_db(connection.alias, plan.fields, row[plan.start : plan.end])
            for name, position in plan.annotations.items():
                setattr(instance, name, row[position])
            found.append(instance)
        return found


def _people_with_last_real_interaction(ids, now):
    from contacts.models import Contact

    return (
        Contact.objects.filter(pk__in=RawSQL("SELECT value FROM json_each(%s)", [ids]))
        .order_by()
        .with_last_real_interaction(now=RawSQL("%s", [now], output_field=DateTimeField()))
    )


LAST_REAL = CompiledOnce(_people_with_last_real_interaction, "ids", "now")


def people_with_last_real_interaction(ids) -> list:
    """The people of `ids` (in no order) annotated as `with_last_real_interaction()` does, by
    its SQL compiled once."""
    if not ids:
        return []
    now = DateTimeField().get_db_prep_value(timezone.now(), connection)
    return LAST_REAL.instances(ids=json.dumps([int(pk) for pk in ids]), now=now)
