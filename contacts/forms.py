from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from contacts import letters, normalize, phones, time_zones
from contacts.models import (
    Birthday,
    CompanyMark,
    Contact,
    ContactDetail,
    Interaction,
    Introduction,
    Preferences,
    website_href,
)
from contacts.numbers import number
from contacts.relationships import WRITTEN_KINDS, Layer, Status
from netcoach import ids
from netcoach.forms import within_upload_limit
from netcoach.widgets import DayInput, LongSelect

# The settings page's groups: (legend, what its numbers have in common, fields).
PREFERENCE_GROUPS = [
    (
        _("Your language, days and keys"),
        _(
            "The language of netcoach's pages, the time zone it counts your days in, and its "
            "keyboard shortcuts."
        ),
        ["language", "time_zone", "single_key_shortcuts"],
    ),
    (
        _("Phone numbers"),
        _(
            "The country of the numbers you type without their +country code, and the numbers "
            "shown in its national format. Changing it rewrites no number already saved."
        ),
        ["phone_region"],
    ),
    (
        _("Budget and layers"),
        _("How many relationships you keep up with, and how many of them each layer holds."),
        ["budget", "cap_core", "cap_close", "cap_regular"],
    ),
    (
        _("Cadences"),
        _(
            "The most days between real interactions (a meeting, a call, or a written exchange "
            "both ways) before someone of the layer is due."
        ),
        ["cadence_core", "cadence_close", "cadence_regular", "cadence_active", "family_multiplier"],
    ),
    (
        _("Statuses and reminders"),
        _(
            "When someone shows up to reconnect with, turns dormant, is suggested out, has a "
            "broken rhythm or counts as a warm tie."
        ),
        ["reconnect_threshold", "dormant_factor", "move_out_factor", "rhythm_factor", "warm_days"],
    ),
    (
        _("Reconnect priority"),
        _(
            "The order of Reconnect next: layer weight × days of silence ÷ cadence (at most 4), "
            "+1 with an open follow-up, +0.5 when the rhythm is broken, −2 when you wrote in the "
            "last 14 days and got no reply."
        ),
        ["weight_core", "weight_close", "weight_regular", "weight_active"],
    ),
    (_("Score"), "", ["half_life_days"]),
    (
        _("Invitations"),
        "",
        ["stale_invitation_days", "restriction_risk_threshold", "talk_first_days"],
    ),
]


def _range_message(message, low, high) -> str:
    return str(message) % {"low": number(low), "high": number(high)}


# The message of a number out of its range, in the language of the page that shows it.
range_message = lazy(_range_message, str)


class DecimalNumberField(forms.FloatField):
    """A float shown as people write it: 2, not 2.0."""

    def prepare_value(self, value):
        return f"{value:g}" if isinstance(value, float) else value


def setting(kind, label, help_text, low, high, message=None):
    """A number of the relationship model with its range: a cadence or a half-life of 0 would
    divide by zero, and the rules of docs/relationship-model.md make no sense out of these."""
    message = range_message(
        message or _("Choose a number between %(low)s and %(high)s."), low, high
    )
    field = kind(
        label=label,
        help_text=help_text,
        min_value=low,
        max_value=high,
        error_messages={"min_value": message, "max_value": message},
    )
    return field


