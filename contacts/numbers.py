"""Numbers written in the active language: "0.8" and "547.5" in English, "0,8" and "547,5" in
French, and 2 rather than 2.0 (as people write them)."""

from decimal import Decimal

from django.utils import formats


def number(value) -> str:
    """`value` (an int or a float) as people write it, in the active language: 2, 0.8 / 0,8."""
    if isinstance(value, float):
        value = int(value) if value.is_integer() else Decimal(repr(value))
    return formats.number_format(value)
