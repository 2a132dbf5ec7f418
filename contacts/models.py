"""People, what happened with them, and the relationship model of docs/relationship-model.md."""

import hashlib
import math
import secrets
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import models, transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat, Log, NullIf, Power, RowNumber
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from contacts import normalize, phones, relationships, time_zones
from contacts import search as full_text
from contacts.relationships import Layer
from contacts.sql_internals import people_with_last_real_interaction

WEEKDAYS = list(WEEKDAY_NAMES.items())  # (0, "Monday") … (6, "Sunday"), as date.weekday()


class Preferences(models.Model):
    """Every number of the relationship model, with the documented defaults (one row per user)."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences"
    )
    budget = models.PositiveSmallIntegerField(default=150)
    cap_core = models.PositiveSmallIntegerField(default=5)
    cap_close = models.PositiveSmallIntegerField(default=15)
    cap_regular = models.PositiveSmallIntegerField(default=50)
    cadence_core = models.PositiveSmallIntegerField(_("Core cadence (days)"), default=7)
    cadence_close = models.PositiveSmallIntegerField(_("Close cadence (days)"), default=30)
    cadence_regular = models.PositiveSmallIntegerField(_("Regular cadence (days)"), default=180)
    cadence_active = models.PositiveSmallIntegerField(_("Active cadence (days)"), default=365)
    weight_core = models.FloatField(default=4)
    weight_close = models.FloatField(default=3)
    weight_regular = models.FloatField(default=2)
    weight_active = models.FloatField(default=1)
    family_multiplier = models.FloatField(default=1.5)
    dormant_factor = models.FloatField(_("dormant after × cadence"), default=2)
    move_out_factor = models.FloatField(_("suggest moving out after × cadence"), default=4)
    rhythm_factor = models.FloatField(_("rhythm broken after × median interval"), default=8)
    reconnect_threshold = models.FloatField(_("reconnect from × cadence"), default=0.8)
    half_life_days = models.PositiveSmallIntegerField(default=180)
    warm_days = models.PositiveSmallIntegerField(default=90)
    stale_invitation_days = models.PositiveSmallIntegerField(default=21)
    # LinkedIn restricts an account after about five "I don't know this person" answers
    # (docs/methods.md, "The restriction risk").
    restriction_risk_threshold = models.PositiveSmallIntegerField(default=5)
    # A talk-first invitation still unanswered this many days after the decision: suggest ignoring.
    talk_first_days = models.PositiveSmallIntegerField(default=14)
    # The user's days: "today", gaps, months, the import's grouping of messages
    # (docs/relationship-model.md, "Days"). A name of zoneinfo's; the machine's zone by default.
    time_zone = models.CharField(max_length=64, default=time_zones.default_zone_name)
    # The language of the user's pages; empty until their first page, which keeps the one their
    # browser asked for (netcoach.middleware.UserLocaleMiddleware).
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )
    # Shortcuts of one bare key (m, j, 1…, Enter): on by default, off for whoever they get in the
    # way of, such as speech-input users (WCAG 2.1.4). The page tells static/js/app.js so.
    single_key_shortcuts = models.BooleanField(_("single-key shortcuts"), default=True)
    # The country a phone number typed without +country belongs to (contacts/phones.py).
    phone_region = models.CharField(
        _("phone numbers' country"), max_length=2, default=phones.DEFAULT_REGION
    )
    # The calendar (contacts/calendar_feed.py): when the weekly review comes back each week, and
    # whether notes' text goes into it (off: a calendar is often synced to someone's cloud).
    review_weekday = models.PositiveSmallIntegerField(
        _("weekly review day"), choices=WEEKDAYS, default=0
    )
    review_time = models.TimeField(_("weekly review time"), default=time(9, 0))
    calendar_includes_notes = models.BooleanField(
        _("include the notes' text in the calendar"), default=False
    )

    NOT_MODEL_NUMBERS = (
        "time_zone",
        "language",
        "single_key_shortcuts",
        "phone_region",
        "review_weekday",
        "review_time",
        "calendar_includes_notes",
    )

    class Meta:
        verbose_name = _("preferences")
        verbose_name_plural = _("preferences")

    def __str__(self):
        return gettext("Preferences of %(user)s") % {"user": self.owner}

    def save(self, *args, **kwargs):
        default = self._meta.get_field("half_life_days").default
        saved = default if self._state.adding else getattr(self, "_saved_half_life", None)
        super().save(*args, **kwargs)
        # Stored scores are relative to the half-life: a new one recomputes them all.
        if saved is not None and saved != self.half_life_days:
            Contact.objects.filter(owner_id=self.owner_id).refresh_scores(self.half_life_days)
        self._saved_half_life = self.half_life_days

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        prefs = super().from_db(db, field_names, values, **kwargs)
        prefs._saved_half_life = prefs.__dict__.get("half_life_days")
        return prefs

    @classmethod
    def for_user(cls, user) -> "Preferences":
        prefs, _ = cls.objects.get_or_create(owner=user)
        return prefs

    @classmethod
    def defaults(cls) -> dict:
        """Every number of the relationship model with its documented default (the time zone,
        the language, the shortcuts and the calendar's settings are no numbers of the model: a
        reset leaves them)."""
        return {
            f.name: f.default
            for f in cls._meta.concrete_fields
            if f.name not in ("id", "owner", *cls.NOT_MODEL_NUMBERS)
        }

    def differences_from_defaults(self) -> dict[str, tuple]:
        """{field: (the user's value, the default)} for each number the user changed."""
        return {
            name: (getattr(self, name), default)
            for name, default in self.defaults().items()
            if getattr(self, name) != default
        }

    def reset_to_defaults(self) -> dict[str, tuple]:
        """Puts every number back to its default and returns what changed (as
        `differences_from_defaults`); a changed half-life recomputes the scores (`save`)."""
        changed = self.differences_from_defaults()
        for name, default in self.defaults().items():
            setattr(self, name, default)
        self.save()
        return changed

    @classmethod
    def zone_of(cls, owner_id) -> ZoneInfo:
        """The owner's time zone, without creating their preferences."""
        saved = cls.objects.filter(owner_id=owner_id).values_list("time_zone", flat=True)
        return time_zones.zone(saved.first() or time_zones.default_zone_name())

    @property
    def zone(self) -> ZoneInfo:
        return time_zones.zone(self.time_zone)

    @classmethod
    def half_life_of(cls, owner_id) -> int:
        """The owner's score half-life, without creating their preferences."""
        saved = cls.objects.filter(owner_id=owner_id).values_list("half_life_days", flat=True)
        return saved.first() or cls._meta.get_field("half_life_days").default

    def cap(self, layer: int) -> int:
        """The cumulative cap: Close holds at most 15 people including the Core 5."""
        return {
            Layer.CORE: self.cap_core,
            Layer.CLOSE: self.cap_close,
            Layer.REGULAR: self.cap_regular,
            Layer.ACTIVE: self.budget,
        }[layer]

    def cadence(self, layer: int, family: bool = False) -> float:
        days = {
            Layer.CORE: self.cadence_core,
            Layer.CLOSE: self.cadence_close,
            Layer.REGULAR: self.cadence_regular,
            Layer.ACTIVE: self.cadence_active,
        }[layer]
        return days * self.family_multiplier if family else float(days)

    def layer_weight(self, layer: int) -> float:
        return {
            Layer.CORE: self.weight_core,
            Layer.CLOSE: self.weight_close,
            Layer.REGULAR: self.weight_regular,
            Layer.ACTIVE: self.weight_active,
        }[layer]


class CalendarFeed(models.Model):
    """The secret address a calendar app subscribes to (contacts/calendar_feed.py).

    The token is the credential: the feed is the one page without a sign-in. Only its SHA-256
    is kept, so the database (and a backup of it) does not hold a working address; the user
    sees the token once, when it is made. One per owner: making a new one revokes the old.
    """

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return gettext("Calendar feed of %(user)s") % {"user": self.owner}

    @staticmethod
    def hash_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def renew(cls, owner) -> str:
        """A new secret address for `owner`, the old one no longer answering: the token."""
        token = secrets.token_urlsafe(32)
        with transaction.atomic():
            cls.objects.filter(owner=owner).delete()
            cls.objects.create(owner=owner, token_hash=cls.hash_of(token))
        return token

    @classmethod
    def owner_of(cls, token: str):
        """The user whose feed `token` opens, else None. The lookup is by the token's hash: a
        wrong token costs the same unique-index probe as a right one, and nothing compares
        the secret itself character by character."""
        feed = cls.objects.filter(token_hash=cls.hash_of(token)).select_related("owner").first()
        return feed.owner if feed else None


class Tag(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="unique_tag_name_per_owner")
        ]

    def __str__(self):
        return self.name


def local_date(field: str) -> Func:
    """The date of a datetime column in the current time zone, as SQLite text (YYYY-MM-DD).

    Thousands of rows are read as plain dates instead of parsing each datetime in Python: SQLite
    adds the offset the zone had at each moment, one CASE branch per daylight-saving change
    since 1970, newest first (most rows are recent ones, found in the first branches).
    """
    changes = time_zones.offset_changes(timezone.get_current_timezone(), timezone.localdate())

    def shifted(minutes: int) -> Func:
        return Func(
            F(field), Value(f"{minutes:+d} minutes"), function="date", output_field=CharField()
        )

    *since, (_, oldest) = changes
    if not since:
        return shifted(oldest)
    return Case(
        *(When(**{f"{field}__gte": moment}, then=shifted(minutes)) for moment, minutes in since),
        default=shifted(oldest),
        output_field=CharField(),
    )


def latest_introduction(contact) -> dict:
    """Annotations of the latest introduction the user made between `contact` (an OuterRef)
    and someone else: `last_introduced_on` and `last_introduced_to`, the other one's name. The
    status reason names it when it came after the last real interaction."""
    made = Introduction.objects.made_for(contact).order_by("-occurred_on", "-pk")
    other_name = Case(
        When(person=contact, then=Concat("other__first_name", Value(" "), "other__last_name")),
        default=Concat("person__first_name", Value(" "), "person__last_name"),
        output_field=CharField(),
    )
    return {
        "last_introduced_on": Subquery(made.values("occurred_on")[:1]),
        "last_introduced_to": Subquery(made.annotate(name=other_name).values("name")[:1]),
    }


class ContactQuerySet(models.QuerySet):
    def owned_by(self, user):
        return self.filter(owner=user)

    def layered(self):
        return self.filter(layer__isnull=False)

    def with_last_real_interaction(self, now=None):
        """Annotates `last_real_at` and `last_real_kind`: when the clock was last reset, and by
        what (docs/relationship-model.md). The date every page shows beside a status; an
        interaction dated after `now` has not happened yet."""
        latest = (
            Interaction.objects.filter(
                contact=OuterRef("pk"), occurred_at__lte=now or timezone.now()
            )
            .filter(Interaction.REAL)
            .order_by("-occurred_at")
        )
        return self.annotate(
            last_real_at=Subquery(latest.values("occurred_at")[:1]),
            last_real_kind=Subquery(latest.values("kind")[:1]),
            **latest_introduction(OuterRef("pk")),
        )

    def in_order_with_last_real_interaction(self, ids) -> list:
        """The people of `ids`, in that order, annotated by `with_last_real_interaction()`. A
        list picks its page of ids first, then only those people are annotated: SQLite would
        otherwise compute the annotations for every match before sorting.

        Their SQL is compiled once per process (`sql_internals.people_with_last_real_interaction`:
        compiling it cost ten times what running it does) unless this queryset is narrowed."""
        if self.query.has_filters():
            by_id = self.filter(pk__in=ids).with_last_real_interaction().in_bulk()
        else:
            by_id = {person.pk: person for person in people_with_last_real_interaction(ids)}
        return [by_id[pk] for pk in ids if pk in by_id]

    def at_company(self, company: str):
        return self.filter(company_key=normalize.company_key(company))

    def search(self, text: str, owner_id=None):
        """People with every word of `text` in their name, company, position, how we met, tags
        or notes (the full-text index, contacts/search.py: accents and case never matter, each
        word is a prefix). The search page finds the conversations and meetings too.

        `owner_id` narrows the index's rows to the owner's before they meet this queryset."""
        words = full_text.words(text)
        if not words:
            return self.none()
        if getattr(text, "number", ""):  # a phone number: its words or its stored form
            return self.filter(pk__in=RawSQL(*full_text.people_matching_sql(text, owner_id)))
        people = self
        for word in words:
            people = people.filter(pk__in=RawSQL(*full_text.people_matching_sql(word, owner_id)))
        return people

    def type_ahead(self, text: str, limit: int = 8, owner_id=None):
        """The few people matching `text` by name, company or position (the full-text index):
        layered people first. The type-ahead page reads the owner's in this order from one
        statement shaped for SQLite (`search.type_ahead_ids`); this one narrows any queryset."""
        query = full_text.type_ahead_sql(text, owner_id) if len(text.strip()) >= 2 else None
        if query is None:
            return self.none()
        return self.filter(pk__in=RawSQL(*query)).order_by(
            models.F("layer").asc(nulls_last=True), "last_name", "first_name", "pk"
        )[:limit]

    def with_last_interaction_subquery(self):
        """Annotates `last_interaction_at` and `last_interaction_kind`, the latest interaction of
        any kind up to now, with per-row subqueries on the (contact, occurred_at) index: unlike a
        join and GROUP BY, they cost nothing for rows that are not displayed. Shown only when it
        came after the last real interaction, named as what it was (`Contact.later_interaction`)."""
        latest = Interaction.objects.filter(
            contact=OuterRef("pk"), occurred_at__lte=timezone.now()
        ).order_by("-occurred_at")
        return self.annotate(
            last_interaction_at=Subquery(latest.values("occurred_at")[:1]),
            last_interaction_kind=Subquery(latest.values("kind")[:1]),
        )

    def with_status(self, statuses: list[str], prefs: "Preferences", today: date | None = None):
        """Layered people whose standing is one of `statuses`; only layered people have a status,
        so the standing is computed in Python over that bounded subset, in one query."""
        layered = self.layered().with_last_real_interaction()
        ids = [
            c.pk
            for c in layered.only("pk", "layer", "is_family")
            if c.standing(prefs, today).status in statuses
        ]
        return self.filter(pk__in=ids)

    def filter_by(self, params: dict, prefs: "Preferences", today: date | None = None):
        """Applies the /people/ filters of the shared contract to this queryset.

        `params` holds cleaned values of PeopleFilterForm: q, layer, status, met, tag, company,
        mark, connected_from, connected_to, changed_since, followup, warm, connection.
        """
        today = today or timezone.localdate()
        people = self
        if params.get("q"):
            q = full_text.as_searched(params["q"], prefs.phone_region)
            people = people.search(q, prefs.owner_id)
        if layers := params.get("layer"):
            in_layers = Q(layer__in=[int(layer) for layer in layers if layer != "pool"])
            people = people.filter(
                in_layers | Q(layer__isnull=True) if "pool" in layers else in_layers
            )
        # The interaction and note filters read the owner's rows once through their (owner, …)
        # indexes, rather than probing every contact with EXISTS.
        owner = prefs.owner_id
        met = Interaction.objects.filter(owner_id=owner, kind="met").values("contact_id")
        if params.get("met") == "yes":
            people = people.filter(pk__in=met)
        elif params.get("met") == "never":
            people = people.exclude(pk__in=met)
        if params.get("tag"):
            people = people.filter(tags__name=params["tag"])
        if params.get("company"):
            people = people.at_company(params["company"])
        if params.get("mark"):
            people = people.at_marked_companies(owner, params["mark"])
        if params.get("connected_from"):
            people = people.filter(connected_on__gte=params["connected_from"])
        if params.get("connected_to"):
            people = people.filter(connected_on__lte=params["connected_to"])
        if params.get("changed_since"):
            changes = JobChange.objects.filter(owner_id=owner).seen_since(params["changed_since"])
            people = people.filter(pk__in=changes.values("contact_id"))
        if params.get("followup") == "open":
            follow_ups = Note.objects.filter(owner_id=owner).open_follow_ups()
            people = people.filter(pk__in=follow_ups.values("contact_id"))
        if params.get("warm"):
            since = timezone.now() - timedelta(days=prefs.warm_days)
            warm = Interaction.objects.filter(
                Interaction.REAL, owner_id=owner, occurred_at__gte=since
            )
            people = people.filter(pk__in=warm.values("contact_id"))
        if params.get("connection"):
            people = people.filter(is_connection=True)
        if params.get("status"):
            people = people.with_status(params["status"], prefs, today)
        return people

    def talking_never_met(self, prefs: "Preferences"):
        """ "Talk online, never met" (docs/methods.md, "Meet in real life"): people with a real
        exchange in the last `warm_days` days (written both ways, or a call: a video call is
        talking, not meeting) and no meeting in person ever, best score first.

        The /people/ filters warm=1&met=never, ordered down the (owner, score_log2) index:
        everyone on it has a score, since a real exchange gives one.
        """
        return self.filter_by({"warm": True, "met": "never"}, prefs).order_by(
            F("score_log2").desc(nulls_last=True), "-pk"
        )

    SORTS = {
        "name": ["last_name", "first_name", "pk"],
        "-name": ["-last_name", "-first_name", "-pk"],
        "last": [models.F("last_real_at").asc(nulls_first=True), "pk"],
        "-last": [models.F("last_real_at").desc(nulls_last=True), "-pk"],
        "connected": [models.F("connected_on").asc(nulls_last=True), "pk"],
        "-connected": [models.F("connected_on").desc(nulls_last=True), "-pk"],
    }

    def sorted_by(self, sort: str):
        return self.order_by(*self.SORTS.get(sort or "name", self.SORTS["name"]))

    def companies(self, text: str = ""):
        """One row per company key: its most common spelling is not tracked, so `name` is one of
        the spellings (the greatest), with the number of people there; biggest first."""
        rows = self.exclude(company_key="")
        folded = normalize.fold(text)
        if folded:
            rows = rows.filter(company_key__contains=folded)
        return (
            rows.values("company_key")
            .annotate(name=Max("company"), people=models.Count("pk"))
            .order_by("-people", "company_key")
        )

    def at_marked_companies(self, owner_id, kinds):
        """The people at a company the user marked as one of `kinds` (CompanyMark.Kind)."""
        marks = CompanyMark.objects.filter(owner_id=owner_id).keys_of(kinds)
        return self.exclude(company_key="").filter(company_key__in=marks)

    def ties_to(self, company_key: str, limit: int = 20) -> tuple[list["Contact"], int]:
        """The people outside the company `company_key` known to know someone there: who
        introduced the user to someone there (`introduced_by`), whom the user introduced to
        someone there or asked for an introduction to them (`Introduction`), who was at a
        meeting with someone there (a shared `meeting_key`). The first `limit` of them, layered
        people first, each with `ties`: (how, the person there); and how many in all.

        Four queries whatever the network's size; the people who left the company are
        `JobChangeQuerySet.leavers_of`'s.
        """
        rows = list(
            self.filter(company_key=company_key)
            .order_by()
            .values_list("pk", "introduced_by_id", "owner_id")
        )
        insiders = {pk: introducer for pk, introducer, _owner in rows}
        if not insiders:
            return [], 0
        owner = rows[0][2]
        ties: dict[int, list[tuple[str, int]]] = {}

        def tie(knower, how, insider):
            if knower and knower not in insiders:
                ties.setdefault(knower, []).append((how, insider))

        for insider, knower in insiders.items():
            tie(knower, Tie.INTRODUCED_YOU, insider)
        at_company = Q(person__company_key=company_key) | Q(other__company_key=company_key)
        introductions = Introduction.objects.filter(
            at_company, owner_id=owner, other__isnull=False
        ).values_list("person_id", "other_id", "direction")
        for person, other, direction in introductions:
            if direction == Introduction.Direction.MADE:
                tie(person, Tie.INTRODUCED, other)
                tie(other, Tie.INTRODUCED, person)
            elif other in insiders:
                tie(person, Tie.ASKED, other)
        # Through the partial index of the logged meetings (owner, meeting_key), unordered: in
        # date order SQLite would walk every interaction of the owner instead.
        logged = Interaction.objects.filter(owner_id=owner).exclude(meeting_key="").order_by()
        meetings = logged.filter(contact__company_key=company_key).values("meeting_key")
        at_meetings = logged.filter(meeting_key__in=meetings)
        by_meeting: dict[str, list[int]] = {}
        for key, contact_id in at_meetings.values_list("meeting_key", "contact_id"):
            by_meeting.setdefault(key, []).append(contact_id)
        for people in by_meeting.values():
            inside = [pk for pk in people if pk in insiders]
            for knower in people:
                for insider in inside:
                    tie(knower, Tie.MET_WITH, insider)
        known = Contact.objects.filter(pk__in=[*ties, *{i for t in ties.values() for _h, i in t}])
        by_id = {c.pk: c for c in known}
        knowers = sorted(
            (by_id[pk] for pk in ties if pk in by_id),
            key=lambda c: (c.layer or relationships.POOL, c.last_name, c.first_name, c.pk),
        )
        for knower in knowers[:limit]:
            seen = dict.fromkeys((how, insider) for how, insider in ties[knower.pk])
            knower.ties = [(how, by_id[insider]) for how, insider in seen if insider in by_id]
        return knowers[:limit], len(knowers)

    def bulk_set_layer(self, layer):
        """Places every person of the queryset in `layer` (None: the pool); returns the count.
        Like `Contact.set_layer`, it records when: suggestions respect it for 90 days."""
        now = timezone.now()
        return self.update(layer=layer or None, layer_set_at=now, updated_at=now)

    def bulk_add_tag(self, tag: "Tag") -> int:
        through = Contact.tags.through
        ids = list(self.exclude(tags=tag).values_list("pk", flat=True))
        through.objects.bulk_create([through(contact_id=pk, tag=tag) for pk in ids])
        return len(ids)

    def bulk_remove_tag(self, tag: "Tag") -> int:
        through = Contact.tags.through
        deleted, _ = through.objects.filter(tag=tag, contact__in=self.values("pk")).delete()
        return deleted

    # The dashboard's reads (docs/relationship-model.md): a fixed number of queries for any size.

    def for_dashboard(self, prefs: "Preferences", today: date | None = None):
        """Layered contacts assessed by the relationship model, as `relationships.Person`s.

        `prefs` are the owner's: they hold every number of the model.

        Two queries: the contacts with their open follow-ups and last written / heard dates,
        then the dates of their real interactions (the median interval needs them all).
        """

        today = today or timezone.localdate()
        # The latest interaction each way, as per-person subqueries that walk the covering
        # (owner, contact, occurred_at, kind, direction) index backwards and stop at the first
        # match: a join and GROUP BY would read every interaction of every layered person.
        by_person = Interaction.objects.filter(
            owner_id=prefs.owner_id, contact=OuterRef("pk")
        ).order_by("-occurred_at")
        # An endorsement or an introduction is not a message: neither "you wrote" nor a reply.
        messages = by_person.exclude(kind__in=Interaction.SIGNAL_KINDS)
        written = messages.filter(direction=Interaction.Direction.FROM_ME)
        heard = messages.exclude(direction=Interaction.Direction.FROM_ME)
        rows = (
            self.layered()
            .annotate(
                follow_up_open=Exists(
                    Note.objects.filter(contact=OuterRef("pk")).open_follow_ups()
                ),
                last_written_at=Subquery(written.values("occurred_at")[:1]),
                last_heard_at=Subquery(heard.values("occurred_at")[:1]),
                **latest_introduction(OuterRef("pk")),
            )
            .values(
                "pk",
                "first_name",
                "last_name",
                "layer",
                "is_family",
                "company",
                "position",
                "snoozed_until",
                "follow_up_open",
                "last_written_at",
                "last_heard_at",
                "last_introduced_on",
                "last_introduced_to",
            )
            .order_by()
        )
        people = {}
        for row in rows:
            written, heard = row["last_written_at"], row["last_heard_at"]
            people[row["pk"]] = relationships.Person(
                id=row["pk"],
                name=f"{row['first_name']} {row['last_name']}".strip() or unnamed(row["pk"]),
                layer=row["layer"],
                is_family=row["is_family"],
                company=row["company"],
                position=row["position"],
                follow_up_open=row["follow_up_open"],
                unanswered=written is not None
                and (today - timezone.localdate(written)).days <= relationships.REPLY_WINDOW_DAYS
                and (heard is None or heard < written),
                snoozed=row["snoozed_until"] is not None and row["snoozed_until"] > today,
                snoozed_until=row["snoozed_until"],
                introduced_on=row["last_introduced_on"],
                introduced_to=(row["last_introduced_to"] or "").strip(),
            )
        real = (
            # The owner's id lets SQLite read everything from one covering index.
            Interaction.objects.filter(owner_id=prefs.owner_id, contact__in=self.layered())
            .filter(occurred_at__lte=timezone.now())
            .filter(Interaction.REAL)
            .annotate(day=local_date("occurred_at"))
            .order_by("contact_id", "occurred_at")
            .values_list("contact_id", "day", "kind")
        )
        for contact_id, day, kind in real:
            person = people[contact_id]
            person.real_days.append(date.fromisoformat(day))
            person.last_real_kind = kind
            person.ever_met = person.ever_met or kind in relationships.SPOKEN_KINDS
        return relationships.assess(list(people.values()), prefs, today)

    def pool_counts(self) -> dict[str, int]:
        """Everyone, LinkedIn connections, and how many are in a layer or in the pool."""
        counts = self.aggregate(
            everyone=Count("pk"),
            connections=Count("pk", filter=Q(is_connection=True)),
            layered=Count("pk", filter=Q(layer__isnull=False)),
        )
        counts["unlayered"] = counts["everyone"] - counts["layered"]
        return counts

    def growth_by_year(self) -> list[tuple[int, int]]:
        """(year, connections made that year) from the connected-on dates, first to last year.

        Three queries: the first date, the last, then a count per year over the
        (owner, connected_on) index (see counts_in_ranges).
        """
        dated = self.filter(connected_on__isnull=False)
        # Apart, each is one step down the index; MIN and MAX together scan it.
        first = dated.order_by("connected_on").values_list("connected_on", flat=True).first()
        if first is None:
            return []
        last = dated.order_by("-connected_on").values_list("connected_on", flat=True).first()
        years = range(first.year, last.year + 1)
        rows = counts_in_ranges(
            dated, "connected_on", [(date(y, 1, 1), date(y + 1, 1, 1)) for y in years]
        )
        return [(year, n) for year, (n,) in zip(years, rows, strict=True)]

    # The recency-weighted score S(T) = Σ weight × 0.5^((T − t) / half-life) over the
    # interactions at times t (docs/relationship-model.md, "Layer suggestions"), kept per contact.

    def refresh_scores(self, half_life_days: int) -> int:
        """Recomputes `score_log2` of these contacts from all their interactions and the
        introductions the user made between them and someone else, in one UPDATE.

        log2 S(epoch) = log2 S(now) + (now − epoch) / half-life: computed through S(now), whose
        terms are at most 1, so that no power overflows whatever the half-life. Every path that
        writes interactions or introductions calls it (Interaction.save() and delete(),
        Contact.introduce(), Introduction.delete(), deleting a contact, the importer, merge,
        restore), and so does a change of the half-life.

        An interaction dated in the future has not happened yet and counts from the first refresh
        after its time (the meeting form refuses a day to come; an import or a restore may bring
        one).
        """
        now = timezone.now()
        julian_now = julian_day(now)
        half_life = float(half_life_days)
        age = Value(julian_now) - Func(
            F("occurred_at"), function="julianday", output_field=FloatField()
        )
        score_now = (
            # The owner lets SQLite read from the covering (owner, contact, …) index.
            Interaction.objects.filter(
                owner=OuterRef("owner"), contact=OuterRef("pk"), occurred_at__lte=now
            )
            .order_by()
            .values("contact")
            .annotate(
                score=Sum(
                    Interaction.weight_expression() * Power(Value(0.5), age / Value(half_life)),
                    output_field=FloatField(),
                )
            )
            .values("score")
        )
        # Introductions the user made count for both people, at their weight (never real).
        introduced_age = Value(julian_now) - Func(
            F("occurred_on"), function="julianday", output_field=FloatField()
        )
        introductions_now = (
            # No owner filter: SQLite then walks the person and other indexes (a multi-index
            # OR) instead of every introduction of the owner for each contact.
            Introduction.objects.made_for(OuterRef("pk"))
            .order_by()
            .annotate(
                # A plain SUM, not an aggregate: the subquery needs no GROUP BY to give one row.
                score=Func(
                    Value(Interaction.INTRODUCTION_WEIGHT)
                    * Power(Value(0.5), introduced_age / Value(half_life)),
                    function="SUM",
                    output_field=FloatField(),
                )
            )
            .values("score")
        )
        total = Coalesce(Subquery(score_now), Value(0.0)) + Coalesce(
            Subquery(introductions_now), Value(0.0)
        )
        shift = Value((julian_now - SCORE_EPOCH_JULIAN) / half_life)
        # log2 of a sum that underflowed to 0 is NULL in SQLite: the same as no interaction.
        return self.update(score_log2=Log(Value(2.0), NullIf(total, Value(0.0))) + shift)

    def ranked_by_score(self, prefs: "Preferences", now: datetime | None = None, limit=None):
        """(contact id, name, layer, score at `now`) of people with a score, best first.

        One query down the (owner, score_log2) index: ordering by the stored logarithm is
        ordering by the score at any moment.
        """
        shift = (julian_day(now or timezone.now()) - SCORE_EPOCH_JULIAN) / prefs.half_life_days
        people = (
            self.filter(score_log2__isnull=False)
            .only("first_name", "last_name", "profile_url", "layer", "score_log2")
            .order_by("-score_log2", "-pk")
        )
        if limit:
            people = people[:limit]
        return [(p.pk, str(p), p.layer, 2 ** (p.score_log2 - shift)) for p in people]

    def move_in_candidates(
        self, prefs: "Preferences", now: datetime, today: date, movable=(*Layer, None)
    ):
        """The people whose history fits at least Active, best score first, as
        `relationships.Candidate`s (docs/relationship-model.md, "Move in"); only those now in
        one of the `movable` layers (None: the pool) and not placed in the last 90 days.

        One query down the (owner, score_log2) index, with each person's last real interaction
        as a subquery. SQLite drops whoever could not be suggested: reading them in Python would
        cost 10 µs each, and a first import can give thousands a score from one-way messages
        alone. The rows are read as `fill_layers` asks for them, so that it stops the query once
        the suggestions are found.
        """
        half_life = prefs.half_life_days
        shift = (julian_day(now) - SCORE_EPOCH_JULIAN) / half_life
        last_real = (
            Interaction.objects.filter(
                Interaction.REAL,
                owner_id=prefs.owner_id,
                contact=OuterRef("pk"),
                occurred_at__lte=now,
            )
            .order_by("-occurred_at")
            .values("occurred_at")[:1]
        )

        def for_family(family_value, other):
            return Case(When(is_family=True, then=Value(family_value)), default=Value(other))

        active = {family: prefs.cadence(Layer.ACTIVE, family) for family in (False, True)}
        # A hair under the threshold: the exact comparison is fits()'s, on the score.
        least = {
            family: math.log2(relationships.threshold(cadence, half_life)) + shift - 1e-9
            for family, cadence in active.items()
        }
        since = {
            family: start_of_day(today - timedelta(days=math.floor(cadence)))
            for family, cadence in active.items()
        }
        in_movable = Q(layer__in=[layer for layer in movable if layer is not None])
        if None in movable:
            in_movable |= Q(layer__isnull=True)
        stable_since = now - timedelta(days=relationships.STABLE_DAYS)
        rows = (
            # The lower of the two bounds lets SQLite walk the index range in order.
            self.filter(score_log2__gte=min(least.values()))
            .filter(in_movable)
            .exclude(layer_set_at__gte=stable_since)
            .annotate(last_real_at=Subquery(last_real))
            .filter(
                score_log2__gte=for_family(least[True], least[False]),
                last_real_at__gte=for_family(since[True], since[False]),
            )
            .order_by("-score_log2", "-pk")
            .values_list(
                "pk", "first_name", "last_name", "layer", "is_family", "score_log2", "last_real_at"
            )
        )
        for pk, first, last, layer, family, score_log2, last_real_at in rows.iterator(
            chunk_size=25
        ):
            yield relationships.Candidate(
                id=pk,
                name=f"{first} {last}".strip() or unnamed(pk),
                layer=layer,
                is_family=family,
                score=2 ** (score_log2 - shift),
                gap_days=(today - timezone.localdate(last_real_at)).days,
            )

    def move_in_suggestions(
        self,
        prefs: "Preferences",
        people: list,
        dismissed: relationships.Dismissals,
        today: date,
        now: datetime,
        limit: int = 5,
    ) -> list[relationships.Suggestion]:
        """Who to move into a closer layer, innermost layer first, each with its reason.

        `people` are the layered ones (`for_dashboard`): they hold their places against the
        caps. Two queries: the candidates, then the real interactions behind the reasons of
        the few suggested (none when nobody is, neither when every layer is full).
        """
        placed = Counter(person.layer for person in people)
        movable = relationships.movable_layers(placed, prefs)
        if not movable:
            return []  # every layer is full: nobody can move in without taking one over its cap
        candidates = self.move_in_candidates(prefs, now, today, movable)
        try:
            chosen = relationships.fill_layers(candidates, placed, prefs, dismissed, limit)
        finally:
            candidates.close()
        if not chosen:
            return []
        windows = {
            candidate.id: today
            - timedelta(days=relationships.window_days(prefs.cadence(layer, candidate.is_family)))
            for candidate, layer in chosen
        }
        exchanges = Interaction.objects.filter(owner_id=prefs.owner_id).real_since(windows, now)
        return [
            relationships.move_in_suggestion(candidate, layer, *exchanges[candidate.id], prefs)
            for candidate, layer in chosen
        ]


def counts_in_ranges(queryset, field: str, bounds: list[tuple], counts: dict[str, Q] | None = None):
    """For each [start, end) of `field`, how many rows of `queryset` match each of `counts`
    (or how many rows there are): one list of numbers per range, in the order of `bounds`.

    One SELECT per range, joined by UNION ALL: each walks its stretch of an index on `field`
    and aggregates without sorting, where a single GROUP BY computes a bucket for every row
    and sorts them (2 to 5 times slower at 100,000 rows). The SQL is assembled from the ORM's
    own compiled WHERE clauses, because building the same union from a dozen QuerySets costs
    Django more time than SQLite takes to run it. `queryset` must filter its own table only.
    """
    query = queryset.query
    compiler = query.get_compiler(queryset.db)
    if sum(1 for uses in query.alias_refcount.values() if uses) > 1:
        raise ValueError("counts_in_ranges() counts the rows of one table, without joins.")
    quote = compiler.connection.ops.quote_name
    table = quote(queryset.model._meta.db_table)
    model_field = queryset.model._meta.get_field(field)
    column = f"{table}.{quote(model_field.column)}"
    where, where_params = query.where.as_sql(compiler, compiler.connection)
    aggregates, aggregate_params = [], []
    for condition in (counts or {}).values():
        sql, params = query.build_where(condition).as_sql(compiler, compiler.connection)
        aggregates.append(f"COUNT(*) FILTER (WHERE {sql})")
        aggregate_params += params
    select = ", ".join(aggregates or ["COUNT(*)"])
    arms, params = [], []
    for i, (start, end) in enumerate(bounds):
        conditions = [c for c in (where, f"{column} >= %s", f"{column} < %s") if c]
        arms.append(f"SELECT {i}, {select} FROM {table} WHERE {' AND '.join(conditions)}")
        params += [
            *aggregate_params,
            *where_params,
            model_field.get_db_prep_value(start, compiler.connection),
            model_field.get_db_prep_value(end, compiler.connection),
        ]
    if not arms:
        return []
    with compiler.connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(arms), params)
        rows = sorted(cursor.fetchall())
    return [list(numbers) for _i, *numbers in rows]


