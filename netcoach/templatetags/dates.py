"""`{{ when|date_as:"WEEKDAY_DATE" }}`: a date in one of the app's named formats, in the
active language (netcoach/formats). Django's own names work too: `date_as:"DATE"`."""

from django import template
from django.template.defaultfilters import date

from netcoach.formats import format_string

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date_as(value, name):
    return date(value, format_string(f"{name}_FORMAT"))
