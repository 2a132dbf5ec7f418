"""Undo for the quick actions: what an action wrote, kept in the session until it is undone.

An action says which rows it created and which fields it changed (`before(obj, *fields)` taken
first); `offer()` keeps that, with the field values before and after, and gives the token that
the message's Undo button posts to `/undo/` (netcoach.views.undo). `revert()` puts the database
back as it was: created rows are deleted through their `delete()` (so that derived data, such as
the stored scores, follows), changed fields take their old values again through `update()`
(timestamps included) — each only while the row still holds what the action wrote, so an undo
never overwrites a later change. Rows are found through their `owner`, the signed-in user.

Like netcoach/http.py, it imports only Django: the apps use it.
"""

import secrets
from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

SESSION_KEY = "netcoach_undo"
KEPT = 20  # the latest offers; older ones can no longer be undone


@dataclass
class Change:
    """A row's fields before an action, to compare and put back."""

    obj: object
    fields: tuple[str, ...]
    before: dict


def _dump(obj, field_names) -> dict:
    values = {}
    for name in field_names:
        field = obj._meta.get_field(name)
        value = field.value_from_object(obj)
        values[name] = None if value is None else field.value_to_string(obj)
    return values


def _load(model, values: dict) -> dict:
    return {
        name: None if text is None else model._meta.get_field(name).to_python(text)
        for name, text in values.items()
    }


def _stamp(obj) -> tuple[str, ...]:
    return ("updated_at",) if any(f.name == "updated_at" for f in obj._meta.fields) else ()


def before(obj, *fields) -> Change:
    """The fields an action is about to change (and `updated_at`), as they are now."""
    fields = (*fields, *_stamp(obj))
    return Change(obj, fields, _dump(obj, fields))


def _read_back(changes) -> list[dict]:
    """The changed fields as the database holds them now (the action may have written them with
    a queryset `update()`): one query per model."""
    by_model = defaultdict(list)
    for change in changes:
        by_model[type(change.obj)].append(change)
    rows = {}
    for model, group in by_model.items():
        fields = {name for change in group for name in change.fields}
        for obj in model.objects.filter(pk__in=[c.obj.pk for c in group]).only(*fields):
            rows[model, obj.pk] = obj
    return [_dump(rows[type(c.obj), c.obj.pk], c.fields) for c in changes]


def offer(request, *, created=(), changed=(), undone: str) -> str:
    """Keeps what an action did so that it can be undone; `undone` is the message shown then.
    Returns the token for the message's Undo button."""
    token = secrets.token_urlsafe(12)
    entry = {
        "token": token,
        "user": request.user.pk,
        "undone": undone,
        "created": [[obj._meta.label_lower, obj.pk, _dump(obj, _stamp(obj))] for obj in created],
        "changed": [
            [c.obj._meta.label_lower, c.obj.pk, c.before, after]
            for c, after in zip(changed, _read_back(changed), strict=True)
        ],
    }
    kept = [e for e in request.session.get(SESSION_KEY, []) if e["user"] == request.user.pk]
    request.session[SESSION_KEY] = [*kept, entry][-KEPT:]
    return token


def revert(request, token: str) -> str | None:
    """Undoes the action `token` names; returns its "undone" message, or None when there is
    nothing to undo (undone already, forgotten, or changed since)."""
    entries = request.session.get(SESSION_KEY, [])
    entry = next((e for e in entries if e["token"] == token and e["user"] == request.user.pk), None)
    if entry is None:
        return None
    request.session[SESSION_KEY] = [e for e in entries if e is not entry]
    with transaction.atomic():
        rows = []
        for label, pk, *values in entry["created"] + entry["changed"]:
            model = apps.get_model(label)
            obj = model.objects.select_for_update().filter(owner=request.user, pk=pk).first()
            after = values[-1]
            if obj is None or _dump(obj, after) != after:
                return None  # gone, or changed since: nothing is put back
            rows.append((model, obj, values))
        for model, obj, values in rows:
            if len(values) == 1:
                obj.delete()
            else:
                model.objects.filter(pk=obj.pk).update(**_load(model, values[0]))
    return entry["undone"]