class PreferencesForm(forms.ModelForm):
    """The numbers of the relationship model (docs/relationship-model.md), each explained."""

    # Budget and layers
    budget = setting(
        forms.IntegerField,
        _("Relationship budget"),
        _(
            "How many relationships you keep up with at once, all layers together; Active holds up "
            "to this many. 150 is Dunbar's average; his range is 100 to 250."
        ),
        100,
        250,
        message=_("Choose a budget between %(low)s and %(high)s."),
    )
    cap_core = setting(
        forms.IntegerField,
        _("Core holds at most"),
        _("Your closest people, about 5 (the innermost layer in the research)."),
        1,
        250,
    )
    cap_close = setting(
        forms.IntegerField,
        _("Close holds at most, with Core"),
        _("About 15, the Core people included: caps count the layers inside them."),
        1,
        250,
    )
    cap_regular = setting(
        forms.IntegerField,
        _("Regular holds at most, with Core and Close"),
        _("About 50, the Core and Close people included."),
        1,
        250,
    )
    # Cadences
    cadence_core = setting(
        forms.IntegerField,
        _("Core cadence (days)"),
        _(
            "Someone in Core is due after this many days without a real interaction; "
            "7 by default, about weekly."
        ),
        1,
        3650,
    )
    cadence_close = setting(
        forms.IntegerField,
        _("Close cadence (days)"),
        _(
            "Someone in Close is due after this many days without a real interaction; "
            "30 by default, about monthly."
        ),
        1,
        3650,
    )
    cadence_regular = setting(
        forms.IntegerField,
        _("Regular cadence (days)"),
        _(
            "Someone in Regular is due after this many days without a real interaction; "
            "180 by default, about twice a year."
        ),
        1,
        3650,
    )
    cadence_active = setting(
        forms.IntegerField,
        _("Active cadence (days)"),
        _(
            "Someone in Active is due after this many days without a real interaction; "
            "365 by default, about once a year."
        ),
        1,
        3650,
    )
    family_multiplier = setting(
        DecimalNumberField,
        _("Family cadence ×"),
        _(
            "Family ties fade less: the cadence of someone marked family is multiplied by this "
            "(1.5: 45 days for a relative in Close)."
        ),
        1,
        5,
    )
    # Statuses and reminders
    reconnect_threshold = setting(
        DecimalNumberField,
        _("On “Reconnect next” after × cadence"),
        _(
            "Someone joins the dashboard's Reconnect next list once silent for this many cadences "
            "(0.8: after 24 days for someone in Close)."
        ),
        0.1,
        10,
    )
    dormant_factor = setting(
        DecimalNumberField,
        _("Dormant after × cadence"),
        _(
            "Past the cadence someone is due; past this many cadences they are dormant and no "
            "longer count in the budget used (2: after 60 days for someone in Close)."
        ),
        1,
        10,
    )
    move_out_factor = setting(
        DecimalNumberField,
        _("Suggest moving out after × cadence"),
        _(
            "A dormant person silent for this many cadences is suggested one layer out "
            "(4: after 120 days for someone in Close)."
        ),
        1,
        20,
    )
    rhythm_factor = setting(
        DecimalNumberField,
        _("Rhythm broken after × their usual interval"),
        _(
            "Someone with at least three real interactions is flagged “rhythm broken” when "
            "the silence passes this many times their median interval (8, where ties were seen "
            "to decay)."
        ),
        1,
        50,
    )
    warm_days = setting(
        forms.IntegerField,
        _("Warm for (days)"),
        _(
            "A tie is warm with a real interaction within this many days: the dashboard's pool and "
            "the Warm filter on People."
        ),
        1,
        3650,
    )
    # Reconnect priority
    weight_core = setting(
        DecimalNumberField,
        _("Core weight"),
        _("How much the silence of someone in Core counts; 4 by default."),
        0,
        10,
    )
    weight_close = setting(
        DecimalNumberField,
        _("Close weight"),
        _("How much the silence of someone in Close counts; 3 by default."),
        0,
        10,
    )
    weight_regular = setting(
        DecimalNumberField,
        _("Regular weight"),
        _("How much the silence of someone in Regular counts; 2 by default."),
        0,
        10,
    )
    weight_active = setting(
        DecimalNumberField,
        _("Active weight"),
        _("How much the silence of someone in Active counts; 1 by default."),
        0,
        10,
    )
    # Score
    half_life_days = setting(
        forms.IntegerField,
        _("Score half-life (days)"),
        _(
            "An interaction counts half as much after this many days in the score that ranks "
            "people for the layer suggestions (180: a meeting is worth 1 today, 0.5 in six "
            "months). Changing it recomputes every score."
        ),
        7,
        3650,
    )
    # Invitations
    stale_invitation_days = setting(
        forms.IntegerField,
        _("Sent invitations are stale after (days)"),
        _(
            "A sent invitation still pending after this many days is stale: a candidate to "
            "withdraw on the Sent list and in step 3 of the weekly review."
        ),
        1,
        365,
    )
    restriction_risk_threshold = setting(
        forms.IntegerField,
        _("Restriction risk threshold (invitations)"),
        _(
            "LinkedIn restricts an account after about five “I don't know this person” answers: "
            "the Sent list warns when this many pending invitations carry no note and go to "
            "people you never met or spoke with."
        ),
        1,
        50,
    )
    talk_first_days = setting(
        forms.IntegerField,
        _("Talk first: no answer after (days)"),
        _(
            "A talk-first invitation still without an answer this many days after you replied "
            "is suggested for ignoring; one answered is suggested for accepting."
        ),
        1,
        365,
    )
    # Each language is named in itself, as language menus do.
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_(
            "The words, dates and numbers of every page, and the default wording of your drafts."
        ),
    )
    single_key_shortcuts = forms.BooleanField(
        label=_("Single-key shortcuts"),
        required=False,
        help_text=_(
            "Keys such as m (log a meeting), j and k (next, previous), 1 to 9 (criteria) and Enter "
            "act at once, anywhere on a page. Turn them off if they get in your way, for "
            "instance with speech input; buttons and Tab work the same."
        ),
    )
    phone_region = forms.ChoiceField(
        label=_("Phone numbers' country"),
        choices=phones.regions,
        widget=LongSelect,
        help_text=_(
            "06 12 34 56 78 typed with France chosen is +33 6 12 34 56 78; numbers of other "
            "countries are shown with their +code."
        ),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=lambda: [(name, name.replace("_", " ")) for name in time_zones.zone_names()],
        widget=LongSelect,
        help_text=_(
            "Your days: today, days since you last spoke, the months of the charts, and the days "
            "your LinkedIn messages are grouped into when you import them."
        ),
    )

    class Meta:
        model = Preferences
        fields = [name for _, _, names in PREFERENCE_GROUPS for name in names]

    def fieldsets(self):
        """(legend, intro, bound fields) for each group of the page."""
        return [
            (legend, intro, [self[n] for n in names]) for legend, intro, names in PREFERENCE_GROUPS
        ]

    def clean(self):
        data = super().clean()
        caps = [data.get(name) for name in ("cap_core", "cap_close", "cap_regular", "budget")]
        if all(c is not None for c in caps) and caps != sorted(caps):
            raise forms.ValidationError(
                _("Caps are cumulative: Core ≤ Close ≤ Regular ≤ budget (5 ≤ 15 ≤ 50 ≤ 150).")
            )
        return data


