from django import forms
from django.db.models import Q

from contacts import normalize
from contacts.models import Contact, Interaction, Introduction, Preferences
from contacts.relationships import Layer, Status


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
        # Dunbar's range is 100-250: 150 is an average, not a law (docs/relationship-model.md).
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


MEETING_KINDS = [
    ("met", "In person"),
    ("video", "Video"),
    ("phone", "Phone"),
    ("email", "Email"),
    ("other", "Other"),
]


class MeetingForm(forms.Form):
    """Who, when, kind, where, notes, follow-up: the form used right after meeting someone."""

    contact = forms.ModelMultipleChoiceField(
        queryset=Contact.objects.none(), required=False, label="Who"
    )
    new_name = forms.CharField(label="New person's name", max_length=400, required=False)
    new_company = forms.CharField(label="Company", max_length=300, required=False)
    new_how_we_met = forms.CharField(label="How we met", max_length=500, required=False)
    occurred_at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    kind = forms.ChoiceField(choices=MEETING_KINDS, initial="met", widget=forms.RadioSelect)
    place = forms.CharField(
        label="Where / event",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"list": "recent-places", "autocomplete": "off"}),
    )
    notes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "What did you talk about?"}),
    )
    follow_up_on = forms.DateField(
        label="Follow up on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Contact.objects.owned_by(owner)

    def clean(self):
        data = super().clean()
        if not data.get("contact") and not data.get("new_name", "").strip():
            self.add_error("contact", "Pick someone, or type the name of a new person.")
        if data.get("new_company", "").strip() and not data.get("new_name", "").strip():
            self.add_error("new_name", "Type the new person's name.")
        return data

    def new_people(self):
        name = self.cleaned_data["new_name"].strip()
        if not name:
            return []
        return [
            {
                "name": name,
                "company": self.cleaned_data["new_company"],
                "how_we_met": self.cleaned_data["new_how_we_met"],
            }
        ]


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "Add a note…"}),
        error_messages={"required": "Write something first."},
    )
    follow_up_on = forms.DateField(
        label="Follow up on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Write something first.")
        return text


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[c for c in Interaction.Kind.choices if c[0] != "introduction"], initial="met"
    )
    occurred_at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    direction = forms.ChoiceField(choices=Interaction.Direction.choices, initial="both")
    place = forms.CharField(label="Where / event", max_length=300, required=False)
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LayerForm(forms.Form):
    """A layer 1-4, or empty for the pool."""

    INVALID_MESSAGE = "Choose a layer from 1 (Core) to 4 (Active), or the pool."

    layer = forms.TypedChoiceField(
        choices=[("", "Pool (no layer)"), *Layer.choices],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": INVALID_MESSAGE},
    )


class DismissSuggestionForm(LayerForm):
    """The suggestion said no to: the layer it suggested (empty: the pool) and its direction."""

    direction = forms.ChoiceField(choices=[("in", "Move in"), ("out", "Move out")])

    def clean(self):
        data = super().clean()
        if data.get("direction") == "in" and data.get("layer") is None:
            raise forms.ValidationError("A move in is always to a layer.")
        return data


class TagForm(forms.Form):
    name = forms.CharField(label="Tag", max_length=60)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Type a tag.")
        return name


