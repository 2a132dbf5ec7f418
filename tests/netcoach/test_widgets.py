import re

import pytest
from django import forms

from netcoach.widgets import LongSelect

CHOICES = [("Europe/Paris", "Europe/Paris"), ('"><script>', "<b>bold</b> & co"), ("", "—")]


def zone_form(widget, value):
    class Zone(forms.Form):
        zone = forms.ChoiceField(choices=CHOICES, widget=widget, help_text="Where you live.")

    form = Zone(data={"zone": value})
    form.is_valid()
    return str(form["zone"])


def markup(html):
    """The HTML without the white space between tags, each tag's attributes in order."""
    html = re.sub(r">\s+<", "><", html.strip())

    def tag(found):
        attributes = sorted(re.findall(r'[\w-]+(?:="[^"]*")?', found[2]))
        return f"<{found[1]} {' '.join(attributes)}>"

    return re.sub(r"<(\w+)([^>]*)>", tag, html)


@pytest.mark.parametrize("value", ["Europe/Paris", '"><script>', "Mars/Olympus"])
def test_a_long_select_writes_the_markup_of_djangos_select(value):
    long = zone_form(LongSelect, value)

    assert markup(long) == markup(zone_form(forms.Select, value))
    assert "<script>" not in long and "<b>" not in long
    assert long.count(" selected") == (value != "Mars/Olympus")
