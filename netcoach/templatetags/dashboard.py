"""Template helpers of the dashboard and the weekly review."""

from django import template

register = template.Library()


@register.filter
def signed(number):
    """+4, −2, 0: a change with its sign."""
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"−{-number}"
    return "0"
