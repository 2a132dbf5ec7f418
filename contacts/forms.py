from django import forms

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


class ImportForm(forms.Form):
    archive = forms.FileField(
        label="LinkedIn export",
        help_text="The ZIP LinkedIn sent you (or Connections.csv alone).",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.csv"}),
    )
