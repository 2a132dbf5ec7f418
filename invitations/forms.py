from datetime import timedelta

from django import forms
from django.utils import timezone

from contacts import normalize
from invitations.models import (
    LATER_DAYS,
    PRESETS,
    SENT_FILTERS,
    SUGGESTED,
    AcceptanceRule,
    Criterion,
    Decision,
    Invitation,
    ReplyTemplate,
)
from netcoach import ids
from netcoach.widgets import DayInput


def in_a_week():
    return timezone.localdate() + timedelta(days=LATER_DAYS)


def clean_future_date(value):
    if value is not None and value <= timezone.localdate():
        raise forms.ValidationError("Pick a date after today.")
    return value


class RuleForm(forms.ModelForm):
    class Meta:
        model = AcceptanceRule
        fields = ["threshold", "focus_keywords", "talk_first_without_note"]
        labels = {"threshold": "Accept when this many criteria hold"}
        widgets = {"focus_keywords": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "focus_keywords": "Your field, sectors and roles, separated by commas "
            "(for example: data engineering, fintech, CTO). Found in a note or headline, "
            "they light up the Pertinence signal.",
        }

    def __init__(self, *args, criteria_count, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria_count = criteria_count

    def clean_threshold(self):
        threshold = self.cleaned_data["threshold"]
        if threshold > self.criteria_count:
            raise forms.ValidationError(
                f"You have {self.criteria_count} criteria: choose at most {self.criteria_count}."
            )
        return threshold


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "question"]
        widgets = {"question": forms.TextInput()}


class PresetForm(forms.Form):
    preset = forms.ChoiceField(choices=[(key, p.label) for key, p in PRESETS.items()])


class MoveForm(forms.Form):
    offset = forms.TypedChoiceField(choices=[("-1", "Up"), ("1", "Down")], coerce=int)


class ReplyTemplateForm(forms.ModelForm):
    class Meta:
        model = ReplyTemplate
        fields = ["name", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"text": "{first_name} is replaced by the person's first name."}


class DecideForm(forms.Form):
    DECISIONS = [
        (SUGGESTED, "Take the suggestion"),
        (Decision.ACCEPT, "Accept"),
        (Decision.IGNORE, "Ignore"),
        (Decision.TALK_FIRST, "Talk first"),
        (Decision.LATER, "Later"),
    ]
    decision = forms.ChoiceField(choices=DECISIONS)
    criteria = ids.ModelMultipleChoiceField(queryset=Criterion.objects.none(), required=False)
    reason = forms.CharField(max_length=300, required=False, label="Reason (a few words)")
    later_until = forms.DateField(
        required=False,
        label="Back on",
        widget=DayInput(),
    )
    pos = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].queryset = Criterion.objects.filter(owner=owner)

    def clean_later_until(self):
        return clean_future_date(self.cleaned_data["later_until"])


class ConcludeForm(forms.Form):
    decision = forms.ChoiceField(choices=[(Decision.ACCEPT, "Accept"), (Decision.IGNORE, "Ignore")])


class BulkForm(forms.Form):
    DECISIONS = [
        (Decision.ACCEPT, "Accept"),
        (Decision.IGNORE, "Ignore"),
        (Decision.TALK_FIRST, "Talk first"),
        (Decision.LATER, "Later"),
    ]
    invitations = ids.ModelMultipleChoiceField(
        queryset=Invitation.objects.none(),
        error_messages={"required": "Select at least one invitation (x, or tick its box)."},
    )
    decision = forms.ChoiceField(choices=DECISIONS)
    reason = forms.CharField(max_length=300, required=False)
    later_until = forms.DateField(required=False, label="Back on", widget=DayInput())

    def __init__(self, *args, queue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitations"].queryset = queue

    def clean_later_until(self):
        return clean_future_date(self.cleaned_data["later_until"])


class WithdrawForm(forms.Form):
    """Sent invitations the user withdrew on LinkedIn, ticked on the sent tracker."""

    invitations = ids.ModelMultipleChoiceField(
        queryset=Invitation.objects.none(),
        error_messages={
            "required": "Select the invitations you withdrew (x, or tick their boxes).",
            "invalid_choice": "That is not one of your sent invitations.",
        },
    )
    show = forms.ChoiceField(choices=SENT_FILTERS.items(), required=False)

    def __init__(self, *args, sent, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitations"].queryset = sent


class HeadlineForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["headline"]
        labels = {"headline": "Their headline"}
        widgets = {
            "headline": forms.TextInput(attrs={"placeholder": "Data engineer at Acme"}),
        }


class RecordForm(forms.Form):
    direction = forms.ChoiceField(
        choices=Invitation.Direction.choices,
        initial=Invitation.Direction.INCOMING,
        widget=forms.RadioSelect,
        label="Invitation",
    )
    name = forms.CharField(max_length=300)
    profile_url = forms.CharField(
        max_length=500,
        required=False,
        label="LinkedIn profile URL",
        widget=forms.URLInput(attrs={"placeholder": "https://www.linkedin.com/in/…"}),
    )
    message = forms.CharField(
        required=False, label="Personal note", widget=forms.Textarea(attrs={"rows": 3})
    )
    sent_on = forms.DateField(initial=timezone.localdate, label="Date", widget=DayInput())

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter the person's name.")
        return name

    def clean_profile_url(self):

        url = self.cleaned_data["profile_url"].strip()
        if url and not normalize.profile_key(url):
            raise forms.ValidationError(
                "This is not a LinkedIn profile URL (https://www.linkedin.com/in/…)."
            )
        return url

    def clean_sent_on(self):
        sent_on = self.cleaned_data["sent_on"]
        if sent_on > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return sent_on
