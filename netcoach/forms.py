"""Forms of the pages that span both apps: the Import page, "Your data", the weekly review."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contacts import time_zones
from contacts.models import Preferences, Review


class SetupForm(UserCreationForm):
    """Django's account creation, as the one-time set-up page asks it.

    What is wrong with the password is said under the password, not under its confirmation;
    and the two password fields keep what was typed when the form comes back, so that fixing
    the username does not mean typing both again (the page is served to this computer only).
    """

    # The browser's time zone, filled in by static/js/setup.js: the new account's days are the
    # user's from the first page. A zone netcoach does not know is left out (the machine's then).
    time_zone = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("password1", "password2"):
            self.fields[name].widget.render_value = True

    def clean_time_zone(self):
        zone = self.cleaned_data.get("time_zone", "")
        return zone if zone in time_zones.zone_names() else ""

    def _post_clean(self):
        forms.ModelForm._post_clean(self)  # the instance, without Django's check on password2
        self.validate_password_for_user(self.instance, password_field_name="password1")


def within_upload_limit(file):
    """`file`, an upload, unless it is larger than the install's limit on uploads."""
    limit = settings.NETCOACH_MAX_UPLOAD_BYTES
    if file.size > limit:
        raise forms.ValidationError(
            gettext("This file is larger than %(size)s MB, the largest accepted.")
            % {"size": limit // (1024 * 1024)}
        )
    return file


class ImportNetcoachExportForm(forms.Form):
    file = forms.FileField(
        label=_("netcoach export (ZIP)"),
        help_text=_("A ZIP made by “Export everything”, in this copy of netcoach or another one."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_file(self):
        return within_upload_limit(self.cleaned_data["file"])


class DeleteAllDataForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type DELETE to confirm"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip() != "DELETE":
            raise forms.ValidationError(gettext("Type DELETE, in capital letters, to confirm."))
        return "DELETE"


class ImportForm(forms.Form):
    archive = forms.FileField(
        label=_("LinkedIn export"),
        help_text=_("The ZIP LinkedIn sent you (or Connections.csv alone)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.csv"}),
    )


class ReconnectForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("wrote", "called", "met", "snooze")])


class CongratulateForm(forms.Form):
    """The review's "I wrote": the message as sent (empty: the draft offered)."""

    message = forms.CharField(required=False, max_length=2000)


class ReviewStepForm(forms.Form):
    step = forms.IntegerField(min_value=1, max_value=Review.STEPS)


class CalendarForm(forms.ModelForm):
    """The calendar's settings (Settings → Calendar): the weekly review's day and time, and
    whether the notes' text goes into the calendar."""

    class Meta:
        model = Preferences
        fields = ["review_weekday", "review_time", "calendar_includes_notes"]
        widgets = {"review_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        help_texts = {
            "review_time": _("In your time zone; the calendar reminds you 15 minutes before."),
            "calendar_includes_notes": _(
                "Off, a follow-up says only whom to follow up with. On, it carries the note: "
                "whoever can read your calendar, its cloud service included, reads it too."
            ),
        }