SCORE_EPOCH_JULIAN = 2451544.5  # 2000-01-01 00:00 UTC as a Julian day


def start_of_day(day: date) -> datetime:
    """The first instant of `day` in the current time zone."""
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def julian_day(moment: datetime) -> float:
    """The Julian day of an aware datetime, as SQLite's julianday() counts it."""
    return moment.timestamp() / 86400 + 2440587.5


def unnamed(pk) -> str:
    """What a contact with no name and no profile is called: "Contact 12"."""
    return gettext("Contact %(number)s") % {"number": pk}


@dataclass(frozen=True)
class Standing:
    """Where a layered contact stands: status, gap and cadence, with the reason in words."""

    status: str
    gap_days: int | None
    cadence_days: float
    reason: str

    @property
    def status_label(self) -> str:
        """ "Active", "Due", "Dormant" in the active language (`status` is the CSS class)."""
        return relationships.Status(self.status).label


class Contact(models.Model):
    class Source(models.TextChoices):
        LINKEDIN = "linkedin", _("LinkedIn import")
        MANUAL = "manual", _("Entered by hand")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, db_index=False)
    first_name = models.CharField(_("first name"), max_length=200, blank=True)
    last_name = models.CharField(_("last name"), max_length=200, blank=True)
    name_key = models.CharField(max_length=400, blank=True, editable=False)
    profile_url = models.URLField(_("LinkedIn profile URL"), max_length=500, blank=True)
    profile_key = models.CharField(max_length=300, blank=True, editable=False)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    company = models.CharField(_("company"), max_length=300, blank=True)
    company_key = models.CharField(max_length=300, blank=True, editable=False)
    position = models.CharField(_("position"), max_length=500, blank=True)
    connected_on = models.DateField(_("connected on"), null=True, blank=True)
    is_connection = models.BooleanField(
        _("LinkedIn connection"), default=False, help_text=_("Seen in Connections.csv.")
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    layer = models.PositiveSmallIntegerField(
        _("layer"), choices=Layer.choices, null=True, blank=True
    )
    # When the user last set the layer (or the pool): no move-in suggestion contradicts a
    # placement of the last 90 days. Empty: never set in netcoach, or set before it was kept.
    layer_set_at = models.DateTimeField(null=True, blank=True, editable=False)
    is_family = models.BooleanField(_("family"), default=False)
    how_we_met = models.TextField(_("how we met"), blank=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    # A birthday with or without its year (an address book's "--03-15"): day and month together
    # or neither, the year only with them (`Birthday`; the person form checks it).
    birthday_day = models.PositiveSmallIntegerField(_("birthday (day)"), null=True, blank=True)
    birthday_month = models.PositiveSmallIntegerField(_("birthday (month)"), null=True, blank=True)
    birthday_year = models.PositiveSmallIntegerField(_("birthday (year)"), null=True, blank=True)
    # The vCard UID this person leaves netcoach with (and came in with, from an address book):
    # a phone re-importing a later export updates the contact instead of adding a second one.
    # Given the first time it is needed (`vcard_uid`), kept by backups.
    uid = models.CharField(max_length=200, blank=True, editable=False)
    introduced_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="introduced",
        verbose_name=_("introduced by"),
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="contacts", verbose_name=pgettext_lazy("plural", "tags")
    )
    snoozed_until = models.DateField(_("snoozed until"), null=True, blank=True)
    # The recency-weighted interaction score, kept by `ContactQuerySet.refresh_scores()` on
    # every interaction write as log2 of the score at SCORE_EPOCH: unlike the score itself it
    # does not change as time passes, so the dashboard ranks everyone by an index. None: no
    # interaction (a score of 0).
    score_log2 = models.FloatField(null=True, blank=True, editable=False)
    # The fields the user wrote over LinkedIn's, each with LinkedIn's current value: a field
    # named here is the user's, and an import refreshes the value here, never the field
    # (`LINKEDIN_FIELDS`, `take_linkedin_value`).
    linkedin_says = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "profile_key"],
                condition=~Q(profile_key=""),
                name="unique_profile_per_owner",
            )
        ]
        # The owner's foreign key has no index of its own: every index below starts with it.
        indexes = [
            models.Index(fields=["owner", "company_key"]),
            models.Index(fields=["owner", "name_key"]),
            models.Index(fields=["owner", "connected_on"]),
            # The dashboard's pool counts from the index alone.
            models.Index(fields=["owner", "layer", "is_connection"], name="contact_pool_idx"),
            # The layer suggestions: the top of the ranking by score.
            models.Index(fields=["owner", "score_log2"], name="contact_score_idx"),
        ]

    def __str__(self):
        return self.full_name or self.profile_url or unnamed(self.pk)

    def save(self, *args, **kwargs):
        # `score_log2` belongs to refresh_scores(): a contact loaded before an interaction was
        # logged must not write its stale score back.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if f.name not in ("id", "score_log2")
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("contacts:person", args=[self.pk])

    def delete(self, *args, **kwargs):
        # The introductions made with this person go with them: so does their weight in the
        # scores of the people they were introduced to.
        pairs = Introduction.objects.made_for(self).values_list("person_id", "other_id")
        others = {pk for pair in pairs for pk in pair if pk not in (None, self.pk)}
        deleted = super().delete(*args, **kwargs)
        if others:
            Contact.objects.filter(pk__in=others).refresh_scores(
                Preferences.half_life_of(self.owner_id)
            )
        return deleted

    @property
    def birthday(self) -> "Birthday | None":
        if self.birthday_month is None or self.birthday_day is None:
            return None
        return Birthday(self.birthday_month, self.birthday_day, self.birthday_year)

    @birthday.setter
    def birthday(self, value: "Birthday | None"):
        self.birthday_month = value.month if value else None
        self.birthday_day = value.day if value else None
        self.birthday_year = value.year if value else None

    def vcard_uid(self) -> str:
        """The stable UID of this person's vCard, given (and saved) the first time."""
        if not self.uid:
            self.uid = f"urn:uuid:{uuid.uuid4()}"
            Contact.objects.filter(pk=self.pk).update(uid=self.uid)
        return self.uid

    def phones(self) -> list["ContactDetail"]:
        return [d for d in self.details.all() if d.kind == ContactDetail.Kind.PHONE]

    def emails(self) -> list[str]:
        """Every address of this person: LinkedIn's (the `email` field) first, then the others."""
        others = [d.value for d in self.details.all() if d.kind == ContactDetail.Kind.EMAIL]
        first = [self.email] if self.email else []
        return first + [e for e in others if e.lower() != self.email.lower()]

    def email_details(self) -> list["ContactDetail"]:
        return [d for d in self.details.all() if d.kind == ContactDetail.Kind.EMAIL]

    def websites(self) -> list["ContactDetail"]:
        return [d for d in self.details.all() if d.kind == ContactDetail.Kind.WEBSITE]

    def add_detail(self, kind: str, value: str, *, label: str = "", source: str = "") -> bool:
        """Adds a phone number, an address or a website unless this person has it already (the
        same number, the same address in any case): whether it was added."""
        detail = ContactDetail.build(self, kind, value, label=label, source=source)
        if not detail.value:
            return False
        if ContactDetail.objects.filter(contact=self, kind=kind, key=detail.key).exists() or (
            kind == ContactDetail.Kind.EMAIL and detail.key == self.email.lower()
        ):
            return False
        detail.save()
        return True

    def set_details(self, kind: str, rows: list[tuple[str, str]], *, region: str) -> list:
        """This person's phone numbers, addresses or websites (`kind`) become `rows` of (label,
        value), phone numbers read in `region`. A value written twice is kept once (the same
        number written another way too), an address equal to LinkedIn's is that one, and the
        details kept keep their source. Returns the unreadable numbers, as typed."""
        kept = {d.key or d.value: d for d in ContactDetail.objects.filter(contact=self, kind=kind)}
        seen = {self.email.lower()} if kind == ContactDetail.Kind.EMAIL and self.email else set()
        unreadable = []
        with transaction.atomic():
            for label, value in rows:
                new = ContactDetail.build(self, kind, value, label=label, region=region)
                same = new.key or new.value
                if not new.value or same in seen:
                    continue
                seen.add(same)
                if not new.readable:
                    unreadable.append(new.value)
                old = kept.pop(same, None)
                if old is None:
                    new.save()
                elif (old.label, old.value, old.readable) != (new.label, new.value, new.readable):
                    old.label, old.value, old.readable = new.label, new.value, new.readable
                    old.save(update_fields=["label", "value", "readable"])
            ContactDetail.objects.filter(pk__in=[d.pk for d in kept.values()]).delete()
        return unreadable

    # The fields an import writes that the user can edit too.
    LINKEDIN_FIELDS = ("first_name", "last_name", "email", "company", "position")

    def last_real_in_words(self) -> str:
        """ "last met 40 days ago", "no real interaction yet": the status's words for a contact
        annotated by `with_last_real_interaction`, to tell homonyms apart in a picker."""
        if self.last_real_at is None:
            return relationships.last_real_words(None, "")
        gap = (timezone.localdate() - timezone.localdate(self.last_real_at)).days
        return relationships.last_real_words(gap, self.last_real_kind)

    def knows_linkedin_values(self) -> bool:
        """Whether the fields not in `linkedin_says` hold what LinkedIn says: the contact came
        from an import, or an import linked it to a connection."""
        return self.source == self.Source.LINKEDIN or self.is_connection

    def keep_edits(self, before: dict):
        """Records the fields the user just changed from `before` (field: value) as theirs,
        keeping LinkedIn's value beside each; a field set back to LinkedIn's value is
        LinkedIn's again."""
        if not self.knows_linkedin_values():
            return
        says = dict(self.linkedin_says)
        for field in self.LINKEDIN_FIELDS:
            linkedin = says.get(field, before[field])
            if getattr(self, field) == linkedin:
                says.pop(field, None)
            elif getattr(self, field) != before[field] or field in says:
                says[field] = linkedin
        self.linkedin_says = says

    def linkedin_differences(self) -> list[tuple[str, str, str]]:
        """(field, verbose name, LinkedIn's value) where LinkedIn says something else."""
        return [
            (field, self._meta.get_field(field).verbose_name, value)
            for field, value in self.linkedin_says.items()
            if field in self.LINKEDIN_FIELDS and getattr(self, field) != value
        ]

    def take_linkedin_value(self, field: str):
        """The field takes LinkedIn's value, and is LinkedIn's again."""
        if field not in self.linkedin_says:
            return
        value = self.linkedin_says.pop(field)
        if field in ("first_name", "last_name", "company"):
            self.set_identity(**{field: value})
        else:
            setattr(self, field, value)
        self.save()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def job(self) -> str:
        return job_words(self.position, self.company)

    def set_identity(self, *, first_name=None, last_name=None, profile_url=None, company=None):
        """Sets names, profile URL and company with their matching keys kept in step."""
        if first_name is not None:
            self.first_name = first_name.strip()
        if last_name is not None:
            self.last_name = last_name.strip()
        self.name_key = normalize.name_key(self.first_name, self.last_name)
        if profile_url is not None:
            self.profile_url = normalize.canonical_profile_url(profile_url)
            self.profile_key = normalize.profile_key(profile_url)
        if company is not None:
            self.company = company.strip()
            self.company_key = normalize.company_key(self.company)

    def set_profile_url(self, url: str):
        """Saves the LinkedIn profile address the user found for this person (any spelling,
        stored in one), so that the next import and the invitations recorded for them match it."""
        self.set_identity(profile_url=url)
        self.save(update_fields=["profile_url", "profile_key", "updated_at"])

    def log_interaction(
        self,
        kind,
        *,
        occurred_at=None,
        direction="both",
        summary="",
        place="",
        source="entered",
        import_key="",
        meeting_key="",
    ):
        """Records something that happened with this person (a meeting, a call, a message)."""
        return Interaction.objects.create(
            owner=self.owner,
            contact=self,
            kind=kind,
            occurred_at=occurred_at or timezone.now(),
            direction=direction,
            summary=summary,
            place=place,
            source=source,
            import_key=import_key,
            meeting_key=meeting_key,
        )

    def set_layer(self, layer):
        """Places the person in a layer (None: back to the pool). Only ever the user's choice,
        and remembered as such: suggestions do not contradict it for 90 days."""
        self.layer = layer or None
        self.layer_set_at = timezone.now()
        self.save(update_fields=["layer", "layer_set_at", "updated_at"])

    def dismiss_suggestion(self, layer, direction: str) -> "DismissedSuggestion":
        """Hides the suggestion to move this person to `layer` (None: the pool) for 90 days; a
        dismissed move-in comes back earlier only if they come to fit an inner layer."""
        dismissal, _ = DismissedSuggestion.objects.update_or_create(
            owner=self.owner,
            contact=self,
            layer=layer or None,
            direction=direction,
            defaults={"dismissed_at": timezone.now()},
        )
        return dismissal

    def snooze(self, days: int = 7, today: date | None = None):
        """Keeps the person off the reconnect list for `days` days (the weekly review's snooze)."""
        self.snoozed_until = (today or timezone.localdate()) + timedelta(days=days)
        self.save(update_fields=["snoozed_until", "updated_at"])

    def recommendations_received(self):
        """What this person wrote recommending the user, latest first: they are a prescriber,
        the P of PIPU (docs/methods.md). Imported from Recommendations_Received.csv."""
        return self.interactions.filter(Interaction.RECOMMENDED_YOU).order_by("-occurred_at")

    def last_real_interaction(self):
        """The one `with_last_real_interaction()` annotates: real, and not in the future."""
        return (
            self.interactions.filter(Interaction.REAL, occurred_at__lte=timezone.now())
            .order_by("-occurred_at")
            .first()
        )

    @property
    def later_interaction(self) -> tuple[str, datetime] | None:
        """("a one-way message", when) when the latest interaction came after the last real one;
        needs both annotations (`with_last_real_interaction`, `with_last_interaction_subquery`)."""
        at = self.last_interaction_at
        if at is None or (self.last_real_at is not None and at <= self.last_real_at):
            return None
        words = relationships.NOT_REAL_WORDS.get(self.last_interaction_kind)
        return str(words or gettext("an interaction")), at

    def standing(self, prefs: Preferences, today: date | None = None) -> "Standing | None":
        """Status in the layer (active / due / dormant) with its reason, or None for the pool.

        Uses what `with_last_real_interaction()` annotated (no query per contact), else asks
        for it in one query: the last real interaction, and the latest introduction made.
        """
        if self.layer is None:
            return None
        today = today or timezone.localdate()
        names = ("last_real_at", "last_real_kind", "last_introduced_on", "last_introduced_to")
        if hasattr(self, "last_real_at"):
            latest = {name: getattr(self, name, None) for name in names}
        else:
            latest = Contact.objects.filter(pk=self.pk).with_last_real_interaction()
            latest = latest.values(*names).get()
        last_at, last_kind = latest["last_real_at"], latest["last_real_kind"]
        introduced_on = latest["last_introduced_on"]
        cadence = prefs.cadence(self.layer, self.is_family)
        gap = None if last_at is None else (today - timezone.localdate(last_at)).days
        return Standing(
            status=relationships.status_for(gap, cadence, prefs.dormant_factor),
            gap_days=gap,
            cadence_days=cadence,
            reason=relationships.standing_reason(
                self.layer,
                self.is_family,
                gap,
                last_kind or "",
                cadence,
                introduced_days=None if introduced_on is None else (today - introduced_on).days,
                introduced_to=(latest["last_introduced_to"] or "").strip(),
            ),
        )

    @classmethod
    def log_meeting(
        cls,
        owner,
        people=(),
        *,
        new_people=(),
        kind="met",
        occurred_at=None,
        direction="both",
        place="",
        notes="",
        follow_up_on=None,
    ) -> list["Interaction"]:
        """Records one meeting (or call, or message) with several people, in one transaction.

        `new_people` are dicts (name, company, how_we_met) for people not on LinkedIn yet: they
        become contacts entered by hand. Each person gets an Interaction, all sharing one
        `meeting_key`, and a Note tied to it when there are notes or a follow-up date (see
        `Meeting`). Returns the interactions, in the order given.
        """
        occurred_at = occurred_at or timezone.now()
        meeting_key = Meeting.new_key()
        interactions = []
        with transaction.atomic():
            for contact in [*people, *cls.create_new_people(owner, new_people)]:
                interaction = contact.log_interaction(
                    kind,
                    occurred_at=occurred_at,
                    direction=direction,
                    place=place,
                    meeting_key=meeting_key,
                )
                Meeting.write_note(interaction, notes, follow_up_on)
                interactions.append(interaction)
        return interactions

    @classmethod
    def record_messages(cls, owner, messages: list[tuple["Contact", str]]) -> list["Interaction"]:
        """ "I wrote to them": the message each person was sent on LinkedIn, one way until they
        answer (an import then brings the exchange, which takes its place: apply_messages).

        All or nothing, in one transaction: one INSERT for every message, then one UPDATE of
        the scores, whatever the number of people (a batch is at most letters.MAX_PEOPLE).
        """
        now = timezone.now()
        rows = [
            Interaction(
                owner=owner,
                contact=contact,
                kind=Interaction.Kind.LINKEDIN,
                direction=Interaction.Direction.FROM_ME,
                source=Interaction.Source.ENTERED,
                occurred_at=now,
                summary=text.strip(),
            )
            for contact, text in messages
        ]
        with transaction.atomic():
            created = Interaction.objects.bulk_create(rows)
            cls.objects.filter(pk__in=[contact.pk for contact, _ in messages]).refresh_scores(
                Preferences.half_life_of(owner.pk)
            )
        return created

    def coffee_proposal(self) -> str:
        """The meet step's draft: ask someone you only talk to online to meet in person
        (docs/methods.md, "Meet in real life"), in the active language (the user's)."""
        if self.first_name:
            return gettext(
                "Hello %(name)s, we have been talking here for a while: shall we meet for a "
                "coffee? Tell me a day and a place that suit you."
            ) % {"name": self.first_name}
        return gettext(
            "Hello, we have been talking here for a while: shall we meet for a coffee? Tell me "
            "a day and a place that suit you."
        )

    @classmethod
    def create_new_people(cls, owner, new_people) -> list["Contact"]:
        """Contacts entered by hand from dicts of name, company and how_we_met."""
        created = []
        for person in new_people:
            first, _, last = person["name"].strip().partition(" ")
            contact = cls(owner=owner, source=cls.Source.MANUAL)
            contact.how_we_met = person.get("how_we_met", "").strip()
            contact.set_identity(
                first_name=first, last_name=last, company=person.get("company", "")
            )
            contact.save()
            created.append(contact)
        return created

    def add_note(self, text, *, follow_up_on=None) -> "Note":
        return Note.objects.create(
            owner=self.owner, contact=self, text=text.strip(), follow_up_on=follow_up_on
        )

    def _timeline_invitations(self):
        """Their invitations, and a talk-first one not linked yet that has their profile (or
        their name, neither having a profile): their page shows whether they answered."""
        from invitations.models import Invitation

        theirs = Q(contact=self)
        waiting = Q(contact__isnull=True) & Invitation.objects.talk_first_condition()
        if self.profile_key:
            theirs |= waiting & Q(owner=self.owner, profile_key=self.profile_key)
        elif self.name_key:
            theirs |= waiting & Q(owner=self.owner, name_key=self.name_key, profile_key="")
        return Invitation.objects.filter(theirs, owner=self.owner)

    def timeline(self) -> list["TimelineEntry"]:
        """Everything that happened with this person, newest first, in six queries.

        A note written with a meeting is shown inside that meeting's entry, not on its own.
        """
        interactions = list(self.interactions.all())
        by_id = {i.pk: i for i in interactions}
        for interaction in interactions:
            interaction.attached_notes = []
        entries = [TimelineEntry("interaction", i.occurred_at, i) for i in interactions]
        for note in self.notes.all():
            if note.interaction_id in by_id:
                by_id[note.interaction_id].attached_notes.append(note)
            else:
                entries.append(TimelineEntry("note", note.created_at, note))
        for invitation in self._timeline_invitations():
            entries.append(
                TimelineEntry("invitation", invitation.sent_at or invitation.created_at, invitation)
            )
        for change in self.job_changes.all():
            entries.append(TimelineEntry("job_change", change.seen_at, change))
        introductions = Introduction.objects.filter(
            Q(person=self) | Q(other=self), owner=self.owner
        ).select_related("person", "other")
        for introduction in introductions:
            at = datetime.combine(introduction.occurred_on, datetime.min.time())
            entries.append(TimelineEntry("introduction", timezone.make_aware(at), introduction))
        entries.sort(key=lambda entry: entry.at, reverse=True)
        return entries

    def open_follow_ups(self):
        return self.notes.open_follow_ups().order_by("follow_up_on", "pk")

    def add_tag(self, name: str) -> "Tag":
        tag, _ = Tag.objects.get_or_create(owner=self.owner, name=name.strip())
        self.tags.add(tag)
        return tag

    def remove_tag(self, tag: "Tag"):
        self.tags.remove(tag)

    def introduce(self, other, *, direction="made", note="", occurred_on=None):
        """Records that the user put this person in touch with `other` (or asked them to).

        An introduction made counts in both people's scores: theirs are refreshed.
        """
        introduction = Introduction.objects.create(
            owner=self.owner,
            person=self,
            other=other,
            direction=direction,
            note=note.strip(),
            occurred_on=occurred_on or timezone.localdate(),
        )
        Contact.objects.filter(pk__in=[self.pk, getattr(other, "pk", None)]).refresh_scores(
            Preferences.half_life_of(self.owner_id)
        )
        return introduction

    def merge(self, other: "Contact"):
        """Moves everything about `other` (the same person) onto this contact, then deletes it.

        Nothing is lost: interactions, notes, invitations, job changes, introductions on both
        sides, tags and "introduced by" references move; this contact's empty fields are filled
        from `other` (LinkedIn fields and the user's own); texts both sides wrote are kept.
        """
        if other.pk == self.pk or other.owner_id != self.owner_id:
            raise ValueError("Merge two different contacts of the same owner.")
        with transaction.atomic():
            Interaction.objects.filter(contact=other).update(contact=self)
            Note.objects.filter(contact=other).update(contact=self)
            other.invitations.update(contact=self)
            JobChange.objects.filter(contact=other).update(contact=self)
            Introduction.objects.filter(person=other).update(person=self)
            Introduction.objects.filter(other=other).update(other=self)
            Contact.objects.filter(introduced_by=other).exclude(pk=self.pk).update(
                introduced_by=self
            )
            self.tags.add(*other.tags.all())
            have = set(ContactDetail.objects.filter(contact=self).values_list("kind", "key"))
            have |= {(ContactDetail.Kind.EMAIL, self.email.lower())}
            for detail in ContactDetail.objects.filter(contact=other):
                if detail.key and (detail.kind, detail.key) in have:
                    detail.delete()
                else:
                    have.add((detail.kind, detail.key))
                    ContactDetail.objects.filter(pk=detail.pk).update(contact=self)

            self.linkedin_says = {**other.linkedin_says, **self.linkedin_says}
            for field in ("first_name", "last_name", "email", "position"):
                if not getattr(self, field):
                    setattr(self, field, getattr(other, field))
            if not self.company:
                self.company, self.company_key = other.company, other.company_key
            self.name_key = normalize.name_key(self.first_name, self.last_name)
            profile_url, profile_key = other.profile_url, other.profile_key
            if self.connected_on is None:
                self.connected_on = other.connected_on
            self.is_connection = self.is_connection or other.is_connection
            if other.source == self.Source.LINKEDIN:
                self.source = self.Source.LINKEDIN
            if self.layer is None:
                self.layer, self.layer_set_at = other.layer, other.layer_set_at
            self.is_family = self.is_family or other.is_family
            if other.how_we_met.strip() and other.how_we_met.strip() not in self.how_we_met:
                self.how_we_met = "\n".join(filter(None, [self.how_we_met, other.how_we_met]))
            if self.introduced_by_id in (None, other.pk):
                intro = other.introduced_by_id
                self.introduced_by_id = intro if intro != self.pk else None
            if self.snoozed_until is None:
                self.snoozed_until = other.snoozed_until
            if not self.city:
                self.city = other.city
            if self.birthday is None:
                self.birthday = other.birthday
            if not self.uid:
                self.uid = other.uid
            # The profile key is unique per owner: it can move only once `other` is gone.
            other.delete()
            if not self.profile_key and profile_key:
                self.profile_url, self.profile_key = profile_url, profile_key
            self.save()
            Contact.objects.filter(pk=self.pk).refresh_scores(
                Preferences.half_life_of(self.owner_id)
            )
        return self


