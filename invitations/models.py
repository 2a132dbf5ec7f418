"""Invitations sent and received, and the user's own rule for deciding on them."""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import models, transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
    Window,
)
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext, pgettext_lazy

from contacts import normalize
from contacts.models import CompanyMark, Contact, Interaction
from invitations import answers

# The PIPU reflex method (docs/methods.md): accept when 2 of these 4 hold. The names and
# questions are stored for the user in the language active when their rule is made (they are
# theirs to edit afterwards).
PIPU = [
    (
        pgettext_lazy("PIPU criterion", "Pertinence"),
        gettext_lazy("Is the profile pertinent to my field and goals?"),
    ),
    (
        pgettext_lazy("PIPU criterion", "Interaction"),
        gettext_lazy("Is this person likely to interact with what I publish?"),
    ),
    (
        pgettext_lazy("PIPU criterion", "Prescription"),
        gettext_lazy("Could they become a prescriber who recommends me?"),
    ),
    (
        pgettext_lazy("PIPU criterion", "Utility"),
        gettext_lazy("Are they useful to me, short or long term?"),
    ),
]
DEFAULT_THRESHOLD = 2


class CriterionSignal(models.TextChoices):
    """What netcoach can see that makes a criterion hold: it then ticks the criterion for the
    user in the queue (docs/methods.md, "Decide fast, with every signal"). The presets set it;
    the user changes it on the rule page."""

    NONE = "", pgettext_lazy("criterion signal", "Nothing: you tick it yourself")
    KNOWN = "known", gettext_lazy("You have met or spoken with them")
    PERTINENCE = (
        "pertinence",
        gettext_lazy("One of your focus keywords is in their note or headline"),
    )
    PRESCRIPTION = "prescription", gettext_lazy("They wrote you a LinkedIn recommendation")


# Which PIPU criteria netcoach can tick, by position in PIPU.
PIPU_SIGNALS = {0: CriterionSignal.PERTINENCE, 2: CriterionSignal.PRESCRIPTION}


@dataclass(frozen=True)
class Preset:
    label: str
    description: str
    criteria: list[tuple[str, str]]
    threshold: int
    talk_first: bool = False
    # The signal of each criterion that netcoach can tick, by position in `criteria`.
    signals: dict = field(default_factory=dict)

    def new_criteria(self, owner_id) -> list["Criterion"]:
        return [
            Criterion(
                owner_id=owner_id,
                name=str(name),
                question=str(question),
                position=i,
                signal=self.signals.get(i, CriterionSignal.NONE),
            )
            for i, (name, question) in enumerate(self.criteria)
        ]


# The rules people follow (docs/methods.md), offered as starting points on the rule page.
PRESETS = {
    "pipu": Preset(
        "PIPU",
        gettext_lazy("Pertinence, Interaction, Prescription, Utility: accept when 2 of 4 hold."),
        PIPU,
        2,
        signals=PIPU_SIGNALS,
    ),
    "known": Preset(
        gettext_lazy("Known people only"),
        gettext_lazy("Accept only people you have met in person or spoken with."),
        [
            (
                pgettext_lazy("criterion", "Known"),
                gettext_lazy(
                    "Have I met them in person or spoken with them (phone, video, email)?"
                ),
            )
        ],
        1,
        signals={0: CriterionSignal.KNOWN},
    ),
    "open": Preset(
        gettext_lazy("Open networker"),
        gettext_lazy("Accept everyone who is not spam: reach and second-degree access."),
        [
            (
                pgettext_lazy("criterion", "Not spam"),
                gettext_lazy("Is this a real person, not spam or a sales pitch?"),
            )
        ],
        1,
    ),
    "talk_first": Preset(
        pgettext_lazy("preset", "Talk first"),
        gettext_lazy(
            "PIPU, but reply before accepting when the invitation carries no personal note."
        ),
        PIPU,
        2,
        talk_first=True,
        signals=PIPU_SIGNALS,
    ),
}
# A "later" decision without a date brings the invitation back in a week.
LATER_DAYS = 7


class Decision(models.TextChoices):
    UNDECIDED = "undecided", pgettext_lazy("decision", "Undecided")
    ACCEPT = "accept", pgettext_lazy("decision", "Accept")
    IGNORE = "ignore", pgettext_lazy("decision", "Ignore")
    TALK_FIRST = "talk_first", pgettext_lazy("decision", "Talk first")
    LATER = "later", pgettext_lazy("decision", "Later")


# Not stored: a decide() argument meaning "whatever the rule suggests".
SUGGESTED = "suggested"
# Decisions that can contradict the rule's suggestion: "talk first" and "later" only postpone.
OVERRIDABLE = (Decision.ACCEPT, Decision.IGNORE)


