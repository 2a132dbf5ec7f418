"""A person's details as their page shows them: `{{ phone|shown_in:region }}` (the user's
national format) and `{{ birthday|age_on:today }}`."""

from django import template

register = template.Library()


@register.filter
def shown_in(detail, region):
    return detail.shown(region)


@register.filter
def age_on(birthday, today):
    return birthday.age_on(today)