@dataclass(frozen=True)
class Birthday:
    """A day of the year someone was born on, the year if known."""

    month: int
    day: int
    year: int | None = None

    def __post_init__(self):
        # 29 February is a birthday of any leap year: checked against 2000 when the year is not
        # known.
        date(self.year or 2000, self.month, self.day)

    def as_date(self) -> date:
        """The day itself, to be formatted (in 2000, a leap year, when the year is not known)."""
        return date(self.year or 2000, self.month, self.day)

    def age_on(self, today: date) -> int | None:
        if not self.year:
            return None
        return today.year - self.year - ((today.month, today.day) < (self.month, self.day))

    def next_on_or_after(self, today: date) -> date:
        """The next anniversary from `today` (a 29 February one on the 28th of other years)."""
        for year in (today.year, today.year + 1):
            try:
                day = date(year, self.month, self.day)
            except ValueError:
                day = date(year, 2, 28)
            if day >= today:
                return day
        raise AssertionError("unreachable")

    def iso(self) -> str:
        """vCard's form: "1980-03-15", or "--03-15" without a year."""
        if self.year:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"--{self.month:02d}-{self.day:02d}"


class ContactDetail(models.Model):
    """A phone number, an email address or a website of a person: as many as they have, each
    with a label. LinkedIn's own address stays in `Contact.email`; these are the others."""

    class Kind(models.TextChoices):
        PHONE = "phone", _("phone")
        EMAIL = "email", _("email")
        WEBSITE = "website", _("website")

    class Label(models.TextChoices):
        MOBILE = "mobile", _("mobile")
        WORK = "work", _("work")
        HOME = "home", _("home")
        OTHER = "other", _("other")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        LINKEDIN = "linkedin", _("LinkedIn import")
        ADDRESS_BOOK = "address_book", _("Address book import")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, db_index=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="details")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=10, choices=Label.choices, default=Label.OTHER)
    # A readable phone number in E.164, else as typed; an address or a URL as given.
    value = models.CharField(_("value"), max_length=500)
    # What matching compares (`key_of`): the E.164 number (nothing for an unreadable one), the
    # address in lower case, the URL without its scheme, "www." and final slash.
    key = models.CharField(max_length=500, blank=True, editable=False)
    # False: a phone number that could not be read as one, kept as typed (contacts/phones.py).
    readable = models.BooleanField(default=True, editable=False)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.MANUAL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact detail")
        verbose_name_plural = _("contact details")
        ordering = ["kind", "id"]
        # An address book import finds people by their numbers and addresses.
        indexes = [models.Index(fields=["owner", "kind", "key"], name="contact_detail_key_idx")]

    def __str__(self):
        return self.value

    @classmethod
    def build(cls, contact: Contact, kind: str, value: str, *, label="", source="", region=None):
        """An unsaved detail of `contact`, its value read (a phone number in `region`, the
        owner's by default) and its key made."""
        detail = cls(
            owner_id=contact.owner_id,
            contact=contact,
            kind=kind,
            label=label or cls.Label.OTHER,
            source=source or cls.Source.MANUAL,
        )
        detail.set_value(value, region=region)
        return detail

    def set_value(self, value: str, *, region: str | None = None):
        value = value.strip()
        self.readable = True
        if self.kind == self.Kind.PHONE and value:
            if region is None:
                region = (
                    Preferences.objects.filter(owner_id=self.owner_id)
                    .values_list("phone_region", flat=True)
                    .first()
                )
            phone = phones.read(value, region or phones.DEFAULT_REGION)
            value, self.readable = phone.value, phone.readable
        self.value = value
        self.key = self.key_of(self.kind, value, readable=self.readable)

    @classmethod
    def key_of(cls, kind: str, value: str, *, readable: bool = True) -> str:
        value = value.strip()
        if kind == cls.Kind.PHONE:
            return value if readable and value.startswith("+") else ""
        if kind == cls.Kind.EMAIL:
            return value.lower()
        key = value.lower().split("://", 1)[-1]
        return key.removeprefix("www.").rstrip("/")

    def shown(self, region: str = phones.DEFAULT_REGION) -> str:
        """The value as the user reads it (a phone number in their national format)."""
        if self.kind == self.Kind.PHONE:
            return phones.shown(self.value, region)
        return self.value

    @property
    def href(self) -> str:
        """tel:, mailto: or the website's own address (http:// added when it has none)."""
        if self.kind == self.Kind.PHONE:
            return f"tel:{self.value.replace(' ', '')}" if self.readable else ""
        if self.kind == self.Kind.EMAIL:
            return f"mailto:{self.value}"
        return website_href(self.value)

    @property
    def sms_href(self) -> str:
        return f"sms:{self.value}" if self.kind == self.Kind.PHONE and self.readable else ""


