"""Template helpers of the dashboard and the weekly review."""

from functools import cache

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def url_or(name, fallback, *args):
    """The URL named `name`, or the literal `fallback` path while that page is not built yet.

    Pages built by other areas (people, invitations, import, meetings) are linked by name when
    they exist and by their documented path otherwise.
    """
    if not exists(name, len(args)):
        return fallback
    return reverse(name, args=args)


@register.simple_tag
def person_url(contact_id):
    if not exists("contacts:person", 1):
        return f"/people/{contact_id}/"
    return reverse("contacts:person", args=[contact_id])


@cache
def exists(name, arg_count):
    """Whether the URL name is in this build; a failed reverse() is slow, so it is tried once."""
    try:
        reverse(name, args=[1] * arg_count)
    except NoReverseMatch:
        return False
    return True


@register.filter
def signed(number):
    """+4, −2, 0: a change with its sign."""
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"−{-number}"
    return "0"
