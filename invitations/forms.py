from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

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
        raise forms.ValidationError(_("Pick a date after today."))
    return value


class RuleForm(forms.ModelForm):
    class Meta:
        model = AcceptanceRule
        fields = ["threshold", "focus_keywords", "talk_first_without_note"]
        labels = {"threshold": gettext_lazy("Accept when this many criteria hold")}
        widgets = {"focus_keywords": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "focus_keywords": gettext_lazy(
                "Your field, sectors and roles, separated by commas "
                "(for example: data engineering, fintech, CTO). Found in a note or headline, "
                "they light up the Pertinence signal."
            ),
        }

    def __init__(self, *args, criteria_count, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria_count = criteria_count

    def clean_threshold(self):
        threshold = self.cleaned_data["threshold"]
        if threshold > self.criteria_count:
            raise forms.ValidationError(
                ngettext(
                    "You have %(count)s criterion: choose at most %(count)s.",
                    "You have %(count)s criteria: choose at most %(count)s.",
                    self.criteria_count,
                )
                % {"count": self.criteria_count}
            )
        return threshold


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "question", "signal"]
        labels = {"name": pgettext_lazy("criterion", "Name"), "question": gettext_lazy("Question")}
        widgets = {"question": forms.TextInput()}


class PresetForm(forms.Form):
    preset = forms.ChoiceField(choices=[(key, p.label) for key, p in PRESETS.items()])


class MoveForm(forms.Form):
    offset = forms.TypedChoiceField(
        choices=[("-1", gettext_lazy("Up")), ("1", gettext_lazy("Down"))], coerce=int
    )


class ReplyTemplateForm(forms.ModelForm):
    class Meta:
        model = ReplyTemplate
        fields = ["name", "text"]
        labels = {
            "name": pgettext_lazy("reply template", "Name"),
            "text": pgettext_lazy("reply template", "Text"),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"text": gettext_lazy("{first_name} is replaced by the person's first name.")}


class DecideForm(forms.Form):
    DECISIONS = [
        (SUGGESTED, gettext_lazy("Take the suggestion")),
        (Decision.ACCEPT, Decision.ACCEPT.label),
        (Decision.IGNORE, Decision.IGNORE.label),
        (Decision.TALK_FIRST, Decision.TALK_FIRST.label),
        (Decision.LATER, Decision.LATER.label),
    ]
    decision = forms.ChoiceField(choices=DECISIONS)
    criteria = ids.ModelMultipleChoiceField(queryset=Criterion.objects.none(), required=False)
    # The criteria netcoach ticked when the invitation came up (hidden): kept with the decision.
    auto_ticked = ids.ModelMultipleChoiceField(queryset=Criterion.objects.none(), required=False)
    reason = forms.CharField(
        max_length=300, required=False, label=gettext_lazy("Reason (a few words)")
    )
    later_until = forms.DateField(
        required=False,
        label=gettext_lazy("Back on"),
        widget=DayInput(),
    )
    pos = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria"].queryset = Criterion.objects.filter(owner=owner)
        self.fields["auto_ticked"].queryset = Criterion.objects.filter(owner=owner)

    def clean_later_until(self):
        return clean_future_date(self.cleaned_data["later_until"])


class ConcludeForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (Decision.ACCEPT, Decision.ACCEPT.label),
            (Decision.IGNORE, Decision.IGNORE.label),
        ]
    )


class BulkForm(forms.Form):
    DECISIONS = [
        (Decision.ACCEPT, Decision.ACCEPT.label),
        (Decision.IGNORE, Decision.IGNORE.label),
        (Decision.TALK_FIRST, Decision.TALK_FIRST.label),
        (Decision.LATER, Decision.LATER.label),
    ]
    invitations = ids.ModelMultipleChoiceField(
        queryset=Invitation.objects.none(),
        error_messages={
            "required": gettext_lazy("Select at least one invitation (x, or tick its box)."),
        },
    )
    decision = forms.ChoiceField(choices=DECISIONS)
    reason = forms.CharField(max_length=300, required=False, label=gettext_lazy("Reason"))
    later_until = forms.DateField(required=False, label=gettext_lazy("Back on"), widget=DayInput())

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
            "required": gettext_lazy(
                "Select the invitations you withdrew (x, or tick their boxes)."
            ),
            "invalid_choice": gettext_lazy("That is not one of your sent invitations."),
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
        labels = {"headline": gettext_lazy("Their headline")}
        widgets = {
            "headline": forms.TextInput(
                attrs={"placeholder": gettext_lazy("Data engineer at Acme")}
            ),
        }


class RecordForm(forms.Form):
    direction = forms.ChoiceField(
        choices=Invitation.Direction.choices,
        initial=Invitation.Direction.INCOMING,
        widget=forms.RadioSelect,
        label=gettext_lazy("Invitation"),
    )
    name = forms.CharField(max_length=300, label=pgettext_lazy("person", "Name"))
    profile_url = forms.CharField(
        max_length=500,
        required=False,
        label=capfirst(gettext_lazy("LinkedIn profile URL")),
        widget=forms.URLInput(attrs={"placeholder": "https://www.linkedin.com/in/…"}),
    )
    message = forms.CharField(
        required=False,
        label=gettext_lazy("Personal note"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    sent_on = forms.DateField(
        initial=timezone.localdate, label=gettext_lazy("Date"), widget=DayInput()
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter the person's name."))
        return name

    def clean_profile_url(self):

        url = self.cleaned_data["profile_url"].strip()
        if url and not normalize.profile_key(url):
            raise forms.ValidationError(
                _("This is not a LinkedIn profile URL (https://www.linkedin.com/in/…).")
            )
        return url

    def clean_sent_on(self):
        sent_on = self.cleaned_data["sent_on"]
        if sent_on > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return sent_on