def website_href(value: str) -> str:
    """The link of a website: an http or https address only (https:// added to a bare
    "example.org"), else "": an imported `javascript:` URL must never become a link."""
    if not value or any(c.isspace() or ord(c) < 32 for c in value):
        return ""
    url = value if "://" in value else f"https://{value}"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on "javascript:alert(1)" read as host:port)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return url


class InteractionQuerySet(models.QuerySet):
    def real_per_month(self, months: list[date]) -> list[tuple[date, str, int]]:
        """(first day of the month, kind, count) of real interactions in the given months.

        A month begins at its first instant in the current time zone; the last one ends now.
        Counted month by month over the (owner, occurred_at, …) index (see counts_in_ranges).
        """
        now = timezone.now()
        starts = [
            timezone.make_aware(datetime.combine(month, datetime.min.time())) for month in months
        ]
        rows = counts_in_ranges(
            self.filter(Interaction.REAL),
            "occurred_at",
            list(zip(starts, [*starts[1:], now], strict=True)),
            {kind: Q(kind=kind) for kind in Interaction.REAL_KINDS},
        )
        return [
            (months[i], kind, n)
            for i, row in enumerate(rows)
            for kind, n in zip(Interaction.REAL_KINDS, row, strict=True)
            if n
        ]

    def real_since(self, since: dict[int, date], now: datetime) -> dict[int, tuple[str, int]]:
        """For each contact of `since` (contact id: from which day), the kind of their last real
        interaction up to `now` and how many real interactions they had from that day, in one
        query over the contacts' stretches of the (owner, contact, occurred_at, …) index."""
        rows = (
            self.filter(Interaction.REAL, contact_id__in=list(since))
            .filter(occurred_at__gte=start_of_day(min(since.values())), occurred_at__lte=now)
            .annotate(day=local_date("occurred_at"))
            .order_by("contact_id", "occurred_at")
            .values_list("contact_id", "day", "kind")
        )
        found = dict.fromkeys(since, ("", 0))
        firsts = {contact_id: day.isoformat() for contact_id, day in since.items()}
        for contact_id, day, kind in rows:
            if day >= firsts[contact_id]:
                found[contact_id] = (kind, found[contact_id][1] + 1)
        return found

    def reach_counts(self, prefs: "Preferences", now: datetime | None = None) -> dict[str, int]:
        """How many people were ever met in person, how many are warm (a real interaction in
        the last `warm_days` days), and how many of those were never met: the count of
        `ContactQuerySet.talking_never_met`, read from the warm rows already counted (a dozen
        milliseconds at 100,000 interactions, where counting that queryset takes fifty)."""
        now = now or timezone.now()
        met = self.filter(kind=Interaction.Kind.MET)
        ever_met = met.aggregate(n=Count("contact", distinct=True))
        warm = (
            self.filter(Interaction.REAL)
            .filter(occurred_at__gte=now - timedelta(days=prefs.warm_days), occurred_at__lte=now)
            .aggregate(
                n=Count("contact", distinct=True),
                never_met=Count(
                    "contact", distinct=True, filter=~Q(contact__in=met.values("contact_id"))
                ),
            )
        )
        return {"met": ever_met["n"], "warm": warm["n"], "to_meet": warm["never_met"]}


