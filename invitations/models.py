"""Invitations sent and received, and the user's own rule for deciding on them."""

from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from contacts import normalize

# The PIPU reflex method (product.md): accept when 2 of these 4 hold.
PIPU = [
    ("Pertinence", "Is the profile pertinent to my field and goals?"),
    ("Interaction", "Is this person likely to interact with what I publish?"),
    ("Prescription", "Could they become a prescriber who recommends me?"),
    ("Utility", "Are they useful to me, short or long term?"),
]
DEFAULT_THRESHOLD = 2


class Decision(models.TextChoices):
    UNDECIDED = "undecided", "Undecided"
    ACCEPT = "accept", "Accept"
    IGNORE = "ignore", "Ignore"
    TALK_FIRST = "talk_first", "Talk first"
    LATER = "later", "Later"


class AcceptanceRule(models.Model):
    """How many of the user's criteria must hold to accept, and their focus keywords."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="acceptance_rule"
    )
    threshold = models.PositiveSmallIntegerField(default=DEFAULT_THRESHOLD)
    preset = models.CharField(max_length=30, default="pipu")
    focus_keywords = models.TextField(
        blank=True, help_text="Your field, sectors and roles, separated by commas."
    )

    def __str__(self):
        return f"Accept when {self.threshold} hold"

    @classmethod
    def for_user(cls, user) -> "AcceptanceRule":
        """The user's rule, created with PIPU (2 of 4) on first use."""
        with transaction.atomic():
            rule, created = cls.objects.get_or_create(owner=user)
            if created and not Criterion.objects.filter(owner=user).exists():
                Criterion.objects.bulk_create(
                    Criterion(owner=user, name=name, question=question, position=i)
                    for i, (name, question) in enumerate(PIPU)
                )
        return rule

    def keywords(self) -> list[str]:
        return [k.strip().lower() for k in self.focus_keywords.split(",") if k.strip()]

    def suggest(self, criteria_met: int) -> str:
        """The rule's suggestion for a number of criteria met."""
        return Decision.ACCEPT if criteria_met >= self.threshold else Decision.IGNORE


class Criterion(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    name = models.CharField(max_length=60)
    question = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class ReplyTemplate(models.Model):
    """A "talk first" reply draft the user copies into LinkedIn."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    name = models.CharField(max_length=60)
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class InvitationQuerySet(models.QuerySet):
    def incoming(self):
        return self.filter(direction=Invitation.Direction.INCOMING)

    def outgoing(self):
        return self.filter(direction=Invitation.Direction.OUTGOING)

    def pending(self):
        return self.filter(status=Invitation.Status.PENDING)

    def to_triage(self, today=None):
        """Incoming, pending, and undecided or back from "later" on its date; oldest first."""
        today = today or timezone.localdate()
        return (
            self.incoming()
            .pending()
            .filter(
                Q(decision=Decision.UNDECIDED) | Q(decision=Decision.LATER, later_until__lte=today)
            )
            .order_by("sent_at", "pk")
        )

    def decided_not_applied(self):
        return self.incoming().filter(
            decision__in=[Decision.ACCEPT, Decision.IGNORE], applied_at__isnull=True
        )

    def talk_first_waiting(self):
        return self.incoming().pending().filter(decision=Decision.TALK_FIRST)

    def stale_sent(self, stale_days: int = 21, now=None):
        """Sent invitations pending for longer than `stale_days`: candidates to withdraw."""
        cutoff = (now or timezone.now()) - timedelta(days=stale_days)
        return self.outgoing().pending().filter(sent_at__lt=cutoff)

    def dashboard_counts(self, stale_days: int = 21, today=None) -> dict[str, int]:
        """The invitation numbers of the dashboard, in one query."""
        today = today or timezone.localdate()
        cutoff = timezone.now() - timedelta(days=stale_days)
        incoming_pending = Q(direction=Invitation.Direction.INCOMING, status="pending")
        return self.aggregate(
            to_triage=Count(
                "pk",
                filter=incoming_pending
                & (
                    Q(decision=Decision.UNDECIDED)
                    | Q(decision=Decision.LATER, later_until__lte=today)
                ),
            ),
            decided_not_applied=Count(
                "pk",
                filter=Q(
                    direction=Invitation.Direction.INCOMING,
                    decision__in=[Decision.ACCEPT, Decision.IGNORE],
                    applied_at__isnull=True,
                ),
            ),
            talk_first=Count("pk", filter=incoming_pending & Q(decision=Decision.TALK_FIRST)),
            sent_pending=Count(
                "pk", filter=Q(direction=Invitation.Direction.OUTGOING, status="pending")
            ),
            sent_stale=Count(
                "pk",
                filter=Q(
                    direction=Invitation.Direction.OUTGOING, status="pending", sent_at__lt=cutoff
                ),
            ),
        )


class Invitation(models.Model):
    class Direction(models.TextChoices):
        INCOMING = "incoming", "Received"
        OUTGOING = "outgoing", "Sent"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        IGNORED = "ignored", "Ignored"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Source(models.TextChoices):
        IMPORTED = "imported", "Imported"
        MANUAL = "manual", "Entered by hand"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    name = models.CharField(max_length=300)
    name_key = models.CharField(max_length=300, blank=True, editable=False)
    profile_url = models.URLField(max_length=500, blank=True)
    profile_key = models.CharField(max_length=300, blank=True, editable=False)
    message = models.TextField("personal note", blank=True)
    headline = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decision = models.CharField(max_length=12, choices=Decision.choices, default=Decision.UNDECIDED)
    later_until = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    criteria_met = models.JSONField(default=list, blank=True)
    suggestion = models.CharField(max_length=12, choices=Decision.choices, blank=True)
    overridden = models.BooleanField(default=False)
    applied_at = models.DateTimeField("applied on LinkedIn", null=True, blank=True)
    contact = models.ForeignKey(
        "contacts.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    import_key = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
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

    def decide(self, decision, *, rule, criteria_met=(), reason="", later_until=None):
        """Records the user's decision with the criteria they saw hold and the rule's suggestion.

        The suggestion is kept so that the decision says whether the user overrode their own rule.
        """
        criteria_met = list(criteria_met)
        self.suggestion = rule.suggest(len(criteria_met))
        self.decision = decision
        self.criteria_met = criteria_met
        self.reason = reason.strip()
        self.later_until = later_until if decision == Decision.LATER else None
        self.overridden = decision in (Decision.ACCEPT, Decision.IGNORE) and (
            decision != self.suggestion
        )
        self.decided_at = timezone.now()
        self.applied_at = None
        self.save()

    def undo_decision(self):
        self.decision = Decision.UNDECIDED
        self.criteria_met = []
        self.suggestion = ""
        self.overridden = False
        self.reason = ""
        self.later_until = None
        self.decided_at = None
        self.applied_at = None
        self.save()

    def mark_applied(self):
        self.applied_at = timezone.now()
        self.save(update_fields=["applied_at", "updated_at"])
