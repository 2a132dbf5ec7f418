"""Forms of the pages that span both apps: the Import page, "Your data", the weekly review."""

from django import forms
from django.conf import settings

from contacts.models import Review


class ImportNetcoachExportForm(forms.Form):
    file = forms.FileField(
        label="netcoach export (ZIP)",
        help_text="A ZIP made by “Export everything”, in this copy of netcoach or another one.",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        limit = settings.NETCOACH_MAX_UPLOAD_BYTES
        if file.size > limit:
            raise forms.ValidationError(
                f"This file is larger than {limit // (1024 * 1024)} MB, the largest accepted."
            )
        return file


class DeleteAllDataForm(forms.Form):
    confirm = forms.CharField(
        label="Type DELETE to confirm",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip() != "DELETE":
            raise forms.ValidationError("Type DELETE, in capital letters, to confirm.")
        return "DELETE"


class ImportForm(forms.Form):
    archive = forms.FileField(
        label="LinkedIn export",
        help_text="The ZIP LinkedIn sent you (or Connections.csv alone).",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.csv"}),
    )


class ReconnectForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("wrote", "called", "met", "snooze")])


class ReviewStepForm(forms.Form):
    step = forms.IntegerField(min_value=1, max_value=Review.STEPS)
