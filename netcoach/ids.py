"""Ids from URLs, query strings and forms: digits that fit a database integer, or nothing.

SQLite stores 64-bit integers; a longer number reaching a query raises OverflowError (a server
error). Every id the app reads goes through here: `<id:pk>` in the URLs (a 30-digit id does not
resolve: 404), `parse_id`/`parse_ids` for query strings, and the form fields below (a form
error).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import register_converter

ID = re.compile(r"[0-9]{1,18}")


def parse_id(value) -> int | None:
    """The id `value` holds, or None when it is no id (empty, negative, not a number, too long)."""
    value = str(value or "")
    return int(value) if ID.fullmatch(value) else None


def parse_ids(values) -> list[int]:
    """The ids among `values`, the others dropped."""
    return [pk for pk in map(parse_id, values) if pk is not None]


class IdConverter:
    regex = ID.pattern

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(IdConverter, "id")


class ModelChoiceField(forms.ModelChoiceField):
    """Django's, refusing a value that is no id as an invalid choice rather than failing."""

    def to_python(self, value):
        if value not in self.empty_values and parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing values that are no ids as invalid rather than failing."""

    def _check_values(self, value):
        for pk in value:
            if parse_id(pk) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