class Interaction(models.Model):
    class Kind(models.TextChoices):
        MET = "met", _("Met in person")
        VIDEO = "video", _("Video call")
        PHONE = "phone", _("Phone call")
        EMAIL = "email", _("Email or message")
        LINKEDIN = "linkedin", _("LinkedIn message")
        INTRODUCTION = "introduction", _("Introduction")
        ENDORSEMENT = "endorsement", _("LinkedIn endorsement")
        RECOMMENDATION = "recommendation", _("LinkedIn recommendation")
        OTHER = "other", pgettext_lazy("interaction", "Other")

    class Direction(models.TextChoices):
        FROM_ME = "from_me", _("From me")
        TO_ME = "to_me", _("To me")
        BOTH = "both", _("Both ways")

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered")
        IMPORTED = "imported", _("Imported")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, db_index=False)
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="interactions", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MET)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.BOTH
    )
    summary = models.TextField(_("summary"), blank=True)
    place = models.CharField(_("place or event"), max_length=300, blank=True)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ENTERED
    )
    import_key = models.CharField(max_length=300, blank=True)
    # The interactions logged together, one per person at the table (or on the call), share a
    # key: they are one `Meeting`. Empty: a meeting of one (imported rows, older ones).
    meeting_key = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InteractionQuerySet.as_manager()

    # The rule of relationships.is_real() as a filter: the interactions that reset the clock.
    REAL = Q(kind__in=relationships.SPOKEN_KINDS) | Q(
        kind__in=relationships.WRITTEN_KINDS, direction=relationships.TWO_WAY
    )
    # A recommendation the person wrote for the user: they are a prescriber (the P of PIPU).
    RECOMMENDED_YOU = Q(kind="recommendation") & Q(direction="to_me")
    WEIGHTS = relationships.WEIGHTS
    REAL_KINDS = relationships.REAL_KINDS
    ONE_WAY_WEIGHT = relationships.ONE_WAY_WEIGHT
    INTRODUCTION_WEIGHT = relationships.INTRODUCTION_WEIGHT
    SIGNAL_WEIGHTS = relationships.SIGNAL_WEIGHTS
    SIGNAL_KINDS = relationships.SIGNAL_KINDS

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "import_key"],
                condition=~Q(import_key=""),
                name="unique_interaction_import_key",
            )
        ]
        # The foreign keys have no index of their own: (contact, occurred_at) and the (owner, …)
        # indexes start with them, and each index slows the importer's inserts.
        indexes = [
            models.Index(fields=["contact", "occurred_at"]),
            models.Index(fields=["owner", "kind", "occurred_at"]),
            # Covering indexes of the dashboard's reads: the score grouped by
            # contact, the months and warm ties by date, the people ever met by kind.
            models.Index(
                fields=["owner", "contact", "occurred_at", "kind", "direction"],
                name="interaction_by_contact_idx",
            ),
            models.Index(
                fields=["owner", "occurred_at", "kind", "direction", "contact"],
                name="interaction_by_date_idx",
            ),
            models.Index(fields=["owner", "kind", "contact"], name="interaction_by_kind_idx"),
            # A meeting's people; partial, so that imported rows cost it nothing.
            models.Index(
                fields=["owner", "meeting_key"],
                condition=~Q(meeting_key=""),
                name="interaction_meeting_idx",
            ),
        ]

    def __str__(self):
        return gettext("%(kind)s with %(person)s on %(day)s") % {
            "kind": self.get_kind_display(),
            "person": self.contact,
            "day": f"{self.occurred_at:%Y-%m-%d}",
        }

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.refresh_contact_score()

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        self.refresh_contact_score()
        return deleted

    def refresh_contact_score(self):
        Contact.objects.filter(pk=self.contact_id).refresh_scores(
            Preferences.half_life_of(self.owner_id)
        )

    # What to call it in a sentence, with its article: a French noun has a gender, which the
    # article and "this" follow ("la rencontre", "cet appel vidéo").
    THE_NOUNS = {
        "met": _("the meeting"),
        "video": _("the video call"),
        "phone": _("the phone call"),
        "email": _("the email"),
        "linkedin": _("the LinkedIn message"),
        "introduction": _("the introduction"),
        "endorsement": _("the endorsement"),
        "recommendation": _("the recommendation"),
        "other": _("the interaction"),
    }
    THIS_NOUNS = {
        "met": _("this meeting"),
        "video": _("this video call"),
        "phone": _("this phone call"),
        "email": _("this email"),
        "linkedin": _("this LinkedIn message"),
        "introduction": _("this introduction"),
        "endorsement": _("this endorsement"),
        "recommendation": _("this recommendation"),
        "other": _("this interaction"),
    }

    @property
    def the_noun(self) -> str:
        """ "the meeting", "the phone call": "Edit the meeting", "Deleted: the phone call…"."""
        return str(self.THE_NOUNS.get(self.kind, self.THE_NOUNS["other"]))

    @property
    def this_noun(self) -> str:
        """ "this meeting": "Delete this meeting?"."""
        return str(self.THIS_NOUNS.get(self.kind, self.THIS_NOUNS["other"]))

    @property
    def is_real(self) -> bool:
        return relationships.is_real(self.kind, self.direction)

    @property
    def recommended_you(self) -> bool:
        """`RECOMMENDED_YOU` for one interaction."""
        return self.kind == self.Kind.RECOMMENDATION and self.direction == self.Direction.TO_ME

    @property
    def weight(self) -> float:
        if self.kind in self.SIGNAL_WEIGHTS:
            return self.SIGNAL_WEIGHTS[self.kind]
        if self.kind in ("email", "linkedin") and self.direction != self.Direction.BOTH:
            return self.ONE_WAY_WEIGHT
        return self.WEIGHTS.get(self.kind, self.ONE_WAY_WEIGHT)

    @classmethod
    def weight_expression(cls):
        """`weight` as a database expression, for scores summed in one query."""
        return Case(
            *(When(kind=kind, then=Value(weight)) for kind, weight in cls.SIGNAL_WEIGHTS.items()),
            When(
                Q(kind__in=["email", "linkedin"]) & ~Q(direction=cls.Direction.BOTH),
                then=Value(cls.ONE_WAY_WEIGHT),
            ),
            *(When(kind=kind, then=Value(weight)) for kind, weight in cls.WEIGHTS.items()),
            default=Value(cls.ONE_WAY_WEIGHT),
            output_field=FloatField(),
        )


