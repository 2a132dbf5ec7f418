"""Template helpers of the dashboard and the weekly review."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

register = template.Library()

# A person's standing as the badges write it (docs/architecture.md, "Languages": the glossary).
STATUS_LABELS = {
    "active": pgettext_lazy("status", "active"),
    "due": pgettext_lazy("status", "due"),
    "dormant": pgettext_lazy("status", "dormant"),
}


@register.filter
def signed(number):
    """+4, −2, 0: a change with its sign."""
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"−{-number}"
    return "0"


@register.filter
def status_label(status):
    """ "active", "due", "dormant" in the active language."""
    return STATUS_LABELS.get(status, status)


@register.simple_tag
def priority_title(priority):
    """Where a reconnect priority comes from, as the reason's tooltip says it."""
    title = _("Priority %(score)s = layer weight × min(gap / cadence, 4) = %(overdue)s") % {
        "score": number_format(priority.score, 2),
        "overdue": number_format(priority.overdue, 2),
    }
    terms = [title]
    if priority.follow_up:
        terms.append(_("+ 1 follow-up"))
    if priority.rhythm:
        terms.append(_("+ 0.5 rhythm"))
    if priority.unanswered:
        terms.append(_("− 2 awaiting reply"))
    return " ".join(terms)