MEETING_KINDS = [
    ("met", _("In person")),
    ("video", _("Video")),
    ("phone", _("Phone")),
    ("email", _("Email")),
    ("other", pgettext_lazy("interaction", "Other")),
]


# A meeting typed as "now" a minute ahead of the clock is still now.
FUTURE_GRACE = timedelta(minutes=5)


class MeetingForm(forms.Form):
    """A meeting, a call or a message: who, how, when, where, notes and a follow-up.

    The one form for logging one, wherever it is opened (the meeting form, a person's page), and
    for editing it (`Meeting`): the same fields, labels and defaults everywhere.
    """

    contact = ids.ModelMultipleChoiceField(
        queryset=Contact.objects.none(), required=False, label=_("Who")
    )
    new_name = forms.CharField(label=_("New person's name"), max_length=400, required=False)
    new_company = forms.CharField(label=_("Company"), max_length=300, required=False)
    new_how_we_met = forms.CharField(label=_("How we met"), max_length=500, required=False)
    occurred_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    kind = forms.ChoiceField(
        label=_("How"), choices=MEETING_KINDS, initial="met", widget=forms.RadioSelect
    )
    # Only a written exchange that went both ways resets the clock (docs/relationship-model.md).
    direction = forms.ChoiceField(
        label=_("Who wrote"),
        choices=[("both", _("Both of us")), ("from_me", _("I did")), ("to_me", _("They did"))],
        initial="both",
        required=False,
        widget=forms.RadioSelect,
    )
    place = forms.CharField(
        label=_("Where / event"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"list": "recent-places", "autocomplete": "off"}),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("What did you talk about?")}),
    )
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False, widget=DayInput())

    def __init__(self, *args, owner, kind=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.fields["contact"].queryset = Contact.objects.owned_by(owner)
        if kind and kind not in dict(MEETING_KINDS):
            # Editing a kind the form does not offer (a LinkedIn message logged earlier).
            label = dict(Interaction.Kind.choices)[kind]
            self.fields["kind"].choices = [*MEETING_KINDS, (kind, label)]

    @classmethod
    def initial_for(cls, contacts=(), kind="met") -> dict:
        """A new one: now, in person unless `kind` says otherwise, with these people."""
        return {
            "contact": list(contacts),
            "occurred_at": timezone.localtime(),
            "kind": kind if kind in dict(MEETING_KINDS) else "met",
            "direction": "both",
        }

    def chosen(self) -> list[Contact]:
        """The people picked so far, in the order picked: the chips of "Who"."""
        if not self.is_bound:
            return list(self.initial.get("contact", []))
        picked = ids.parse_ids(self.data.getlist("contact"))
        found = Contact.objects.owned_by(self.owner).in_bulk(picked)
        return [found[pk] for pk in dict.fromkeys(picked) if pk in found]

    def clean_occurred_at(self):
        # What is logged happened: what is to come is a follow-up's, and the score, the status and
        # the dashboard count no interaction before its time (a score is refreshed when its
        # person's interactions change, not when time passes).
        when = self.cleaned_data["occurred_at"]
        if when > timezone.now() + FUTURE_GRACE:
            raise forms.ValidationError(
                _("This is still to come: log it once it happened, or add a follow-up for it.")
            )
        return when

    def clean(self):
        data = super().clean()
        if not data.get("contact") and not data.get("new_name", "").strip():
            self.add_error("contact", _("Pick someone, or type the name of a new person."))
        if data.get("new_company", "").strip() and not data.get("new_name", "").strip():
            self.add_error("new_name", _("Type the new person's name."))
        if data.get("kind") not in WRITTEN_KINDS or not data.get("direction"):
            data["direction"] = "both"  # a meeting or a call goes both ways
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

    def details(self) -> dict:
        """What `Contact.log_meeting` and `Meeting.change` take, besides the people."""
        data = self.cleaned_data
        return {
            "new_people": self.new_people(),
            "kind": data["kind"],
            "occurred_at": data["occurred_at"],
            "direction": data["direction"],
            "place": data["place"].strip(),
            "notes": data["notes"],
            "follow_up_on": data["follow_up_on"],
        }


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("Add a note…")}),
        error_messages={"required": _("Write something first.")},
    )
    follow_up_on = forms.DateField(label=_("Follow up on"), required=False, widget=DayInput())

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write something first."))
        return text