class NoteQuerySet(models.QuerySet):
    def open_follow_ups(self):
        return self.filter(follow_up_on__isnull=False, follow_up_done=False)

    def follow_ups_due(self, today: date | None = None):
        return self.open_follow_ups().filter(follow_up_on__lte=today or timezone.localdate())


class Note(models.Model):
    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered")
        IMPORTED = "imported", _("Imported from LinkedIn")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="notes")
    interaction = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    text = models.TextField(_("note"))
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("follow-up done"), default=False)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.ENTERED
    )
    import_key = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NoteQuerySet.as_manager()

    # The text of a note written only for a follow-up date, in the language of the day it was
    # written (`follow_up_only_texts` knows every language's).
    FOLLOW_UP_ONLY = _("Follow up.")

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "import_key"],
                condition=~Q(import_key=""),
                name="unique_note_import_key",
            )
        ]
        indexes = [models.Index(fields=["owner", "follow_up_done", "follow_up_on"])]

    def __str__(self):
        return self.text[:60]

    def close_follow_up(self):
        self.follow_up_done = True
        self.save(update_fields=["follow_up_done", "updated_at"])

    @classmethod
    def follow_up_only_texts(cls) -> set[str]:
        texts = set()
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                texts.add(str(cls.FOLLOW_UP_ONLY))
        return texts


