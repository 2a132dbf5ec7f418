from django import forms
from django.conf import settings

from contacts.models import Preferences


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Preferences
        fields = [
            "budget",
            "cap_core",
            "cap_close",
            "cap_regular",
            "cadence_core",
            "cadence_close",
            "cadence_regular",
            "cadence_active",
            "weight_core",
            "weight_close",
            "weight_regular",
            "weight_active",
            "family_multiplier",
            "dormant_factor",
            "move_out_factor",
            "rhythm_factor",
            "reconnect_threshold",
            "half_life_days",
            "warm_days",
            "stale_invitation_days",
        ]

    def clean_budget(self):
        budget = self.cleaned_data["budget"]
        # Dunbar's range is 100-250: 150 is an average, not a law (relationship-model.md).
        if not 100 <= budget <= 250:
            raise forms.ValidationError("Choose a budget between 100 and 250.")
        return budget

    def clean(self):
        data = super().clean()
        caps = [data.get(name) for name in ("cap_core", "cap_close", "cap_regular", "budget")]
        if all(c is not None for c in caps) and caps != sorted(caps):
            raise forms.ValidationError(
                "Caps are cumulative: Core ≤ Close ≤ Regular ≤ budget (5 ≤ 15 ≤ 50 ≤ 150)."
            )
        return data


# --- Your data (area: data) ---


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