class LayerForm(forms.Form):
    """A layer 1-4, or empty for the pool."""

    INVALID_MESSAGE = _("Choose a layer from 1 (Core) to 4 (Active), or the pool.")

    layer = forms.TypedChoiceField(
        choices=[("", _("Pool (no layer)")), *Layer.choices],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": INVALID_MESSAGE},
    )


class DismissSuggestionForm(LayerForm):
    """The suggestion said no to: the layer it suggested (empty: the pool) and its direction."""

    direction = forms.ChoiceField(choices=[("in", _("Move in")), ("out", _("Move out"))])

    def clean(self):
        data = super().clean()
        if data.get("direction") == "in" and data.get("layer") is None:
            raise forms.ValidationError(_("A move in is always to a layer."))
        return data


class TagForm(forms.Form):
    name = forms.CharField(label=_("Tag"), max_length=60)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Type a tag."))
        return name


def clean_profile_url(url: str, contact) -> str:
    """A LinkedIn profile address for `contact`, in any spelling, that none of the owner's other
    contacts has (the profile key is unique per owner)."""
    url = url.strip()
    key = normalize.profile_key(url)
    if url and not key:
        raise forms.ValidationError(
            _("Paste a LinkedIn profile address, like https://www.linkedin.com/in/name.")
        )
    taken = (
        Contact.objects.owned_by(contact.owner).filter(profile_key=key).exclude(pk=contact.pk)
    ).first()
    if key and taken is not None:
        raise forms.ValidationError(
            _(
                "%(person)s already has this profile. If they are the same person, merge them "
                "(Merge… on either page)."
            )
            % {"person": taken}
        )
    return url


