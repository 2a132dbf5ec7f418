from django import forms

from contacts.models import Layer, Preferences, Review


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


# Dashboard and weekly review (area: dashboard)


class LayerForm(forms.Form):
    """A layer 1-4, or empty for the pool."""

    layer = forms.TypedChoiceField(
        choices=[("", "Pool"), *Layer.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )


class ReconnectForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("wrote", "called", "met", "snooze")])


class ReviewStepForm(forms.Form):
    step = forms.IntegerField(min_value=1, max_value=Review.STEPS)