class ContactForm(forms.ModelForm):
    """The person's identity and the user's own fields; keys are kept by set_identity()."""

    class Meta:
        model = Contact
        fields = [
            "first_name",
            "last_name",
            "company",
            "position",
            "email",
            "profile_url",
            "how_we_met",
            "introduced_by",
        ]
        widgets = {"how_we_met": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A select of 30,000 people is unusable: offer the people in layers, and the current one.
        contact = self.instance
        # What the fields held before this edit: the ones the user changes become theirs.
        self.before = {field: getattr(contact, field) for field in Contact.LINKEDIN_FIELDS}
        choices = Contact.objects.owned_by(contact.owner).exclude(pk=contact.pk)
        self.fields["introduced_by"].queryset = choices.filter(
            Q(layer__isnull=False) | Q(pk=contact.introduced_by_id)
        )
        self.fields["introduced_by"].help_text = "People in your layers."

    def clean_profile_url(self):
        url = self.cleaned_data["profile_url"]
        if url and not normalize.profile_key(url):
            raise forms.ValidationError(
                "Paste a LinkedIn profile address, like https://www.linkedin.com/in/name."
            )
        key = normalize.profile_key(url)
        taken = (
            Contact.objects.owned_by(self.instance.owner)
            .filter(profile_key=key)
            .exclude(pk=self.instance.pk)
        )
        if key and taken.exists():
            raise forms.ValidationError("Another person already has this profile: merge them.")
        return url

    def clean(self):
        data = super().clean()
        if not (data.get("first_name", "").strip() or data.get("last_name", "").strip()):
            self.add_error("first_name", "Give the person a name.")
        return data

    def save(self, commit=True):
        contact = self.instance
        contact.set_identity(
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
            profile_url=self.cleaned_data["profile_url"],
            company=self.cleaned_data["company"],
        )
        contact.keep_edits(self.before)
        return super().save(commit)


class PickContactForm(forms.Form):
    """Picks another of the user's contacts (for an introduction or a merge)."""

    other = forms.ModelChoiceField(queryset=Contact.objects.none(), label="Person")

    def __init__(self, *args, owner, exclude, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = Contact.objects.owned_by(owner).exclude(pk=exclude.pk)
        self.fields["other"].error_messages["required"] = "Pick a person from the list."


class IntroductionForm(PickContactForm):
    direction = forms.ChoiceField(
        choices=Introduction.Direction.choices, initial="made", widget=forms.RadioSelect
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


PEOPLE_SORTS = [
    ("name", "Name A–Z"),
    ("-name", "Name Z–A"),
    ("-last", "Last real interaction, recent first"),
    ("last", "Last real interaction, oldest first"),
    ("-connected", "Connected, recent first"),
    ("connected", "Connected, oldest first"),
]


class PeopleFilterForm(forms.Form):
    """The /people/ filters of the shared contract; invalid values are reported, not ignored."""

    q = forms.CharField(required=False, label="Search")
    # Several values of a field are alternatives: ?layer=1&layer=2 is Core or Close.
    layer = forms.MultipleChoiceField(
        required=False,
        choices=[*[(str(value), label) for value, label in Layer.choices], ("pool", "Pool")],
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.MultipleChoiceField(
        required=False, choices=Status.choices, widget=forms.CheckboxSelectMultiple
    )
    met = forms.ChoiceField(
        required=False,
        label="Met in person",
        choices=[("", "Met or not"), ("yes", "Met in person"), ("never", "Never met")],
    )
    tag = forms.CharField(required=False)
    company = forms.CharField(required=False)
    connected_from = forms.DateField(
        required=False, label="Connected from", widget=forms.DateInput(attrs={"type": "date"})
    )
    connected_to = forms.DateField(
        required=False, label="Connected to", widget=forms.DateInput(attrs={"type": "date"})
    )
    followup = forms.ChoiceField(
        required=False,
        label="Follow-up",
        choices=[("", "Any follow-up"), ("open", "Open follow-up")],
    )
    warm = forms.BooleanField(required=False, label="Warm")
    connection = forms.BooleanField(required=False, label="LinkedIn connections")
    sort = forms.ChoiceField(required=False, choices=PEOPLE_SORTS)

    def filters(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "sort" and v}


class BulkForm(forms.Form):
    ACTIONS = [
        ("set_layer", "Set layer"),
        ("add_tag", "Add tag"),
        ("remove_tag", "Remove tag"),
        ("export", "Export CSV"),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    scope = forms.ChoiceField(
        choices=[("selected", "Selected"), ("all", "All matching")], initial="selected"
    )
    contact = forms.ModelMultipleChoiceField(queryset=Contact.objects.none(), required=False)
    layer = forms.TypedChoiceField(
        choices=[("", "Pool (no layer)"), *Layer.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    tag = forms.CharField(max_length=60, required=False)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Contact.objects.owned_by(owner)

    def clean(self):
        data = super().clean()
        if data.get("scope") == "selected" and not data.get("contact"):
            self.add_error("contact", "Select people first, or apply to all matching.")
        if data.get("action") in ("add_tag", "remove_tag") and not data.get("tag", "").strip():
            self.add_error("tag", "Type the tag.")
        return data
