from django import template

from invitations.models import Invitation

register = template.Library()


@register.simple_tag(takes_context=True)
def to_triage_count(context) -> int:
    """The queue's size for the nav link: one COUNT, or none when the page already has it."""
    if "to_triage_count" in context:
        return context["to_triage_count"]
    user = context["request"].user
    return Invitation.objects.filter(owner=user).to_triage().count()
