"""Form helpers for templates: whether any field of a form has an error (its error summary)."""

from django import template

register = template.Library()


@register.filter
def field_errors(form) -> bool:
    """Does a field of `form` (not the form as a whole) have an error?"""
    return any(field.errors for field in form)
