"""Template helpers of the dashboard and the weekly review."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def url_or(name, fallback, *args):
    """The URL named `name`, or the literal `fallback` path while that page is not built yet.

    Pages built by other areas (people, invitations, import, meetings) are linked by name when
    they exist and by their documented path otherwise.
    """
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return fallback


@register.simple_tag
def person_url(contact_id):
    try:
        return reverse("contacts:person", args=[contact_id])
    except NoReverseMatch:
        return f"/people/{contact_id}/"


@register.filter
def signed(number):
    """+4, −2, 0: a change with its sign."""
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"−{-number}"
    return "0"
