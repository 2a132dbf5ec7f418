"""The navigation's Help link, to the guide's section about the page shown."""

from django import template

from netcoach import guide

register = template.Library()


@register.simple_tag(takes_context=True)
def help_url(context):
    match = getattr(context.get("request"), "resolver_match", None)
    return guide.help_url(match.view_name if match else None)