class Meeting:
    """One meeting, call or message with one or more people, and what was typed with it.

    Not a table: it is the interactions sharing a `meeting_key` (one per person), or a single
    interaction without one; what was typed with it is the note tied to each of them
    (`Note.interaction`), with its follow-up. So it is edited, moved to other people and deleted
    as one, and each person's timeline, score and follow-ups keep working on plain rows.
    """

    def __init__(self, interaction: "Interaction"):
        self.interaction = interaction
        if interaction.meeting_key:
            rows = Interaction.objects.filter(
                owner_id=interaction.owner_id, meeting_key=interaction.meeting_key
            )
        else:
            rows = Interaction.objects.filter(pk=interaction.pk)
        self.interactions = list(rows.select_related("contact").order_by("pk"))
        self.notes = list(
            Note.objects.filter(
                interaction__in=[i.pk for i in self.interactions], source=Note.Source.ENTERED
            ).order_by("pk")
        )

    @staticmethod
    def new_key() -> str:
        return uuid.uuid4().hex

    @property
    def people(self) -> list["Contact"]:
        people = {}
        for interaction in self.interactions:
            people.setdefault(interaction.contact_id, interaction.contact)
        return list(people.values())

    @property
    def note(self) -> "Note | None":
        """The note typed with it: the edited interaction's, else any person's (they hold the
        same text)."""
        own = [n for n in self.notes if n.interaction_id == self.interaction.pk]
        return (own or self.notes or [None])[0]

    @property
    def text(self) -> str:
        note = self.note
        if note is None or (note.text in Note.follow_up_only_texts() and note.follow_up_on):
            return ""
        return note.text

    @property
    def follow_up_on(self) -> date | None:
        return self.note.follow_up_on if self.note else None

    def change(
        self,
        people,
        *,
        new_people=(),
        kind,
        occurred_at,
        direction="both",
        place="",
        notes="",
        follow_up_on=None,
    ) -> list["Interaction"]:
        """Sets who was there, what it was, when and where, and what was typed with it.

        A person taken out gives their interaction (and its note) to a person put in, so a
        meeting saved to the wrong person moves to the right one; people left over lose theirs,
        people added get one. Both the people it left and the people it reached have their
        stored scores refreshed. Returns the interactions, in the order of `people`.
        """
        owner = self.interaction.owner
        with transaction.atomic():
            added = Contact.create_new_people(owner, new_people)
            everyone = list({c.pk: c for c in [*people, *added]}.values())
            wanted = {c.pk for c in everyone}
            staying, leaving = {}, []
            for interaction in self.interactions:
                if interaction.contact_id in wanted and interaction.contact_id not in staying:
                    staying[interaction.contact_id] = interaction
                else:
                    leaving.append(interaction)
            touched = {i.contact_id for i in self.interactions} | wanted
            key = self.interaction.meeting_key or self.new_key()
            by_person = {}
            for contact in everyone:
                interaction = staying.get(contact.pk)
                if interaction is None and leaving:
                    interaction = leaving.pop(0)  # moved: write_note() moves its note
                if interaction is None:
                    interaction = Interaction(owner=owner, source=Interaction.Source.ENTERED)
                interaction.contact = contact
                interaction.kind, interaction.direction = kind, direction
                interaction.occurred_at, interaction.place = occurred_at, place
                interaction.meeting_key = key
                interaction.save()
                by_person[contact.pk] = interaction
            for interaction in leaving:
                Note.objects.filter(interaction=interaction, source=Note.Source.ENTERED).delete()
                interaction.delete()
            for interaction in by_person.values():
                self.write_note(interaction, notes, follow_up_on)
            Contact.objects.filter(pk__in=touched).refresh_scores(
                Preferences.half_life_of(owner.pk)
            )
        return list(by_person.values())

    @staticmethod
    def write_note(interaction: "Interaction", notes: str, follow_up_on: date | None):
        """The note typed with an interaction: written, rewritten, or removed when empty.

        A follow-up whose date changes is open again; one kept at its date stays as it was.
        """
        text = notes.strip()
        note = (
            Note.objects.filter(interaction=interaction, source=Note.Source.ENTERED)
            .order_by("pk")
            .first()
        )
        if not text and not follow_up_on:
            if note is not None:
                note.delete()
            return None
        if note is None:
            note = Note(owner_id=interaction.owner_id, interaction=interaction)
        elif note.follow_up_on != follow_up_on:
            note.follow_up_done = False
        note.contact_id = interaction.contact_id
        note.text = text or str(Note.FOLLOW_UP_ONLY)
        note.follow_up_on = follow_up_on
        note.created_at = interaction.occurred_at
        note.save()
        return note

    def delete(self, *, keep_notes: bool = False):
        """Deletes it for everyone, with what was typed with it; or keeps each person's note
        on their timeline as a note of its own."""
        with transaction.atomic():
            notes = Note.objects.filter(interaction__in=[i.pk for i in self.interactions])
            if keep_notes:
                notes.update(interaction=None)
            else:
                notes.filter(source=Note.Source.ENTERED).delete()
            for interaction in self.interactions:
                interaction.delete()  # refreshes that person's stored score


class IntroductionQuerySet(models.QuerySet):
    def made_for(self, contact):
        """The introductions the user made between `contact` (an id, a contact or an OuterRef)
        and someone else: the ones that count in both people's scores."""
        return self.filter(
            Q(person=contact) | Q(other=contact), direction=Introduction.Direction.MADE
        )


class Introduction(models.Model):
    """Being useful to the network: two contacts put in touch, or an introduction asked for.

    One the user made counts for both people like an interaction of weight
    `INTRODUCTION_WEIGHT` that never resets the clock (docs/relationship-model.md).
    """

    class Direction(models.TextChoices):
        MADE = "made", _("I introduced them")
        ASKED = "asked", _("I asked for an introduction")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.MADE)
    person = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    note = models.TextField(blank=True)
    occurred_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IntroductionQuerySet.as_manager()

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-occurred_on"]

    def __str__(self):
        return f"{self.person} ↔ {self.other}"

    def delete(self, *args, **kwargs):
        people = [self.person_id, self.other_id]
        deleted = super().delete(*args, **kwargs)
        Contact.objects.filter(pk__in=people).refresh_scores(
            Preferences.half_life_of(self.owner_id)
        )
        return deleted


class ImportRunQuerySet(models.QuerySet):
    def linkedin(self):
        """The LinkedIn exports' runs (the Import page's history)."""
        # A JSON key a row lacks compares as NULL: exclude() alone would drop those rows.
        return self.filter(
            models.Q(counts__kind__isnull=True) | ~models.Q(counts__kind=ImportRun.ADDRESS_BOOK)
        )

    def address_books(self):
        """The address books' runs (contacts/address_book/)."""
        return self.filter(counts__kind=ImportRun.ADDRESS_BOOK)


class ImportRun(models.Model):
    """One file imported (or refused), kept for the import history: a LinkedIn export, or an
    address book (`counts["kind"] == "address_book"`)."""

    ADDRESS_BOOK = "address_book"

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    file_name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUCCEEDED)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        """Its summary: the contacts import's for an address book, the Import page's otherwise."""
        if self.is_address_book:
            return reverse("contacts:import_contacts_run", args=[self.pk])
        return reverse("import_run", args=[self.pk])

    @property
    def is_address_book(self) -> bool:
        return self.counts.get("kind") == self.ADDRESS_BOOK

    def result(self) -> str:
        """What it did, in a few words, for the import history."""
        counts = self.counts
        if self.is_address_book:
            created, enriched = counts.get("created", 0), counts.get("enriched", 0)
            return "{}, {}".format(
                ngettext("%(shown)s new person", "%(shown)s new people", created)
                % {"shown": intcomma(created)},
                ngettext("%(shown)s completed", "%(shown)s completed", enriched)
                % {"shown": intcomma(enriched)},
            )
        if self.status == self.Status.FAILED:
            return gettext("refused")
        if counts.get("same_as"):
            return gettext("already imported")
        return gettext("%(people)s new people, %(changes)s job changes") % {
            "people": intcomma(counts.get("connections", {}).get("created", 0)),
            "changes": intcomma(counts.get("job_changes", 0)),
        }