class AcceptanceRule(models.Model):
    """How many of the user's criteria must hold to accept, and their focus keywords."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="acceptance_rule",
        verbose_name=gettext_lazy("owner"),
    )
    threshold = models.PositiveSmallIntegerField(
        gettext_lazy("threshold"), default=DEFAULT_THRESHOLD
    )
    preset = models.CharField(gettext_lazy("preset"), max_length=30, default="pipu")
    focus_keywords = models.TextField(
        gettext_lazy("focus keywords"),
        blank=True,
        help_text=gettext_lazy("Your field, sectors and roles, separated by commas."),
    )
    talk_first_without_note = models.BooleanField(
        gettext_lazy("talk first when there is no personal note"),
        default=False,
        help_text=gettext_lazy(
            "Suggest replying before accepting when an invitation carries no note."
        ),
    )

    class Meta:
        verbose_name = gettext_lazy("acceptance rule")
        verbose_name_plural = gettext_lazy("acceptance rules")

    def __str__(self):
        return ngettext(
            "Accept when %(threshold)s holds", "Accept when %(threshold)s hold", self.threshold
        ) % {"threshold": self.threshold}

    @classmethod
    def for_user(cls, user) -> "AcceptanceRule":
        """The user's rule, created on first use (at the account's creation) with PIPU (2 of 4)
        and the first reply template, in the active language: the user's own words from then
        on, which a later change of language leaves as they are."""
        rule = cls.objects.filter(owner=user).first()
        if rule is not None:
            return rule
        with transaction.atomic():
            rule, created = cls.objects.get_or_create(owner=user)
            if created and not Criterion.objects.filter(owner=user).exists():
                Criterion.objects.bulk_create(PRESETS["pipu"].new_criteria(user.pk))
            if created:
                ReplyTemplate.for_user(user)
        return rule

    def keywords(self) -> list[str]:
        return [k.strip().lower() for k in self.focus_keywords.split(",") if k.strip()]

    def suggest(self, criteria_met: int, has_note: bool = True) -> str:
        """The rule's suggestion for a number of criteria met.

        With "talk first" on, an invitation that would be accepted but carries no personal note
        gets a reply first: many strangers never answer, which settles it.
        """
        if criteria_met < self.threshold:
            return Decision.IGNORE
        if self.talk_first_without_note and not has_note:
            return Decision.TALK_FIRST
        return Decision.ACCEPT

    # The rule page. Criteria are kept numbered 0..n-1 so keys 1-9 (and 0, the tenth) match them.
    def criteria(self):
        return Criterion.objects.filter(owner_id=self.owner_id)

    def apply_preset(self, key: str):
        """Replaces the criteria, threshold and talk-first switch with a preset's."""
        preset = PRESETS[key]
        with transaction.atomic():
            self.criteria().delete()
            Criterion.objects.bulk_create(preset.new_criteria(self.owner_id))
            self.preset = key
            self.threshold = preset.threshold
            self.talk_first_without_note = preset.talk_first
            self.save()

    def add_criterion(self, name: str, question: str = "", signal: str = "") -> "Criterion":
        position = self.criteria().count()
        return Criterion.objects.create(
            owner_id=self.owner_id,
            name=name.strip(),
            question=question.strip(),
            position=position,
            signal=signal,
        )

    def move_criterion(self, criterion: "Criterion", offset: int):
        """Moves a criterion up (-1) or down (+1) the list, which also changes its key."""
        ordered = list(self.criteria())
        index = ordered.index(criterion)
        target = max(0, min(len(ordered) - 1, index + offset))
        ordered.insert(target, ordered.pop(index))
        self._renumber(ordered)

    def remove_criterion(self, criterion: "Criterion"):
        """Deletes a criterion; the threshold shrinks with the list so that it stays reachable."""
        with transaction.atomic():
            criterion.delete()
            remaining = list(self.criteria())
            self._renumber(remaining)
            if self.threshold > len(remaining):
                self.threshold = len(remaining)
                self.save(update_fields=["threshold"])

    def _renumber(self, ordered):
        for position, criterion in enumerate(ordered):
            criterion.position = position
        Criterion.objects.bulk_update(ordered, ["position"])

    def describe(self, criteria_count: int) -> str:
        if self.threshold == 0:
            return _("Accept everyone")
        return ngettext(
            "Accept when %(threshold)s of %(count)s hold",
            "Accept when %(threshold)s of %(count)s hold",
            self.threshold,
        ) % {
            "threshold": self.threshold,
            "count": criteria_count,
        }