class ProfileUrlForm(forms.Form):
    """The profile address the user found for a person netcoach has none for."""

    profile_url = forms.CharField(
        label=_("Their LinkedIn profile address"),
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://www.linkedin.com/in/…"}),
        error_messages={"required": _("Paste the address of their profile first.")},
    )

    def __init__(self, *args, contact, **kwargs):
        super().__init__(*args, **kwargs)
        self.contact = contact

    def clean_profile_url(self):
        return clean_profile_url(self.cleaned_data["profile_url"], self.contact)


class PersonPicker(forms.Widget):
    """One of the user's contacts, picked with the type-ahead (contacts:people_search?pick=)."""

    def __init__(self, *, queryset, attrs=None):
        super().__init__(attrs)
        self.queryset = queryset

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.queryset.filter(pk=value).first() if value else None
        return render_to_string(
            "contacts/includes/person_picker.html",
            {"name": name, "id": (attrs or {}).get("id", f"id_{name}"), "chosen": chosen},
        )

    def id_for_label(self, id_):
        return id_


BIRTHDAY_FIELDS = ("birthday_day", "birthday_month", "birthday_year")


class ContactForm(forms.ModelForm):
    """The person's identity and the user's own fields; keys are kept by set_identity()."""

    birthday_day = forms.TypedChoiceField(
        label=_("Day"),
        choices=[("", "—")] + [(day, day) for day in range(1, 32)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    birthday_month = forms.TypedChoiceField(
        label=_("Month"),
        choices=lambda: [("", "—"), *MONTHS.items()],
        coerce=int,
        empty_value=None,
        required=False,
    )
    birthday_year = forms.IntegerField(
        label=_("Year (if you know it)"),
        min_value=1900,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Contact
        fields = [
            "first_name",
            "last_name",
            "company",
            "position",
            "email",
            "profile_url",
            "city",
            "how_we_met",
            "introduced_by",
            *BIRTHDAY_FIELDS,
        ]
        widgets = {"how_we_met": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        contact = self.instance
        # What the fields held before this edit: the ones the user changes become theirs.
        self.before = {field: getattr(contact, field) for field in Contact.LINKEDIN_FIELDS}
        choices = Contact.objects.owned_by(contact.owner).exclude(pk=contact.pk)
        # Anyone may have introduced them: a select of 30,000 people is unusable, so the person
        # is picked by typing (PersonPicker), among all the user's other contacts.
        self.fields["introduced_by"].queryset = choices
        self.fields["introduced_by"].widget = PersonPicker(queryset=choices)
        self.fields["introduced_by"].help_text = _("Type a name, a company or a position.")
        self.fields["email"].label = _("Main email address")
        self.fields["email"].help_text = _(
            "LinkedIn's, when it gives one: the next imports update it unless you change it."
        )
        year = self.fields["birthday_year"]
        year.max_value = timezone.localdate().year
        year.widget.attrs["max"] = year.max_value
        year.validators.append(MaxValueValidator(year.max_value))

    def main_fields(self):
        """The fields shown one under the other; the birthday's three share a line."""
        return [field for field in self.visible_fields() if field.name not in BIRTHDAY_FIELDS]

    def birthday_fields(self):
        return [self[name] for name in BIRTHDAY_FIELDS]

    def clean_profile_url(self):
        return clean_profile_url(self.cleaned_data["profile_url"], self.instance)

    def clean(self):
        data = super().clean()
        if not (data.get("first_name", "").strip() or data.get("last_name", "").strip()):
            self.add_error("first_name", _("Give the person a name."))
        self._clean_birthday(data)
        return data

    def _clean_birthday(self, data):
        """A day and a month, or neither; the year only with them. 29 February is fine without
        a year (Birthday)."""
        if any(name in self.errors for name in BIRTHDAY_FIELDS):
            return
        day, month, year = (data.get(name) for name in BIRTHDAY_FIELDS)
        if day and not month:
            self.add_error("birthday_month", _("Choose the month of this day too."))
        elif month and not day:
            self.add_error("birthday_day", _("Choose the day of this month too."))
        elif year and not day:
            self.add_error(
                "birthday_day", _("A year alone is no birthday: choose the day and the month too.")
            )
        elif day:
            try:
                Birthday(month, day)
            except ValueError:
                self.add_error("birthday_day", _("This month has no such day."))
                return
            try:
                Birthday(month, day, year)
            except ValueError:
                self.add_error(
                    "birthday_year",
                    _("%(year)s is no leap year: it had no 29 February.") % {"year": year},
                )

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


class DetailForm(forms.Form):
    """One row of the person's phone numbers, addresses or websites; a blank row adds nothing."""

    kind = ""
    label = forms.ChoiceField(
        label=_("Label"),
        choices=ContactDetail.Label.choices,
        initial=ContactDetail.Label.MOBILE,
        required=False,
    )
    value = forms.CharField(max_length=500, required=False)

    def __init__(self, *args, region=phones.DEFAULT_REGION, **kwargs):
        # Every row is read, even one "unchanged" from the details shown: a row's value is what
        # the person has, whatever the management form says of the rows it started with.
        kwargs["empty_permitted"] = False
        super().__init__(*args, **kwargs)
        self.region = region


class PhoneForm(DetailForm):
    kind = ContactDetail.Kind.PHONE
    value = forms.CharField(
        label=_("Phone number"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )

    def unreadable(self) -> bool:
        """Whether the number shown could not be read as one: it is kept as typed."""
        if self.is_bound:
            value = self.cleaned_data.get("value", "") if self.is_valid() else ""
        else:
            value = self.initial.get("value", "")
        return bool(value.strip()) and not phones.read(value, self.region).readable


class EmailForm(DetailForm):
    kind = ContactDetail.Kind.EMAIL
    label = forms.ChoiceField(
        label=_("Label"),
        choices=ContactDetail.Label.choices,
        initial=ContactDetail.Label.HOME,
        required=False,
    )
    value = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Write an email address, like name@example.org.")},
    )


class WebsiteForm(DetailForm):
    kind = ContactDetail.Kind.WEBSITE
    label = None
    value = forms.CharField(
        label=_("Website"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "url", "placeholder": _("example.org")}),
    )

    def clean_value(self):
        value = self.cleaned_data["value"].strip()
        if value and not website_href(value):
            raise forms.ValidationError(
                _("Write a web address, like example.org or https://example.org/page.")
            )
        return value


class DetailFormSet(forms.BaseFormSet):
    def rows(self) -> list[tuple[str, str]]:
        """(label, value) of each row kept, in order."""
        return [
            (
                form.cleaned_data.get("label") or ContactDetail.Label.OTHER,
                form.cleaned_data["value"],
            )
            for form in self.forms
            if form.cleaned_data.get("value") and not form.cleaned_data.get("DELETE")
        ]


def _detail_formset(form_class):
    # One blank row more than the person has: "add another" without JavaScript.
    return forms.formset_factory(
        form_class, formset=DetailFormSet, extra=1, can_delete=True, max_num=50, validate_max=True
    )


PhoneFormSet = _detail_formset(PhoneForm)
EmailFormSet = _detail_formset(EmailForm)
WebsiteFormSet = _detail_formset(WebsiteForm)


class ContactDetailsForms:
    """The person form's phone numbers, email addresses and websites: a formset of each.

    A formset is bound only when the POST holds it (its management form): a form sent without
    them, by an older page or a test, leaves the person's details as they are."""

    FORMSETS = (
        ("phones", PhoneFormSet, ContactDetail.Kind.PHONE, _("Phone numbers")),
        ("emails", EmailFormSet, ContactDetail.Kind.EMAIL, _("Other email addresses")),
        ("websites", WebsiteFormSet, ContactDetail.Kind.WEBSITE, _("Websites")),
    )

    def __init__(self, data=None, *, contact, region):
        self.contact, self.region = contact, region
        details = list(contact.details.all())
        self.formsets = []
        for prefix, formset_class, kind, legend in self.FORMSETS:
            bound = data if data is not None and f"{prefix}-TOTAL_FORMS" in data else None
            initial = [
                {"label": d.label, "value": d.shown(region)} for d in details if d.kind == kind
            ]
            formset = formset_class(
                bound, initial=initial, prefix=prefix, form_kwargs={"region": region}
            )
            formset.kind, formset.legend = kind, legend
            self.formsets.append(formset)

    def __iter__(self):
        return iter(self.formsets)

    def is_valid(self) -> bool:
        return all(formset.is_valid() for formset in self.formsets if formset.is_bound)

    @property
    def errors(self) -> bool:
        return any(formset.total_error_count() for formset in self.formsets if formset.is_bound)

    def save(self) -> list[str]:
        """Writes the bound formsets; the numbers kept as typed (unreadable)."""
        unreadable = []
        with transaction.atomic():
            for formset in self.formsets:
                if formset.is_bound:
                    unreadable += self.contact.set_details(
                        formset.kind, formset.rows(), region=self.region
                    )
        return unreadable


class PickContactForm(forms.Form):
    """Picks another of the user's contacts (for an introduction or a merge)."""

    other = ids.ModelChoiceField(queryset=Contact.objects.none(), label=_("Person"))

    def __init__(self, *args, owner, exclude, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = Contact.objects.owned_by(owner).exclude(pk=exclude.pk)
        self.fields["other"].error_messages["required"] = _("Pick a person from the list.")


class IntroductionForm(PickContactForm):
    direction = forms.ChoiceField(
        choices=Introduction.Direction.choices, initial="made", widget=forms.RadioSelect
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


PEOPLE_SORTS = [
    ("name", _("Name A–Z")),
    ("-name", _("Name Z–A")),
    ("-last", _("Last real interaction, recent first")),
    ("last", _("Last real interaction, oldest first")),
    ("-connected", _("Connected, recent first")),
    ("connected", _("Connected, oldest first")),
]


class PeopleFilterForm(forms.Form):
    """The /people/ filters of the shared contract; invalid values are reported, not ignored."""

    q = forms.CharField(required=False, label=_("Search"))
    # Several values of a field are alternatives: ?layer=1&layer=2 is Core or Close.
    layer = forms.MultipleChoiceField(
        required=False,
        choices=[
            *[(str(value), label) for value, label in Layer.choices],
            ("pool", pgettext_lazy("layer", "Pool")),
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.MultipleChoiceField(
        required=False, choices=Status.choices, widget=forms.CheckboxSelectMultiple
    )
    met = forms.ChoiceField(
        required=False,
        label=_("Met in person"),
        choices=[("", _("Met or not")), ("yes", _("Met in person")), ("never", _("Never met"))],
    )
    tag = forms.CharField(required=False, label=_("Tag"))
    company = forms.CharField(required=False, label=_("Company"))
    mark = forms.MultipleChoiceField(
        required=False,
        label=_("At a company marked"),
        choices=CompanyMark.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    connected_from = forms.DateField(required=False, label=_("Connected from"), widget=DayInput())
    connected_to = forms.DateField(required=False, label=_("Connected to"), widget=DayInput())
    changed_since = forms.DateField(
        required=False,
        label=_("Changed jobs since"),
        widget=DayInput(),
    )
    followup = forms.ChoiceField(
        required=False,
        label=_("Follow-up"),
        choices=[("", _("Any follow-up")), ("open", _("Open follow-up"))],
    )
    warm = forms.BooleanField(required=False, label=_("Warm"))
    connection = forms.BooleanField(required=False, label=_("LinkedIn connections"))
    sort = forms.ChoiceField(required=False, label=_("Sort"), choices=PEOPLE_SORTS)

    def filters(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "sort" and v}


class CompanyMarkForm(forms.Form):
    """One click on a company's mark buttons: `kind` marks it, `unmark` (the pressed button)
    removes the mark it names."""

    company = forms.CharField(max_length=300)
    kind = forms.ChoiceField(required=False, choices=[("", ""), *CompanyMark.Kind.choices])
    unmark = forms.ChoiceField(required=False, choices=[("", ""), *CompanyMark.Kind.choices])

    def clean_company(self):
        company = self.cleaned_data["company"]
        if not normalize.company_key(company):
            raise forms.ValidationError(_("Type the company's name."))
        return company

    def clean(self):
        data = super().clean()
        if not data.get("kind") and not data.get("unmark") and not self.errors:
            self.add_error("kind", _("Choose client, target, competitor or partner."))
        return data

    @property
    def clicked(self) -> str:
        """The kind of the button that was clicked: the one to keep the focus on."""
        return self.cleaned_data.get("kind") or self.cleaned_data.get("unmark") or ""


class CompaniesFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search companies"))
    mark = forms.ChoiceField(
        required=False, label=_("Mark"), choices=[("", _("All")), *CompanyMark.Kind.choices]
    )


class BulkForm(forms.Form):
    ACTIONS = [
        ("set_layer", _("Set layer")),
        ("add_tag", _("Add tag")),
        ("remove_tag", _("Remove tag")),
        ("export_spreadsheet", _("Export for a spreadsheet")),
        ("export", _("Export plain CSV")),
        ("export_vcard", _("Export as vCard")),
        ("write", _("Write to them")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    scope = forms.ChoiceField(
        choices=[("selected", _("Selected")), ("all", _("All matching"))], initial="selected"
    )
    contact = ids.ModelMultipleChoiceField(queryset=Contact.objects.none(), required=False)
    layer = forms.TypedChoiceField(
        choices=[("", _("Pool (no layer)")), *Layer.choices],
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
            self.add_error("contact", _("Select people first, or apply to all matching."))
        if data.get("action") in ("add_tag", "remove_tag") and not data.get("tag", "").strip():
            self.add_error("tag", _("Type the tag."))
        return data


def _field_list() -> str:
    return ", ".join(braced(name) for name in letters.FIELDS)


def _field_words() -> str:
    """ "{first_name} (first name), …": the fields with what they hold, in the user's words."""
    return ", ".join(
        _("%(field)s (%(words)s)") % {"field": braced(name), "words": words}
        for name, words in letters.FIELDS.items()
    )


def braced(name: str) -> str:
    return "{" + name + "}"


class WriteForm(forms.Form):
    """The message to a short list of people ("Write to these"): `contact` is the batch, at most
    `letters.MAX_PEOPLE`; `wrote` the people of it the user says they wrote to."""

    message = forms.CharField(
        label=_("Your message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=lazy(
            lambda: (
                _("Fields are replaced for each person: %(fields)s.") % {"fields": _field_words()}
            ),
            str,
        )(),
    )
    contact = ids.ModelMultipleChoiceField(
        queryset=Contact.objects.none(), widget=forms.MultipleHiddenInput
    )
    wrote = ids.ModelMultipleChoiceField(
        queryset=Contact.objects.none(), required=False, widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = Contact.objects.owned_by(owner)
        self.fields["wrote"].queryset = Contact.objects.owned_by(owner)

    def clean_message(self):
        message = self.cleaned_data["message"]
        unknown = letters.unknown_fields(message)
        if unknown:
            raise forms.ValidationError(
                ngettext_lazy(
                    "Unknown field %(unknown)s: use %(fields)s.",
                    "Unknown fields %(unknown)s: use %(fields)s.",
                    len(unknown),
                )
                % {"unknown": ", ".join(map(braced, unknown)), "fields": _field_list()}
            )
        return message

    def clean_contact(self):
        people = self.cleaned_data["contact"]
        if len(people) > letters.MAX_PEOPLE:
            raise forms.ValidationError(batch_too_big(len(people)))
        return people

    def clean(self):
        data = super().clean()
        if self.data.get("action") == "wrote" and "contact" in data:
            batch = {person.pk for person in data["contact"]}
            wrote = [person for person in data.get("wrote", []) if person.pk in batch]
            if not wrote:
                self.add_error("wrote", _("Tick the people you wrote to."))
            data["wrote"] = wrote
        return data


def batch_too_big(count: int) -> str:
    """Why a list of `count` people is refused: a batch is a few people a piece of news
    concerns, never a broadcast."""
    return _(
        "%(count)s people is more than %(max)s. The same message to more people is a broadcast, "
        "which the methods warn against: people answer a message written for them. Narrow the "
        "list to the people this news concerns (a tag, a company, a selection)."
    ) % {"count": number(count), "max": letters.MAX_PEOPLE}


class AddressBookForm(forms.Form):
    file = forms.FileField(
        label=_("Contacts file (.vcf or .csv)"),
        help_text=_(
            "A vCard file from your phone, Google Contacts or Outlook, or their CSV export."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".vcf,.vcard,.csv,text/vcard,text/csv"}),
    )

    def clean_file(self):
        return within_upload_limit(self.cleaned_data["file"])
