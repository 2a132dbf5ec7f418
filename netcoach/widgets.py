"""Form widgets shared by the apps."""

from django import forms


class DayInput(forms.DateInput):
    """The browser's date picker. Its value is always ISO (2026-11-28), whatever the language:
    Django's default would write the language's input format (28/11/2026 in French), which a
    `type="date"` input shows as empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