class Criterion(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=gettext_lazy("owner")
    )
    name = models.CharField(pgettext_lazy("criterion", "name"), max_length=60)
    question = models.CharField(gettext_lazy("question"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)
    signal = models.CharField(
        gettext_lazy("ticked by netcoach when"),
        max_length=20,
        choices=CriterionSignal.choices,
        default=CriterionSignal.NONE,
        blank=True,
        help_text=gettext_lazy(
            "netcoach ticks this criterion in the queue when it sees this; you can untick it."
        ),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = gettext_lazy("criterion")
        verbose_name_plural = gettext_lazy("criteria")

    def __str__(self):
        return self.name


class ReplyTemplate(models.Model):
    """A "talk first" reply draft the user copies into LinkedIn."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=gettext_lazy("owner")
    )
    name = models.CharField(pgettext_lazy("reply template", "name"), max_length=60)
    text = models.TextField(pgettext_lazy("reply template", "text"))
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = gettext_lazy("reply template")
        verbose_name_plural = gettext_lazy("reply templates")

    def __str__(self):
        return self.name

    @classmethod
    def for_user(cls, user) -> list["ReplyTemplate"]:
        """The user's templates, starting with one default draft on first use, written in the
        active language (the user's own text from then on)."""
        templates = list(cls.objects.filter(owner=user))
        if not templates:
            templates = [
                cls.objects.create(
                    owner=user, name=str(DEFAULT_REPLY_NAME), text=str(DEFAULT_REPLY)
                )
            ]
        return templates


INCOMING_PENDING = Q(direction="incoming", status="pending")
OUTGOING_PENDING = Q(direction="outgoing", status="pending")
OUTGOING_ACCEPTED = Q(direction="outgoing", status="accepted")
# LinkedIn restricts an account after about five "I don't know this person" answers
# (docs/methods.md, "The restriction risk"): the default of Preferences.restriction_risk_threshold.
RESTRICTION_RISK_THRESHOLD = 5
# The risky invitations listed on the sent page, oldest first.
AT_RISK_SHOWN = 10


def known_contact(contact, before=None):
    """Exists: the user met or spoke with `contact` (an OuterRef), before `before` if given.

    "Met or spoken with" is a real interaction (Interaction.REAL: in person, a call, or a
    written exchange both ways), the relationship model's one rule of a real tie."""
    interactions = Interaction.objects.filter(Interaction.REAL, contact=contact)
    if before is not None:
        interactions = interactions.filter(occurred_at__lt=before)
    return Exists(interactions)


@dataclass(frozen=True)
class AcceptanceRate:
    """How many of one kind of sent invitation became a connection, out of how many."""

    key: str
    label: str
    sent: int
    accepted: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.accepted / self.sent) if self.sent else None


# The groups of the acceptance test on the sent page ("Test for yourself").
ACCEPTANCE_GROUPS = {
    "note": gettext_lazy("With a note"),
    "no_note": gettext_lazy("Without a note"),
    "met": gettext_lazy("To people met"),
    "not_met": gettext_lazy("To people never met"),
}

# The sent tracker's filters, in the order of the page; "pending" is the Sent tab's number.
SENT_FILTERS = {
    "pending": pgettext_lazy("sent invitations", "Pending"),
    "stale": pgettext_lazy("sent invitations", "Stale"),
    "accepted": pgettext_lazy("sent invitations", "Accepted"),
    "all": pgettext_lazy("sent invitations", "All"),
}


class InvitationQuerySet(models.QuerySet):
    def incoming(self):
        return self.filter(direction=Invitation.Direction.INCOMING)

    def outgoing(self):
        return self.filter(direction=Invitation.Direction.OUTGOING)

    def pending(self):
        return self.filter(status=Invitation.Status.PENDING)

    def with_prescriber(self):
        """Annotates `recommended_you`: the person's contact wrote the user a LinkedIn
        recommendation, a prescriber (the P of PIPU), shown wherever the invitation is listed."""
        return self.annotate(recommended_you=Exists(_recommendations_received(OuterRef("contact"))))

    # Each queue is one condition, used both to list it and to count it (`dashboard_counts`).

    @staticmethod
    def to_triage_condition(today=None) -> Q:
        """Incoming, pending, and undecided or back from "later" on its date."""
        today = today or timezone.localdate()
        return INCOMING_PENDING & (
            Q(decision=Decision.UNDECIDED) | Q(decision=Decision.LATER, later_until__lte=today)
        )

    @staticmethod
    def decided_not_applied_condition() -> Q:
        """Decided here, still pending on LinkedIn: an invitation accepted there needs nothing."""
        return INCOMING_PENDING & Q(
            decision__in=[Decision.ACCEPT, Decision.IGNORE], applied_at__isnull=True
        )

    @staticmethod
    def talk_first_condition() -> Q:
        return INCOMING_PENDING & Q(decision=Decision.TALK_FIRST)

    @staticmethod
    def at_risk_condition() -> Q:
        """Sent, pending, without a note, to someone the user never met or spoke with: the
        invitations that draw "I don't know this person" answers (docs/methods.md). Every
        pending one counts whatever its age: an answer can come on any day until withdrawn."""
        return (
            OUTGOING_PENDING
            & Q(message="")
            & (Q(contact__isnull=True) | ~Q(known_contact(OuterRef("contact"))))
        )

    @staticmethod
    def stale_sent_condition(stale_days: int, now=None) -> Q:
        """Sent invitations pending for longer than `stale_days`: candidates to withdraw."""
        cutoff = (now or timezone.now()) - timedelta(days=stale_days)
        return OUTGOING_PENDING & Q(sent_at__lt=cutoff)

    @classmethod
    def sent_filter_condition(cls, show: str, stale_days: int, now=None) -> Q:
        """The sent invitations that the sent tracker's filter `show` (a SENT_FILTERS key) lists."""
        return {
            "pending": OUTGOING_PENDING,
            "stale": cls.stale_sent_condition(stale_days, now),
            "accepted": OUTGOING_ACCEPTED,
            "all": Q(direction="outgoing"),
        }[show]

    def sent_list(self, show: str, stale_days: int, now=None):
        return self.filter(self.sent_filter_condition(show, stale_days, now))

    def at_risk(self):
        """The invitations of the restriction risk, oldest first: the first to withdraw."""
        return self.filter(self.at_risk_condition()).order_by("sent_at", "pk")

    def acceptance_rates(self, answer_days: int, now=None) -> list[AcceptanceRate]:
        """The acceptance rate of sent invitations with a note and without, to people met and
        not met (before the invitation was sent), in one query. Accepted means the person became
        a connection. Invitations sent in the last `answer_days` are left out: their answer may
        still come."""
        cutoff = (now or timezone.now()) - timedelta(days=answer_days)
        accepted = Q(status=Invitation.Status.ACCEPTED)
        groups = {
            "note": ~Q(message=""),
            "no_note": Q(message=""),
            "met": Q(met=True),
            "not_met": Q(met=False),
        }
        row = (
            self.filter(direction=Invitation.Direction.OUTGOING, sent_at__lt=cutoff)
            .annotate(met=known_contact(OuterRef("contact"), before=OuterRef("sent_at")))
            .aggregate(
                **{f"{key}_sent": Count("pk", filter=q) for key, q in groups.items()},
                **{f"{key}_ok": Count("pk", filter=q & accepted) for key, q in groups.items()},
            )
        )
        return [
            AcceptanceRate(key, str(label), row[f"{key}_sent"], row[f"{key}_ok"])
            for key, label in ACCEPTANCE_GROUPS.items()
        ]

    def to_triage(self, today=None):
        """The triage queue, oldest first."""
        return self.filter(self.to_triage_condition(today)).order_by("sent_at", "pk")

    def decided_not_applied(self):
        return self.filter(self.decided_not_applied_condition())

    def talk_first_waiting(self):
        return self.filter(self.talk_first_condition())

    def stale_sent(self, stale_days: int = 21, now=None):
        return self.filter(self.stale_sent_condition(stale_days, now))

    def with_stale_flag(self, stale_days: int, now=None):
        """Annotates `stale`: the invitation is in `stale_sent()`."""
        condition = self.stale_sent_condition(stale_days, now)
        return self.annotate(stale=ExpressionWrapper(condition, output_field=BooleanField()))

    def dashboard_counts(self, stale_days: int = 21, today=None) -> dict[str, int]:
        """The invitation numbers of the dashboard, in one query."""
        return self.aggregate(
            to_triage=Count("pk", filter=self.to_triage_condition(today)),
            decided_not_applied=Count("pk", filter=self.decided_not_applied_condition()),
            talk_first=Count("pk", filter=self.talk_first_condition()),
            sent_pending=Count("pk", filter=OUTGOING_PENDING),
            sent_stale=Count("pk", filter=self.stale_sent_condition(stale_days)),
            sent_at_risk=Count("pk", filter=self.at_risk_condition()),
        )

    def matching(self, owner_id, *, profile_key: str, name_key: str):
        """An owner's invitations with the same profile or the same name.

        The owner sits in each branch of the OR so that SQLite answers it from two indexes.
        """
        match = Q(pk__in=[])
        if profile_key:
            match |= Q(owner_id=owner_id, profile_key=profile_key)
        if name_key:
            match |= Q(owner_id=owner_id, name_key=name_key)
        return self.filter(match)

    def position_of(self, invitation) -> int:
        """How many invitations of this (ordered) queue come before `invitation`."""
        if invitation.sent_at is None:
            return self.filter(sent_at__isnull=True, pk__lt=invitation.pk).count()
        return self.filter(
            Q(sent_at__isnull=True)
            | Q(sent_at__lt=invitation.sent_at)
            | Q(sent_at=invitation.sent_at, pk__lt=invitation.pk)
        ).count()

    def sent_counts(self, stale_days: int, now=None) -> dict[str, int]:
        """How many invitations each filter of the sent tracker lists, and the share (in %) of
        all sent invitations that carried a personal note, in one query."""
        counts = self.aggregate(
            personalised=Count("pk", filter=Q(direction="outgoing") & ~Q(message="")),
            **{
                show: Count("pk", filter=self.sent_filter_condition(show, stale_days, now))
                for show in SENT_FILTERS
            },
        )
        personalised = counts.pop("personalised")
        counts["personalised_share"] = (
            round(100 * personalised / counts["all"]) if counts["all"] else 0
        )
        return counts

    def mark_all_withdrawn(self) -> int:
        """Records that the user withdrew these invitations on LinkedIn; only pending sent ones
        can be. Returns how many were."""
        return self.filter(OUTGOING_PENDING).update(
            status=Invitation.Status.WITHDRAWN, updated_at=timezone.now()
        )

    def last_decided(self):
        """The latest decision still to apply on LinkedIn: what `u` undoes."""
        return (
            self.incoming()
            .pending()
            .exclude(decision=Decision.UNDECIDED)
            .filter(decided_at__isnull=False, applied_at__isnull=True)
            .order_by("-decided_at", "-pk")
            .first()
        )

    def decide_all(self, decision, *, rule, reason="", later_until=None) -> int:
        """Decides every invitation of the queryset the same way, with no criteria ticked."""
        invitations = list(self)
        for invitation in invitations:
            invitation.decide(decision, rule=rule, reason=reason, later_until=later_until)
        return len(invitations)

    def reconcile_with_connections(self) -> int:
        """Marks invitations accepted once an import shows the person as a connection.

        Call it on an owner's invitations after an import. An accept decided in netcoach counts
        as applied on LinkedIn; the invitation is linked to the contact so that it shows on the
        contact's timeline. Returns how many invitations changed. A fixed number of queries.
        """

        # Plain rows, and a model instance only for an invitation that changes: after a first
        # import thousands are pending, and building them all was most of the cost.
        fields = _attnames(self.model, "id", "owner_id", "profile_key", "name_key", "decision",
                           "status", "contact_id", "applied_at", "updated_at")  # fmt: skip
        pending = list(self.pending().values(*fields))
        if not pending:
            return 0
        contact_fields = _attnames(Contact, "id", "owner_id", "profile_key", "name_key")
        connections = (
            Contact.objects.filter(owner__in={i["owner_id"] for i in pending}, is_connection=True)
            .filter(
                Q(profile_key__in={i["profile_key"] for i in pending if i["profile_key"]})
                | Q(name_key__in={i["name_key"] for i in pending if i["name_key"]})
            )
            .values(*contact_fields)
        )
        by_profile, by_name = {}, {}
        for contact in connections:
            if contact["profile_key"]:
                by_profile[(contact["owner_id"], contact["profile_key"])] = contact
            by_name.setdefault((contact["owner_id"], contact["name_key"]), []).append(contact)
        changed = []
        for row in pending:
            contact = by_profile.get((row["owner_id"], row["profile_key"]))
            if contact is None:
                same_name = by_name.get((row["owner_id"], row["name_key"]), [])
                if row["profile_key"]:  # a contact with another profile is another person
                    same_name = [c for c in same_name if not c["profile_key"]]
                # Homonyms: which of them accepted is unknown, so the invitation waits.
                contact = same_name[0] if len(same_name) == 1 else None
            if contact is not None:
                invitation = _loaded(self.model, self.db, row)
                invitation.mark_accepted_by_import(_loaded(Contact, self.db, contact), save=False)
                changed.append(invitation)
        self.model.objects.bulk_update(
            changed, ["status", "contact", "applied_at", "updated_at"], batch_size=500
        )
        return len(changed)


def _attnames(model, *names) -> tuple[str, ...]:
    """`names` in the order of the model's columns, as Model.from_db() takes a row's values."""
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname in names)


def _loaded(model, db, row: dict):
    """The instance the ORM would have loaded with only these fields (`row` from values())."""
    return model.from_db(db, list(row), list(row.values()))


class Invitation(models.Model):
    class Direction(models.TextChoices):
        INCOMING = "incoming", pgettext_lazy("invitation", "Received")
        OUTGOING = "outgoing", pgettext_lazy("invitation", "Sent")

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("invitation status", "Pending")
        ACCEPTED = "accepted", pgettext_lazy("invitation status", "Accepted")
        IGNORED = "ignored", pgettext_lazy("invitation status", "Ignored")
        WITHDRAWN = "withdrawn", pgettext_lazy("invitation status", "Withdrawn")

    class Source(models.TextChoices):
        IMPORTED = "imported", pgettext_lazy("invitation source", "Imported")
        MANUAL = "manual", pgettext_lazy("invitation source", "Entered by hand")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=gettext_lazy("owner")
    )
    direction = models.CharField(
        gettext_lazy("direction"), max_length=10, choices=Direction.choices
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=300)
    name_key = models.CharField(max_length=300, blank=True, editable=False)
    profile_url = models.URLField(gettext_lazy("LinkedIn profile URL"), max_length=500, blank=True)
    profile_key = models.CharField(max_length=300, blank=True, editable=False)
    message = models.TextField(gettext_lazy("personal note"), blank=True)
    headline = models.CharField(gettext_lazy("headline"), max_length=500, blank=True)
    sent_at = models.DateTimeField(gettext_lazy("sent at"), null=True, blank=True)
    status = models.CharField(
        gettext_lazy("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decision = models.CharField(
        gettext_lazy("decision"),
        max_length=12,
        choices=Decision.choices,
        default=Decision.UNDECIDED,
    )
    later_until = models.DateField(gettext_lazy("back on"), null=True, blank=True)
    decided_at = models.DateTimeField(gettext_lazy("decided at"), null=True, blank=True)
    reason = models.CharField(gettext_lazy("reason"), max_length=300, blank=True)
    criteria_met = models.JSONField(gettext_lazy("criteria met"), default=list, blank=True)
    # The names of the criteria met that netcoach ticked (CriterionSignal), kept with the decision.
    auto_ticked = models.JSONField(gettext_lazy("ticked by netcoach"), default=list, blank=True)
    suggestion = models.CharField(
        gettext_lazy("suggestion"), max_length=12, choices=Decision.choices, blank=True
    )
    overridden = models.BooleanField(gettext_lazy("overrode the rule"), default=False)
    applied_at = models.DateTimeField(gettext_lazy("applied on LinkedIn"), null=True, blank=True)
    contact = models.ForeignKey(
        "contacts.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
        verbose_name=gettext_lazy("contact"),
    )
    source = models.CharField(
        gettext_lazy("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    import_key = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(gettext_lazy("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(gettext_lazy("updated at"), auto_now=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = gettext_lazy("invitation")
        verbose_name_plural = gettext_lazy("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "import_key"],
                condition=~Q(import_key=""),
                name="unique_invitation_import_key",
            )
        ]
        indexes = [
            models.Index(fields=["owner", "direction", "status", "decision", "sent_at"]),
            models.Index(fields=["owner", "profile_key"]),
            models.Index(fields=["owner", "name_key"]),
        ]

    def __str__(self):
        return f"{self.get_direction_display()}: {self.name}"

    def get_absolute_url(self):
        return reverse("invitations:triage")

    MESSAGE_LIMIT = 300  # LinkedIn's limit for the note of an invitation

    @classmethod
    def draft_for(cls, contact) -> str:
        """A personal invitation note to `contact` in the active language, recalling the last
        meeting or call: where, when and what was said (its summary), within LinkedIn's 300
        characters. What was said is shortened first, then left out, before the note is cut."""
        last = contact.interactions.exclude(kind="linkedin").order_by("-occurred_at").first()
        if contact.first_name:
            greeting = _("Hi %(first_name)s,") % {"first_name": contact.first_name}
        else:
            greeting = _("Hello,")
        if last is None:
            closing = pgettext("after the greeting", "I'd be glad to stay in touch here.")
            return cls._within_limit(f"{greeting} {closing}")
        day = timezone.localdate(last.occurred_at)
        values = {
            "place": last.place.strip()[:80],
            "date": dateformat.format(day, pgettext("invitation draft: a day", "F j")),
        }
        if last.kind == "met":
            recall = (
                _("great to meet you at %(place)s on %(date)s.")
                if values["place"]
                else _("great to meet you on %(date)s.")
            )
        elif last.kind in ("video", "phone"):
            recall = (
                _("great to talk with you at %(place)s on %(date)s.")
                if values["place"]
                else _("great to talk with you on %(date)s.")
            )
        else:
            recall = (
                _("great to exchange with you at %(place)s on %(date)s.")
                if values["place"]
                else _("great to exchange with you on %(date)s.")
            )
        opening = f"{greeting} {recall % values}"
        closing = _("I'd be glad to stay in touch here.")
        said = " ".join(last.summary.split()).rstrip(".;:,!? ")
        if said:
            sentence = _("I'm still thinking about what we discussed: %(summary)s.")
            room = (
                cls.MESSAGE_LIMIT - len(f"{opening}  {closing}") - len(sentence % {"summary": ""})
            )
            if len(said) > room:
                said = said[: max(room - 1, 0)].rsplit(" ", 1)[0].rstrip(".;:,!? ")
                said = f"{said}…" if len(said) >= 12 else ""
            if said:
                what = (sentence % {"summary": said}).replace("….", "…")
                return cls._within_limit(f"{opening} {what} {closing}")
        return cls._within_limit(f"{opening} {closing}")

    @classmethod
    def stranger_draft(cls, invitation) -> str:
        """A note to someone netcoach knows nothing of, in the active language, for the user to
        finish with why they want to connect: a note at all is what gets strangers to accept."""
        if invitation.first_name:
            greeting = _("Hi %(first_name)s,") % {"first_name": invitation.first_name}
        else:
            greeting = _("Hello,")
        reason = _("I would like to connect because…")
        return cls._within_limit(f"{greeting} {reason}")

    @classmethod
    def _within_limit(cls, text: str) -> str:
        if len(text) > cls.MESSAGE_LIMIT:
            text = text[: cls.MESSAGE_LIMIT - 1].rstrip() + "…"
        return text

    PEOPLE_SEARCH = "https://www.linkedin.com/search/results/people/"

    @classmethod
    def people_search_url(cls, contact) -> str:
        """LinkedIn's people search for the contact's name, or "" without a name: a link the
        user opens to find a profile netcoach does not know (netcoach never calls LinkedIn)."""
        if not contact.full_name:
            return ""
        return f"{cls.PEOPLE_SEARCH}?{urlencode({'keywords': contact.full_name})}"

    @classmethod
    def record_sent_to(cls, contact, message: str) -> "Invitation":
        """Records that the user sent `contact` an invitation on LinkedIn by hand."""
        invitation = cls(
            owner=contact.owner,
            direction=cls.Direction.OUTGOING,
            status=cls.Status.PENDING,
            source=cls.Source.MANUAL,
            message=message.strip()[: cls.MESSAGE_LIMIT],
            sent_at=timezone.now(),
            contact=contact,
        )
        invitation.set_identity(
            name=contact.full_name or str(contact), profile_url=contact.profile_url
        )
        invitation.save()
        return invitation

    def set_identity(self, *, name=None, profile_url=None):
        if name is not None:
            self.name = name.strip()
            self.name_key = normalize.fold(self.name)
        if profile_url is not None:
            self.profile_url = normalize.canonical_profile_url(profile_url)
            self.profile_key = normalize.profile_key(profile_url)

    @property
    def has_note(self) -> bool:
        return bool(self.message.strip())

    @property
    def is_talk_first(self) -> bool:
        """Received, still pending, and waiting on a reply before accepting."""
        return (
            self.direction == self.Direction.INCOMING
            and self.status == self.Status.PENDING
            and self.decision == Decision.TALK_FIRST
        )

    def decide(
        self, decision, *, rule, criteria_met=(), reason="", later_until=None, auto_ticked=()
    ):
        """Records the user's decision with the criteria they saw hold and the rule's suggestion.

        The suggestion is kept so that the decision says whether the user overrode their own rule.
        `decision` may be `SUGGESTED` to take the rule's suggestion. "Later" without a date means
        in a week. `auto_ticked` names the criteria netcoach ticked: those the user left ticked
        are kept as netcoach's. Accepting, or talking first, links the contact already known
        under the same profile or name (so that their page shows the invitation).
        """
        criteria_met = list(criteria_met)
        self.auto_ticked = [name for name in auto_ticked if name in criteria_met]
        self.suggestion = rule.suggest(len(criteria_met), self.has_note)
        if decision == SUGGESTED:
            decision = self.suggestion
        self.decision = decision
        self.criteria_met = criteria_met
        self.reason = reason.strip()
        if decision == Decision.LATER:
            self.later_until = later_until or timezone.localdate() + timedelta(days=LATER_DAYS)
        else:
            self.later_until = None
        self.overridden = decision in OVERRIDABLE and decision != self.suggestion
        self.decided_at = timezone.now()
        self.applied_at = None
        if decision in (Decision.ACCEPT, Decision.TALK_FIRST):
            self.link_contact(create=False, save=False)
        self.save()

    def conclude_talk_first(self, decision, *, rule):
        """Accepts or ignores after talking first, keeping the criteria, netcoach's ticks and
        the reason of triage."""
        self.decide(
            decision,
            rule=rule,
            criteria_met=self.criteria_met,
            reason=self.reason,
            auto_ticked=self.auto_ticked,
        )

    def undo_decision(self):
        self.decision = Decision.UNDECIDED
        self.criteria_met = []
        self.auto_ticked = []
        self.suggestion = ""
        self.overridden = False
        self.reason = ""
        self.later_until = None
        self.decided_at = None
        self.applied_at = None
        self.save()

    @property
    def company(self) -> str:
        """The company in a pasted headline such as "Data engineer at Acme", or ""."""
        match = _HEADLINE_COMPANY_RE.search(self.headline)
        return match.group(1).strip() if match else ""

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else ""

    def waited_days(self, now=None) -> int | None:
        if self.sent_at is None:
            return None
        return max(0, ((now or timezone.now()) - self.sent_at).days)

    def signals(self, rule) -> "Signals":
        """Everything netcoach knows that bears on this invitation, in at most six queries."""

        known = []
        if self.profile_key or self.name_key:
            # One indexed branch per key: the unique profile index is partial (profile_key <> '').
            match = Q(pk__in=[])
            if self.profile_key:
                match |= Q(owner_id=self.owner_id, profile_key=self.profile_key) & ~Q(
                    profile_key=""
                )
            if self.name_key:
                match |= Q(owner_id=self.owner_id, name_key=self.name_key)
            latest = _recommendations_received(OuterRef("pk")).order_by("-occurred_at")
            known = list(
                Contact.objects.filter(match)
                # A prescriber's latest recommendation, read with the match: no query more.
                .annotate(
                    recommended_at=Subquery(latest.values("occurred_at")[:1]),
                    recommendation=Subquery(latest.values("summary")[:1]),
                )
                .order_by("pk")[:MATCHES_SHOWN]
            )
        stats = {}
        if known:
            real = Interaction.REAL
            stats = {
                row["contact_id"]: row
                for row in Interaction.objects.filter(contact_id__in=[c.pk for c in known])
                .values("contact_id")
                .annotate(
                    real_count=Count("pk", filter=real),
                    message_count=Count("pk", filter=Q(kind=Interaction.Kind.LINKEDIN)),
                    # Responsiveness is read only for someone the user wrote to.
                    written_count=Count(
                        "pk",
                        filter=Q(kind=Interaction.Kind.LINKEDIN)
                        & ~Q(direction=Interaction.Direction.TO_ME),
                    ),
                    last_real_at=models.Max("occurred_at", filter=real),
                )
                .order_by()
            }
        for contact in known:
            row = stats.get(contact.pk, {})
            contact.real_count = row.get("real_count", 0)
            contact.message_count = row.get("message_count", 0)
            contact.written_count = row.get("written_count", 0)
            contact.last_real_at = row.get("last_real_at")
        known.sort(key=lambda c: -c.real_count)
        earlier = (
            Invitation.objects.matching(
                self.owner_id, profile_key=self.profile_key, name_key=self.name_key
            )
            .exclude(pk=self.pk)
            # Direction in the aggregate, not the WHERE, so that the two-index OR is used.
            .aggregate(
                count=Count("pk", filter=Q(direction=self.Direction.INCOMING)),
                last=models.Max("sent_at", filter=Q(direction=self.Direction.INCOMING)),
            )
        )
        company = self.company or next((c.company for c in known if c.company), "")
        colleagues, colleague_count = [], 0
        company_key = normalize.company_key(company)
        if company_key:
            colleagues = list(
                Contact.objects.filter(owner=self.owner_id, company_key=company_key)
                .exclude(pk__in=[c.pk for c in known])
                .annotate(total=Window(Count("pk")))
                .order_by("-is_connection", "last_name", "first_name")[:3]
            )
            colleague_count = colleagues[0].total if colleagues else 0
        marked = _company_mark(self.owner_id, company_key, known)
        text = normalize.fold(f"{self.message} {self.headline}")
        keywords = [
            keyword
            for keyword in rule.keywords()
            if normalize.fold(keyword)
            and re.search(rf"\b{re.escape(normalize.fold(keyword))}\b", text)
        ]
        met = [c for c in known if c.real_count]
        prescribers = [c for c in known if getattr(c, "recommended_at", None)]
        # How they answer: read for the contact with the most messages, one query more.
        written = max(known, key=lambda c: c.message_count, default=None)
        responsiveness = (
            answers.responsiveness_of(written) if written and written.written_count else None
        )
        return Signals(
            responsiveness=responsiveness,
            contacts=known,
            met_contact=met[0] if met else None,
            prescriber=prescribers[0] if prescribers else None,
            real_count=sum(c.real_count for c in known),
            message_count=sum(c.message_count for c in known),
            earlier_invitations=earlier["count"],
            earlier_invitation_at=earlier["last"],
            company=company,
            colleagues=colleagues,
            colleague_count=colleague_count,
            company_mark=marked,
            keywords=keywords,
            is_connection=any(c.is_connection for c in known),
        )

    def find_contact(self):
        """The contact with this profile, else one with this name and no other profile."""

        contacts = Contact.objects.filter(owner=self.owner_id)
        if self.profile_key:
            # The excluded blank lets SQLite use the partial unique index on the profile key.
            contact = contacts.filter(profile_key=self.profile_key).exclude(profile_key="").first()
            if contact is not None:
                return contact
            contacts = contacts.filter(profile_key="")
        if self.name_key:
            return contacts.filter(name_key=self.name_key).order_by("pk").first()
        return None

    def link_contact(self, *, create=True, save=True):
        """Links the invitation to its contact, creating the contact when there is none.

        The contact's timeline then shows the invitation with its decision and reason.
        """

        contact = self.contact or self.find_contact()
        if contact is None and create:
            first, _, last = self.name.partition(" ")
            contact = Contact(owner_id=self.owner_id, source=Contact.Source.MANUAL)
            contact.set_identity(
                first_name=first, last_name=last, profile_url=self.profile_url, company=self.company
            )
            if self.headline:
                contact.position = self.headline[:500]
            contact.save()
        self.contact = contact
        if save:
            self.save(update_fields=["contact", "updated_at"])
        return contact

    def mark_applied(self):
        """Ticks the decision off as done on LinkedIn; an accepted invitation becomes a contact."""
        self.applied_at = timezone.now()
        if self.decision == Decision.ACCEPT:
            self.status = self.Status.ACCEPTED
            contact = self.link_contact(save=False)
            if not contact.is_connection:
                contact.is_connection = True
                contact.connected_on = contact.connected_on or timezone.localdate()
                contact.save(update_fields=["is_connection", "connected_on", "updated_at"])
        elif self.decision == Decision.IGNORE:
            self.status = self.Status.IGNORED
        self.save(update_fields=["applied_at", "status", "contact", "updated_at"])

    def mark_accepted_by_import(self, contact, *, save=True):
        """An import shows the person as a connection: the invitation was accepted.

        An accept decided in netcoach is then applied; an invitation accepted straight on LinkedIn
        leaves the queue with its decision left as it was.
        """
        self.status = self.Status.ACCEPTED
        self.contact = contact
        if self.decision == Decision.ACCEPT and self.applied_at is None:
            self.applied_at = timezone.now()
        if save:
            self.save(update_fields=["status", "contact", "applied_at", "updated_at"])

    def adds_to_risk(self) -> bool:
        """Whether recording this sent invitation adds to the restriction risk: no note, and a
        person the user never met or spoke with (`at_risk_condition`, before it is saved)."""
        if self.direction != self.Direction.OUTGOING or self.has_note:
            return False
        if self.contact is None:
            return True
        return not self.contact.interactions.filter(Interaction.REAL).exists()

    @classmethod
    def record_by_hand(cls, owner, *, direction, name, profile_url="", message="", sent_on=None):
        """An invitation sent or received outside an import, so the queue works between exports."""
        invitation = cls.entered_by_hand(
            owner, direction=direction, name=name, profile_url=profile_url, message=message
        )
        invitation.save_by_hand(sent_on)
        return invitation

    @classmethod
    def entered_by_hand(cls, owner, *, direction, name, profile_url="", message="") -> "Invitation":
        """The invitation the record form describes, not saved yet. A sent one is linked to the
        contact of that profile or name, if any: whether the user knows them decides the
        restriction risk."""
        invitation = cls(owner=owner, direction=direction, message=message.strip())
        invitation.set_identity(name=name, profile_url=profile_url)
        if direction == cls.Direction.OUTGOING:
            invitation.contact = invitation.find_contact()
        return invitation

    def save_by_hand(self, sent_on=None):
        sent_on = sent_on or timezone.localdate()
        self.sent_at = timezone.make_aware(
            datetime.combine(sent_on, timezone.localtime().time().replace(microsecond=0))
        )
        self.source = self.Source.MANUAL
        self.save()

    def mark_withdrawn(self):
        self.status = self.Status.WITHDRAWN
        self.save(update_fields=["status", "updated_at"])

    def reply_draft(self, template: "ReplyTemplate | None") -> str:
        text = template.text if template else str(DEFAULT_REPLY)
        return text.replace("{first_name}", self.first_name or self.name).strip()


# Homonyms beyond this many are not worth a look while triaging.
MATCHES_SHOWN = 5


def _recommendations_received(contact):
    """The recommendations `contact` (an OuterRef) wrote for the user."""
    return Interaction.objects.filter(Interaction.RECOMMENDED_YOU, contact=contact)


def _company_mark(owner_id, company_key: str, known: list) -> "CompanyMark | None":
    """The user's mark on the invitation's company (from the headline, else a matching contact's)
    or on a matching contact's current company: one query, none without a company."""
    keys = [key for key in [company_key, *(c.company_key for c in known)] if key]
    if not keys:
        return None
    marked = CompanyMark.objects.filter(owner_id=owner_id, company_key__in=keys)
    marks = {mark.company_key: mark for mark in marked}
    return next((marks[key] for key in keys if key in marks), None)


_HEADLINE_COMPANY_RE = re.compile(r"(?:\s+at\s+|\s+@\s*|\s+chez\s+)([^|,·]+)", re.IGNORECASE)

# The user's first reply template, written in their language when it is made.
DEFAULT_REPLY_NAME = pgettext_lazy("reply template", "Ask why")
DEFAULT_REPLY = gettext_lazy(
    "Hello {first_name}, thank you for your invitation. Before I accept: what made you want to "
    "connect? I'd be glad to hear what you are working on."
)


@dataclass(frozen=True)
class Signals:
    """What netcoach can tell about the person behind an invitation."""

    contacts: list = field(default_factory=list)
    met_contact: object = None
    prescriber: object = None  # a matching contact who recommended the user on LinkedIn
    real_count: int = 0
    message_count: int = 0
    earlier_invitations: int = 0
    earlier_invitation_at: object = None
    company: str = ""
    colleagues: list = field(default_factory=list)
    colleague_count: int = 0
    company_mark: object = None  # the user's CompanyMark on their company, if any
    keywords: list = field(default_factory=list)
    is_connection: bool = False
    responsiveness: object = None  # answers.Responsiveness, when the user wrote to them

    @property
    def met_before(self) -> bool:
        return self.met_contact is not None

    def holding(self) -> set[str]:
        """The CriterionSignal values that hold: the criteria netcoach ticks for the user."""
        holds = {
            CriterionSignal.KNOWN: self.met_before,
            CriterionSignal.PERTINENCE: bool(self.keywords),
            CriterionSignal.PRESCRIPTION: self.prescriber is not None,
        }
        return {signal for signal, held in holds.items() if held}

    def ticks(self, criteria) -> list:
        """The criteria (of the user's rule) that these signals tick."""
        holding = self.holding()
        return [c for c in criteria if c.signal and c.signal in holding]

    @property
    def at_competitor(self) -> bool:
        return getattr(self.company_mark, "kind", "") == CompanyMark.Kind.COMPETITOR
