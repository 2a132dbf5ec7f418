"""Who answers: read from the interactions, mostly the imported LinkedIn conversation days.

An imported conversation day (netcoach/linkedin/days.py) holds one line per message, "Me: …" or
"Them: …", and a direction that looks beyond the day: `both` also marks a day of the user's
alone when the other side answered within the reply window. So whether *they* wrote on a day is
read from its lines when there are any, and from its direction otherwise (an interaction logged
by hand). A meeting or a call counts as both sides speaking.

Two uses (docs/methods.md):
- "Talk first" settles itself: did the person write after their invitation? (`settle_talk_first`)
- Responsiveness, a triage signal: how many of the user's messages they answer, and how fast
  (`Responsiveness.of`).
"""

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone

from contacts.models import Contact, Interaction
from contacts.relationships import REPLY_WINDOW_DAYS, SPOKEN_KINDS, WRITTEN_KINDS

MINE, THEIRS = "Me: ", "Them: "


def _has_line(prefix: str) -> ExpressionWrapper:
    """Whether the summary holds a line starting with `prefix`, read by the database: the
    summaries (up to 500 characters each) stay there."""
    return ExpressionWrapper(
        Q(summary__startswith=prefix) | Q(summary__contains=f"\n{prefix}"),
        output_field=BooleanField(),
    )


# What is read of each interaction: who wrote is told by these, not by the text.
LINES = {"mine_line": _has_line(MINE), "theirs_line": _has_line(THEIRS)}
FIELDS = ("contact_id", "kind", "direction", "source", "mine_line", "theirs_line", "occurred_at")


def _lines_known(row: dict) -> bool:
    return row["source"] == Interaction.Source.IMPORTED and (row["mine_line"] or row["theirs_line"])


def they_wrote(row: dict) -> bool:
    """The person wrote (or spoke) in this interaction, a row of `FIELDS`."""
    if row["kind"] in SPOKEN_KINDS:
        return True
    if row["kind"] not in WRITTEN_KINDS or row["direction"] == Interaction.Direction.FROM_ME:
        return False
    if row["direction"] == Interaction.Direction.BOTH and _lines_known(row):
        return bool(row["theirs_line"])
    return True


def i_wrote(row: dict) -> bool:
    """The user wrote to the person in this written interaction."""
    if row["kind"] not in WRITTEN_KINDS or row["direction"] == Interaction.Direction.TO_ME:
        return False
    if row["direction"] == Interaction.Direction.BOTH and _lines_known(row):
        return bool(row["mine_line"])
    return True


# Where a reply can be: a meeting or call, or a written interaction they may have written in.
MAY_BE_THEIRS = Q(kind__in=SPOKEN_KINDS) | Q(
    kind__in=WRITTEN_KINDS,
    direction__in=[Interaction.Direction.TO_ME, Interaction.Direction.BOTH],
)


