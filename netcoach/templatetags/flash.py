"""The flash messages of every page (templates/includes/flash.html)."""

from django import template

from netcoach.http import undo_token

register = template.Library()

register.filter("undo_token", undo_token)