class OwnProfile(models.Model):
    """What the user's latest import said of their own LinkedIn profile: the three things the
    methods say get invitations accepted (docs/methods.md, "Your own profile first")."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="own_profile"
    )
    headline = models.CharField(_("headline"), max_length=500, blank=True)
    has_summary = models.BooleanField(_("has a summary"), default=False)
    current_position = models.CharField(_("current position"), max_length=500, blank=True)
    # Positions.csv was in the import: without it the current position is unknown, not missing.
    positions_read = models.BooleanField(default=False)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    dismissed_at = models.DateTimeField(_("checklist dismissed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("own profile")
        verbose_name_plural = _("own profiles")

    def __str__(self):
        return gettext("Profile of %(user)s") % {"user": self.owner}

    @classmethod
    def record_import(cls, owner, *, headline: str, has_summary: bool, positions):
        """Keeps what an import's Profile.csv (and Positions.csv, `positions`: the current
        positions' titles, or None without the file) say, replacing the previous import's."""
        cls.objects.update_or_create(
            owner=owner,
            defaults={
                "headline": headline.strip()[:500],
                "has_summary": has_summary,
                "current_position": (positions[0] if positions else "")[:500],
                "positions_read": positions is not None,
                "imported_at": timezone.now(),
            },
        )

    @property
    def is_complete(self) -> bool:
        return bool(self.headline and self.has_summary and self.current_position)

    @property
    def shows_checklist(self) -> bool:
        """Shown on the dashboard until all three are there, or the user dismissed it."""
        return self.imported_at is not None and self.dismissed_at is None and not self.is_complete

    def dismiss(self):
        self.dismissed_at = timezone.now()
        self.save(update_fields=["dismissed_at"])


class JobChangeQuerySet(models.QuerySet):
    def seen_since(self, day: date):
        """Changes an import saw on `day` or later. An export tells only where a person works
        now, so the date is when an import noticed the move, not when it happened."""
        return self.filter(seen_at__gte=start_of_day(day))

    def to_a_new_job(self):
        """Changes that lead somewhere: not a profile whose company and position were emptied."""
        return self.exclude(new_company="", new_position="")

    def not_written_since(self):
        """Changes the user has not been in touch about: no message from them, or both ways,
        since the import saw the change. An endorsement or an introduction is no message."""
        since = Interaction.objects.filter(
            owner=OuterRef("owner_id"),
            contact=OuterRef("contact_id"),
            occurred_at__gte=OuterRef("seen_at"),
            direction__in=[Interaction.Direction.FROM_ME, Interaction.Direction.BOTH],
        ).exclude(kind__in=Interaction.SIGNAL_KINDS)
        return self.exclude(Exists(since))

    def latest_per_person(self):
        """Each person's latest change among these: someone seen moving twice is one piece of
        news, their newest."""
        return self.annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("contact_id"),
                order_by=[F("seen_at").desc(), F("pk").desc()],
            )
        ).filter(rank=1)

    def layered_first(self):
        """The people in a layer first (Core before Close…), then the newest changes."""
        return self.order_by(F("contact__layer").asc(nulls_last=True), "-seen_at", "-pk")

    def people_count(self) -> int:
        return self.aggregate(n=Count("contact_id", distinct=True))["n"]

    def leavers_of(self, company_key: str) -> list["JobChange"]:
        """The people known to have left the company `company_key`: for each, the latest change
        away from it, newest first. A move within the company (a new position) is no leaving,
        and neither is one whose person works there again now.

        The job change keeps no company key, so the spellings are matched in Python: the owner's
        distinct former companies are few next to the changes.
        """
        spellings = [
            name
            for name in self.exclude(old_company="")
            .values_list("old_company", flat=True)
            .distinct()
            .order_by()
            if normalize.company_key(name) == company_key
        ]
        if not spellings:
            return []
        changes = (
            self.filter(old_company__in=spellings)
            .exclude(contact__company_key=company_key)
            .select_related("contact")
            .order_by("-seen_at", "-pk")
        )
        latest = {}
        for change in changes:
            went_to = normalize.company_key(change.new_company)
            if went_to != company_key and change.contact_id not in latest:
                # Where they went is not where they are when they moved again since.
                change.moved_on = went_to != change.contact.company_key
                latest[change.contact_id] = change
        return list(latest.values())

    def moves_into(self, company_keys):
        """Changes that took a person into one of the companies `company_keys` from outside it,
        the person still working at one of them: a connection who can now open its door.

        As in `leavers_of`, the spellings are matched in Python (the change keeps no company
        key): the distinct (old, new) pairs among these changes, one query.
        """
        keys = set(company_keys)
        spellings: dict[str, set[str]] = {}
        if keys:
            for old, new in self.values_list("old_company", "new_company").distinct().order_by():
                for name in (old, new):
                    if (key := normalize.company_key(name)) in keys:
                        spellings.setdefault(key, set()).add(name)
        into = Q(pk__in=[])
        for names in spellings.values():
            into |= Q(new_company__in=names) & ~Q(old_company__in=names)
        return self.filter(into, contact__company_key__in=keys)


def job_words(position: str, company: str) -> str:
    """ "CTO at Initech", "CTO", "at Initech" or "": a job as a person would say it ("CTO chez
    Initech" in French)."""
    if position and company:
        return gettext("%(position)s at %(company)s") % {"position": position, "company": company}
    if company:
        return gettext("at %(company)s") % {"company": company}
    return position


class JobChange(models.Model):
    """A change of company or position seen when a newer export was imported."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, db_index=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="job_changes")
    import_run = models.ForeignKey(ImportRun, null=True, blank=True, on_delete=models.SET_NULL)
    old_company = models.CharField(max_length=300, blank=True)
    old_position = models.CharField(max_length=500, blank=True)
    new_company = models.CharField(max_length=300, blank=True)
    new_position = models.CharField(max_length=500, blank=True)
    seen_at = models.DateTimeField(default=timezone.now)

    objects = JobChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-seen_at"]
        # The recent changes (the dashboard, the review, the people filter) without reading the
        # owner's whole history; the owner's foreign key needs no index of its own.
        indexes = [models.Index(fields=["owner", "seen_at"], name="jobchange_by_date_idx")]

    def __str__(self):
        return f"{self.contact}: {self.old_company} → {self.new_company}"

    @property
    def old_job(self) -> str:
        return job_words(self.old_position, self.old_company)

    @property
    def new_job(self) -> str:
        return job_words(self.new_position, self.new_company)

    def congratulations(self) -> str:
        """The weekly review's draft: congratulate people on their news (docs/methods.md), in
        the active language (the user's)."""
        from django.utils.translation import gettext, gettext_noop

        drafts = {
            # (a position, a company, a first name): the draft says what is known.
            (True, True, True): gettext_noop(
                "Congratulations on your new role as %(position)s at %(company)s, %(name)s!"
            ),
            (True, True, False): gettext_noop(
                "Congratulations on your new role as %(position)s at %(company)s!"
            ),
            (True, False, True): gettext_noop(
                "Congratulations on your new role as %(position)s, %(name)s!"
            ),
            (True, False, False): gettext_noop("Congratulations on your new role as %(position)s!"),
            (False, True, True): gettext_noop(
                "Congratulations on your new role at %(company)s, %(name)s!"
            ),
            (False, True, False): gettext_noop("Congratulations on your new role at %(company)s!"),
            (False, False, True): gettext_noop("Congratulations on your new role, %(name)s!"),
            (False, False, False): gettext_noop("Congratulations on your new role!"),
        }
        words = {
            "position": self.new_position,
            "company": self.new_company,
            "name": self.contact.first_name,
        }
        known = (bool(self.new_position), bool(self.new_company), bool(self.contact.first_name))
        return gettext(drafts[known]) % words

    def record_congratulations(self, message: str = "") -> "Interaction":
        """ "I wrote": the message sent on LinkedIn, one way until they answer."""
        return self.contact.log_interaction(
            Interaction.Kind.LINKEDIN,
            direction=Interaction.Direction.FROM_ME,
            summary=message.strip() or self.congratulations(),
        )


class Tie(models.TextChoices):
    """How someone outside a company is known to know a person there (`ties_to`)."""

    INTRODUCED_YOU = "introduced_you"
    INTRODUCED = "introduced"
    ASKED = "asked"
    MET_WITH = "met_with"


class CompanyMarkQuerySet(models.QuerySet):
    def kinds_by_key(self, company_keys=None) -> dict[str, str]:
        """{company key: kind} for these marks, or for those of `company_keys` only: one query."""
        marks = self if company_keys is None else self.filter(company_key__in=list(company_keys))
        return dict(marks.values_list("company_key", "kind"))

    def with_people_counts(self, text: str = ""):
        """Rows like `ContactQuerySet.companies`'s (company_key, name, people), for these marked
        companies, the ones where the user knows nobody included; biggest first."""
        marks = self
        if folded := normalize.fold(text):
            marks = marks.filter(company_key__contains=folded)
        people = (
            Contact.objects.filter(owner=OuterRef("owner"), company_key=OuterRef("company_key"))
            .order_by()
            .values("company_key")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            marks.annotate(people=Coalesce(Subquery(people), 0))
            .values("company_key", "name", "people", "kind")
            .order_by("-people", "company_key")
        )

    def keys_of(self, kinds):
        """The company keys marked as one of `kinds`, as a subquery."""
        return self.filter(kind__in=list(kinds)).values("company_key")


class CompanyMark(models.Model):
    """A company the user cares about, and why: a client, a target to get into, a competitor or
    a partner (docs/methods.md, "Companies you care about"). It is kept by the company's folded
    key, so every spelling of the company carries it, and outlives the people who work there."""

    class Kind(models.TextChoices):
        CLIENT = "client", _("Client")
        TARGET = "target", _("Target")
        COMPETITOR = "competitor", _("Competitor")
        PARTNER = "partner", _("Partner")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, db_index=False)
    company_key = models.CharField(max_length=300)
    # The spelling shown where nobody the user knows works there (any more).
    name = models.CharField(_("company"), max_length=300)
    kind = models.CharField(_("mark"), max_length=12, choices=Kind.choices)
    marked_at = models.DateTimeField(default=timezone.now)

    objects = CompanyMarkQuerySet.as_manager()

    class Meta:
        verbose_name = _("company mark")
        verbose_name_plural = _("company marks")
        ordering = ["company_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "company_key"], name="unique_company_mark_per_owner"
            )
        ]

    def __str__(self):
        return f"{self.name}: {self.get_kind_display()}"

    @classmethod
    def mark(cls, owner, company: str, kind: str) -> "CompanyMark | None":
        """Marks `company` (any of its spellings) as `kind`, replacing its earlier mark; an empty
        `kind` removes the mark. Returns the mark, or None when there is none any more."""
        company_key = normalize.company_key(company)
        if not kind:
            cls.objects.filter(owner=owner, company_key=company_key).delete()
            return None
        mark, _created = cls.objects.update_or_create(
            owner=owner,
            company_key=company_key,
            defaults={"kind": kind, "name": company.strip()[:300], "marked_at": timezone.now()},
        )
        return mark


class DismissedSuggestionQuerySet(models.QuerySet):
    def recent(self, now: datetime | None = None) -> relationships.Dismissals:
        """The suggestions dismissed in the last 90 days, in one query."""
        since = (now or timezone.now()) - timedelta(days=relationships.DISMISSED_DAYS)
        move_in, move_out = {}, set()
        rows = self.filter(dismissed_at__gte=since).values_list("contact_id", "layer", "direction")
        for contact_id, layer, direction in rows:
            if direction == DismissedSuggestion.Direction.IN:
                move_in[contact_id] = min(
                    layer or relationships.POOL, move_in.get(contact_id, relationships.POOL)
                )
            else:
                move_out.add((contact_id, layer))
        return relationships.Dismissals(move_in=move_in, move_out=move_out)


class DismissedSuggestion(models.Model):
    """A layer suggestion the user said no to: hidden for 90 days (docs/relationship-model.md)."""

    class Direction(models.TextChoices):
        IN = "in", _("Move in")
        OUT = "out", _("Move out")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, db_index=False)
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="dismissed_suggestions"
    )
    layer = models.PositiveSmallIntegerField(choices=Layer.choices, null=True, blank=True)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    dismissed_at = models.DateTimeField(default=timezone.now)

    objects = DismissedSuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-dismissed_at"]
        indexes = [models.Index(fields=["owner", "dismissed_at"])]

    def __str__(self):
        layer = Layer(self.layer).label if self.layer else gettext("the pool")
        return gettext("%(person)s: not %(layer)s (%(day)s)") % {
            "person": self.contact,
            "layer": layer,
            "day": f"{self.dismissed_at:%Y-%m-%d}",
        }


class Review(models.Model):
    """A weekly review: started, resumed at `step`, and recorded when finished."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    step = models.PositiveSmallIntegerField(default=1)
    stats = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return gettext("Review of %(day)s") % {"day": f"{self.started_at:%Y-%m-%d}"}

    STEPS = 9

    @classmethod
    def in_progress(cls, owner) -> "Review | None":
        """The review the user left half-way, if any (the latest unfinished one)."""
        return cls.objects.filter(owner=owner, finished_at__isnull=True).first()

    @classmethod
    def start(cls, owner, **stats) -> "Review":
        """Resumes the review in progress, or starts one keeping the numbers it began with."""
        review = cls.in_progress(owner)
        if review is None:
            # Ids only grow: the week's summary finds what was logged since on the primary key.
            last = Interaction.objects.order_by("-pk").values_list("pk", flat=True).first()
            review = cls.objects.create(
                owner=owner, stats={**stats, "last_interaction_id": last or 0}
            )
        return review

    @classmethod
    def recent(cls, owner, weeks: int = 104) -> tuple[list[datetime], bool]:
        """When reviews of the last `weeks` weeks finished (latest first), and whether one is
        in progress: the dashboard's streak in one query."""
        since = timezone.now() - timedelta(weeks=weeks)
        dates = cls.objects.filter(owner=owner).filter(
            Q(finished_at__gte=since) | Q(finished_at__isnull=True)
        )
        dates = list(dates.values_list("finished_at", flat=True))
        finished = sorted((at for at in dates if at is not None), reverse=True)
        return finished, len(finished) < len(dates)

    def go_to(self, step: int):
        """Moves to a step (1 to STEPS); a review left half-way resumes there."""
        self.step = min(max(int(step), 1), self.STEPS)
        self.save(update_fields=["step"])

    def finish(self, **stats):
        """Records the review as done, keeping the numbers of its summary."""
        self.stats = {**self.stats, **stats}
        self.finished_at = timezone.now()
        self.step = self.STEPS
        self.save(update_fields=["stats", "finished_at", "step"])


def streak_of_weeks(finished: list[datetime], today: date) -> int:
    """Consecutive ISO weeks with a finished review, counting back from this week or the last."""
    weeks = {timezone.localdate(at).isocalendar()[:2] for at in finished}
    monday = today - timedelta(days=today.weekday())
    if monday.isocalendar()[:2] not in weeks:
        monday -= timedelta(days=7)
    streak = 0
    while monday.isocalendar()[:2] in weeks:
        streak += 1
        monday -= timedelta(days=7)
    return streak


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a person's timeline: `kind` names the template block, `obj` the row."""

    kind: str
    at: datetime
    obj: object


def recent_places(owner, limit: int = 8) -> list[str]:
    """The user's last distinct places or events, newest first, for the meeting form's datalist.

    Reads only the latest 1,000 interactions, through the (owner, occurred_at) index: filtering
    on the place in SQL would scan the whole history when few interactions have one.
    """
    latest = (
        Interaction.objects.filter(owner=owner)
        .order_by("-occurred_at")
        .values_list("place", flat=True)[:1000]
    )
    places = []
    for place in latest:
        if place and place not in places:
            places.append(place)
            if len(places) == limit:
                break
    return places