@dataclass(frozen=True)
class Responsiveness:
    """How the person answers the user's LinkedIn messages.

    Each day the user wrote is one of "your messages"; it is answered when the person wrote the
    same day or within the reply window after it (REPLY_WINDOW_DAYS, the window of a two-way
    exchange in docs/relationship-model.md). `usual_days` is the median delay, in days.
    """

    sent: int
    answered: int
    usual_days: int | None

    @property
    def never(self) -> bool:
        return self.answered == 0

    @property
    def answers_most(self) -> bool:
        return self.answered * 2 >= self.sent

    @classmethod
    def of(cls, rows: list[dict]) -> "Responsiveness | None":
        """From one person's LinkedIn interactions (rows of `FIELDS`, oldest first); None when
        the user never wrote to them."""
        tz = timezone.get_current_timezone()
        days = [(timezone.localdate(r["occurred_at"], tz), i_wrote(r), they_wrote(r)) for r in rows]
        theirs = [day for day, _mine, their in days if their]  # in order, as the rows
        sent, delays = 0, []
        for day, mine, _their in days:
            if not mine:
                continue
            sent += 1
            first = bisect_left(theirs, day)  # their first day on or after this one
            if first < len(theirs) and (theirs[first] - day).days <= REPLY_WINDOW_DAYS:
                delays.append((theirs[first] - day).days)
        if not sent:
            return None
        usual = int(-(-median(delays) // 1)) if delays else None
        return cls(sent=sent, answered=len(delays), usual_days=usual)


def responsiveness_of(contact) -> "Responsiveness | None":
    """The responsiveness of one contact, in one query."""
    rows = list(
        Interaction.objects.filter(contact=contact, kind=Interaction.Kind.LINKEDIN)
        .annotate(**LINES)
        .order_by("occurred_at", "pk")
        .values(*FIELDS)
    )
    return Responsiveness.of(rows)


@dataclass(frozen=True)
class TalkFirstAnswer:
    """Where a talk-first invitation stands: answered (when, how many times), or silent for how
    long; and the decision that settles it, or "" while it is too early to tell."""

    answered_on: object  # a date, or None
    answers: int
    silent_days: int
    suggestion: str  # Decision.ACCEPT, Decision.IGNORE or ""

    @property
    def answered(self) -> bool:
        return self.answered_on is not None


def _since(invitation):
    """The moment from which a message of theirs answers: their invitation, else the decision."""
    return invitation.sent_at or invitation.decided_at or invitation.created_at


def settle_talk_first(invitations, *, wait_days: int, now=None) -> None:
    """Sets `answer` (a TalkFirstAnswer) on each talk-first invitation of one owner, in two
    queries: an answer of theirs suggests accepting, `wait_days` of silence after the talk-first
    decision suggest ignoring (docs/methods.md, "Talk first")."""
    from invitations.models import Decision  # here: invitations.models imports this module

    invitations = list(invitations)
    if not invitations:
        return
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    by_contact = {i.contact_id for i in invitations if i.contact_id}
    profiles = {i.profile_key for i in invitations if i.profile_key}
    names = {i.name_key for i in invitations if i.name_key}
    owner_id = invitations[0].owner_id
    start = min(_since(i) for i in invitations)
    start = timezone.make_aware(
        datetime.combine(timezone.localdate(start, tz), datetime.min.time()), tz
    )
    # Their contacts first, one branch per key united in one query so that each uses its
    # index; the interactions are then read per contact over the (contact, occurred_at) index.
    # (As one query with a subquery, SQLite read every interaction since `start` by date.)
    mine = Contact.objects.filter(owner_id=owner_id).order_by()
    branches = []
    if profiles:
        branches.append(mine.filter(profile_key__in=profiles).exclude(profile_key=""))
    if names:
        # A namesake with another profile is someone else: by name, only contacts without a
        # profile, or any contact for an invitation without one.
        branches.append(mine.filter(name_key__in=names, profile_key=""))
        unprofiled = {i.name_key for i in invitations if i.name_key and not i.profile_key}
        if unprofiled:
            branches.append(mine.filter(name_key__in=unprofiled))
    fields = ("pk", "profile_key", "name_key")
    people = {}
    if branches:
        united = (
            branches[0].values_list(*fields).union(*(b.values_list(*fields) for b in branches[1:]))
        )
        people = {pk: (profile, name) for pk, profile, name in united.order_by()}
    rows = (
        # No owner here: the contacts are the owner's already, and with it SQLite walks the
        # (owner, occurred_at) index over every interaction since `start`.
        Interaction.objects.filter(
            MAY_BE_THEIRS,
            contact_id__in=sorted(by_contact | set(people)),
            occurred_at__gte=start,
        )
        .filter(occurred_at__lte=now)
        .annotate(**LINES)
        .order_by("occurred_at", "pk")
        .values(*FIELDS)
    )
    # The days each contact wrote (or spoke) on, in order.
    days_of = defaultdict(list)
    for row in rows:
        if they_wrote(row):
            days_of[row["contact_id"]].append(timezone.localdate(row["occurred_at"], tz))
    for invitation in invitations:
        since = timezone.localdate(_since(invitation), tz)
        days = sorted(
            day
            for pk in _their_contacts(invitation, people)
            for day in days_of.get(pk, ())
            if day >= since
        )
        decided = invitation.decided_at or now
        silent = max(0, (now - decided).days)
        if days:
            suggestion = Decision.ACCEPT
        elif silent >= wait_days:
            suggestion = Decision.IGNORE
        else:
            suggestion = ""
        invitation.answer = TalkFirstAnswer(
            answered_on=days[0] if days else None,
            answers=len(set(days)),
            silent_days=silent,
            suggestion=suggestion,
        )


def _their_contacts(invitation, people: dict) -> list[int]:
    """The contacts that are the invitation's person: its linked contact, else those with its
    profile, else those with its name and no other profile (as Invitation.find_contact).
    `people` maps contact ids to their (profile key, name key)."""
    if invitation.contact_id:
        return [invitation.contact_id]
    found = []
    for pk, (profile, name) in people.items():
        if invitation.profile_key and profile:
            if profile == invitation.profile_key:
                found.append(pk)
        elif invitation.name_key and name == invitation.name_key:
            found.append(pk)
    return found


def talk_first_groups(invitations) -> dict[str, list]:
    """Settled invitations split by what settles them: answered, and silent for too long."""
    from invitations.models import Decision  # here: invitations.models imports this module

    return {
        "answered": [i for i in invitations if i.answer.suggestion == Decision.ACCEPT],
        "silent": [i for i in invitations if i.answer.suggestion == Decision.IGNORE],
        "waiting": [i for i in invitations if not i.answer.suggestion],
    }
