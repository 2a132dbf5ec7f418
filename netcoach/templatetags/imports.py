"""Template helpers of the import summary."""

from django import template

register = template.Library()


@register.filter
def with_status(files_seen, status):
    """The files of an archive (`ImportRun.counts["files_seen"]`) with one status."""
    return [f for f in files_seen or () if f.get("status") == status]
