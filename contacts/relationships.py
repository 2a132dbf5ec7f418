"""The relationship model (docs/relationship-model.md): its types and rules, as pure functions.

Nothing here queries the database: `ContactQuerySet.for_dashboard()` and friends fetch the rows
with a fixed number of queries, and these functions fold them in one pass. Every number comes
from the user's `Preferences`.
"""

import itertools
import math
import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext, pgettext_lazy

from contacts.numbers import number


class Layer(models.IntegerChoices):
    """Dunbar's nested layers; a contact with no layer is in the pool of weak ties."""

    CORE = 1, pgettext_lazy("layer", "Core")
    CLOSE = 2, pgettext_lazy("layer", "Close")
    REGULAR = 3, pgettext_lazy("layer", "Regular")
    ACTIVE = 4, pgettext_lazy("layer", "Active")


class Status(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("status", "Active")
    DUE = "due", pgettext_lazy("status", "Due")
    DORMANT = "dormant", pgettext_lazy("status", "Dormant")


# Interactions. A "real" interaction resets the cadence clock: any meeting or call, and a written
# exchange only when it went both ways. The weights feed the recency-weighted score.
SPOKEN_KINDS = ("met", "video", "phone")  # real whatever the direction; "ever met" too
WRITTEN_KINDS = ("email", "linkedin")  # real only both ways
REAL_KINDS = (*SPOKEN_KINDS, *WRITTEN_KINDS)  # the kinds an interaction can be real in
TWO_WAY = "both"
WEIGHTS = {"met": 1.0, "video": 0.8, "phone": 0.7, "email": 0.4, "linkedin": 0.3}
ONE_WAY_WEIGHT = 0.1
INTRODUCTION_WEIGHT = 0.05
ENDORSEMENT_WEIGHT = 0.05
RECOMMENDATION_WEIGHT = 0.1  # written about the person, one way: a one-way message's weight
# Gestures rather than exchanges: they count in the score at their weight, never reset the clock,
# and are neither "you wrote" nor a reply for the unanswered term, whatever their direction.
SIGNAL_WEIGHTS = {
    "introduction": INTRODUCTION_WEIGHT,
    "endorsement": ENDORSEMENT_WEIGHT,
    "recommendation": RECOMMENDATION_WEIGHT,
}
SIGNAL_KINDS = tuple(SIGNAL_WEIGHTS)


def is_real(kind: str, direction: str) -> bool:
    return kind in SPOKEN_KINDS or (kind in WRITTEN_KINDS and direction == TWO_WAY)


# "last met 74 days ago": each with the moment in words (`days_in_words`) as `when`.
REAL_KIND_WORDS = {
    "met": gettext_lazy("last met %(when)s"),
    "video": gettext_lazy("last video call %(when)s"),
    "phone": gettext_lazy("last call %(when)s"),
    "email": gettext_lazy("last email exchange %(when)s"),
    "linkedin": gettext_lazy("last LinkedIn exchange %(when)s"),
}
# The reply window: a message answered within it makes a two-way exchange (the LinkedIn import,
# docs/relationship-model.md "Two-way exchanges"), and a message of the user younger than it with
# no answer yet is "unanswered" (the reconnect priority).
REPLY_WINDOW_DAYS = 14
POOL = 5  # rank of the pool beyond the four layers, for comparisons
STABLE_DAYS = 90  # a placement the user made is not contradicted by a move-in for this long
DISMISSED_DAYS = 90  # a dismissed suggestion stays hidden for this long
EXCHANGE_WINDOW = 2  # a move-in's reason counts the real interactions of the last 2 cadences


def status_for(gap_days: int | None, cadence: float, dormant_factor: float) -> str:
    """active: gap ≤ cadence; due: ≤ dormant_factor × cadence; dormant beyond or never."""
    if gap_days is None or gap_days > dormant_factor * cadence:
        return Status.DORMANT
    if gap_days <= longest_active_gap(cadence):
        return Status.ACTIVE
    return Status.DUE


def longest_active_gap(cadence: float) -> int:
    """The longest silence in whole days that is still active (a 547.5-day cadence: 547)."""
    return math.floor(cadence)


def due_on(last_real_day: date, cadence: float) -> date:
    """The first day `status_for` says due after a real interaction on `last_real_day`: the
    keep-in-touch date of the calendar (contacts/calendar_feed.py)."""
    return last_real_day + timedelta(days=longest_active_gap(cadence) + 1)


def median_interval(days: list[date]) -> float | None:
    """The median number of days between consecutive real interactions (None under 3)."""
    if len(days) < 3:
        return None
    return statistics.median((b - a).days for a, b in itertools.pairwise(sorted(days)))


def is_rhythm_broken(days: list[date], today: date, rhythm_factor: float) -> bool:
    """At least 3 real interactions and a silence over rhythm_factor × their median interval."""
    median = median_interval(days)
    if median is None:
        return False
    return (today - max(days)).days > rhythm_factor * max(median, 1)


@dataclass(frozen=True)
class Priority:
    """Reconnect priority with its terms kept apart so the page can say where it comes from."""

    overdue: float  # layer_weight × min(gap / cadence, 4)
    follow_up: float  # +1 when a note's follow-up is open
    rhythm: float  # +0.5 when the rhythm is broken
    unanswered: float  # −2 when the user wrote within 14 days with no reply

    @property
    def score(self) -> float:
        return self.overdue + self.follow_up + self.rhythm + self.unanswered


def priority(
    *,
    layer_weight: float,
    gap_days: int | None,
    cadence: float,
    follow_up_open: bool,
    rhythm_broken: bool,
    unanswered: bool,
) -> Priority:
    # Never a real interaction counts as the longest silence: the ratio is capped at 4 anyway.
    ratio = 4 if gap_days is None else min(gap_days / cadence, 4)
    return Priority(
        overdue=layer_weight * ratio,
        follow_up=1 if follow_up_open else 0,
        rhythm=0.5 if rhythm_broken else 0,
        unanswered=-2 if unanswered else 0,
    )


@dataclass
class Person:
    """A layered contact with everything the dashboard says about them."""

    id: int
    name: str
    layer: int
    is_family: bool
    company: str = ""
    position: str = ""
    real_days: list[date] = field(default_factory=list)
    last_real_kind: str = ""
    ever_met: bool = False  # an in-person meeting or a call ever logged
    follow_up_open: bool = False
    unanswered: bool = False
    snoozed: bool = False
    snoozed_until: date | None = None
    introduced_on: date | None = None  # the latest introduction the user made for them
    introduced_to: str = ""
    # Filled by assess():
    cadence: float = 0
    gap_days: int | None = None
    status: str = Status.DORMANT
    rhythm_broken: bool = False
    priority: Priority | None = None
    move_out: bool = False
    introduced_days: int | None = None

    @property
    def layer_label(self) -> str:
        return Layer(self.layer).label

    @property
    def real_count(self) -> int:
        return len(self.real_days)

    @property
    def reason(self) -> str:
        """The reconnect reason in words: "Close · last met 74 days ago · cadence 30 days"."""
        parts = [
            standing_reason(
                self.layer,
                self.is_family,
                self.gap_days,
                self.last_real_kind,
                self.cadence,
                introduced_days=self.introduced_days,
                introduced_to=self.introduced_to,
            )
        ]
        if self.follow_up_open:
            parts.append(_("follow-up open"))
        if self.rhythm_broken:
            parts.append(_("rhythm broken"))
        if self.unanswered:
            parts.append(_("you wrote, no reply yet"))
        return " · ".join(parts)


def standing_reason(
    layer: int,
    is_family: bool,
    gap_days: int | None,
    last_real_kind: str,
    cadence: float,
    *,
    introduced_days: int | None = None,
    introduced_to: str = "",
) -> str:
    """Where a layered person stands, in the words every page uses:
    "Close (family) · last met 74 days ago · cadence 45 days".

    The latest introduction the user made for them is named when it came after the last real
    interaction (or there was none): it does not reset the clock, but it is what happened
    since. "Close · last met 74 days ago · cadence 30 days · introduced to Ana Lima 12 days ago".
    """
    label = Layer(layer).label
    parts = [
        _("%(layer)s (family)") % {"layer": label} if is_family else str(label),
        last_real_words(gap_days, last_real_kind),
        _("cadence %(days)s") % {"days": days(cadence)},
    ]
    if introduced_after_last_real(introduced_days, gap_days):
        when = days_in_words(introduced_days)
        if introduced_to:
            parts.append(
                _("introduced to %(name)s %(when)s") % {"name": introduced_to, "when": when}
            )
        else:
            parts.append(_("introduced to someone %(when)s") % {"when": when})
    return " · ".join(parts)


def introduced_after_last_real(introduced_days: int | None, gap_days: int | None) -> bool:
    """An introduction made (not in the future) on a later day than the last real interaction."""
    return (
        introduced_days is not None
        and introduced_days >= 0
        and (gap_days is None or introduced_days < gap_days)
    )


def last_real_words(gap_days: int | None, last_real_kind: str) -> str:
    """ "last met 74 days ago", "last call today", "no real interaction yet": the status's words
    for the last real interaction, said the same way wherever it is shown."""
    if gap_days is None:
        return _("no real interaction yet")
    words = REAL_KIND_WORDS.get(last_real_kind) or _("last real interaction %(when)s")
    return words % {"when": days_in_words(gap_days)}


def days_in_words(n: int) -> str:
    """ "today", "yesterday", "3 days ago" ("aujourd'hui", "hier", "il y a 3 jours")."""
    if n == 0:
        return _("today")
    if n == 1:
        return _("yesterday")
    return ngettext("%(n)s day ago", "%(n)s days ago", n) % {"n": number(n)}


def days(n: float) -> str:
    """ "1 day", "30 days", "547.5 days" ("547,5 jours" in French)."""
    return ngettext("%(n)s day", "%(n)s days", 1 if n == 1 else 2) % {"n": number(n)}


# What a later interaction that did not reset the clock is called beside the last real one:
# "Feb 4, 2026, then a one-way message, Mar 9, 2026".
NOT_REAL_WORDS = {
    "email": gettext_lazy("a one-way message"),
    "linkedin": gettext_lazy("a one-way message"),
    "introduction": gettext_lazy("an introduction"),
    "other": gettext_lazy("another interaction"),
}


def assess(people: list[Person], prefs, today: date) -> list[Person]:
    """Fills status, gap, rhythm, priority and the move-out flag of each person, in one pass."""
    for person in people:
        person.cadence = prefs.cadence(person.layer, person.is_family)
        person.gap_days = (today - max(person.real_days)).days if person.real_days else None
        if person.introduced_on is not None:
            person.introduced_days = (today - person.introduced_on).days
        person.status = status_for(person.gap_days, person.cadence, prefs.dormant_factor)
        person.rhythm_broken = is_rhythm_broken(person.real_days, today, prefs.rhythm_factor)
        person.move_out = person.status == Status.DORMANT and (
            person.gap_days is None or person.gap_days > prefs.move_out_factor * person.cadence
        )
        person.priority = priority(
            layer_weight=prefs.layer_weight(person.layer),
            gap_days=person.gap_days,
            cadence=person.cadence,
            follow_up_open=person.follow_up_open,
            rhythm_broken=person.rhythm_broken,
            unanswered=person.unanswered,
        )
    return people


def reconnect_list(people: list[Person], prefs, limit: int = 10) -> list[Person]:
    """Layered people silent for at least reconnect_threshold × cadence, highest priority first.

    Snoozed people stay off the list until their date. Ties go to the longer silence.
    """
    candidates = [
        p
        for p in people
        if not p.snoozed
        and (p.gap_days is None or p.gap_days >= prefs.reconnect_threshold * p.cadence)
    ]
    candidates.sort(
        key=lambda p: (-p.priority.score, -(p.gap_days if p.gap_days is not None else 10**6))
    )
    return candidates[:limit]


@dataclass(frozen=True)
class LayerCount:
    layer: int
    label: str
    cap: int
    inner: int  # people in the layers inside this one (counted against its cumulative cap)
    active: int
    due: int
    dormant: int

    @property
    def own(self) -> int:
        return self.active + self.due + self.dormant

    @property
    def cumulative(self) -> int:
        return self.inner + self.own

    @property
    def over_by(self) -> int:
        return max(self.cumulative - self.cap, 0)


@dataclass(frozen=True)
class Budget:
    used: int  # layered people active or due
    at_risk: int  # layered people dormant: they do not use budget
    total: int  # the budget (150 by default)
    layers: list[LayerCount]

    @property
    def free(self) -> int:
        return max(self.total - self.used, 0)

    @property
    def over_cap(self) -> list[LayerCount]:
        return [layer for layer in self.layers if layer.over_by]


def budget(people: list[Person], prefs) -> Budget:
    counts = {(layer, status): 0 for layer in Layer for status in Status}
    for person in people:
        counts[(person.layer, person.status)] += 1
    layers, inner = [], 0
    for layer in Layer:
        row = LayerCount(
            layer=layer,
            label=layer.label,
            cap=prefs.cap(layer),
            inner=inner,
            active=counts[(layer, Status.ACTIVE)],
            due=counts[(layer, Status.DUE)],
            dormant=counts[(layer, Status.DORMANT)],
        )
        layers.append(row)
        inner = row.cumulative
    used = sum(row.active + row.due for row in layers)
    at_risk = sum(row.dormant for row in layers)
    return Budget(used=used, at_risk=at_risk, total=prefs.budget, layers=layers)


@dataclass(frozen=True)
class Suggestion:
    contact_id: int
    name: str
    current: int | None
    suggested: int | None
    reason: str

    @property
    def current_label(self) -> str:
        return Layer(self.current).label if self.current else pgettext("layer", "Pool")

    @property
    def suggested_label(self) -> str:
        return Layer(self.suggested).label if self.suggested else pgettext("layer", "Pool")

    @property
    def direction(self) -> str:
        return "in" if (self.suggested or POOL) < (self.current or POOL) else "out"


def threshold(cadence: float, half_life: float) -> float:
    """The score that one two-way LinkedIn exchange per cadence builds up, and the least a
    person needs to fit a layer: 0.3 / (1 − 0.5^(cadence / half-life)), about 11.3 for Core's
    7 days, 2.75 for Close's 30, 0.6 for Regular's 180 and 0.4 for Active's 365."""
    return WEIGHTS["linkedin"] / (1 - 0.5 ** (cadence / half_life))


@dataclass(frozen=True)
class Candidate:
    """Someone a move-in could be suggested for: their score now and their last real interaction."""

    id: int
    name: str
    layer: int | None  # where they are now (None: the pool)
    is_family: bool
    score: float
    gap_days: int | None  # days since the last real interaction (None: never)


def fits(candidate: Candidate, layer: int, prefs) -> bool:
    """Their history fits the layer: the last real interaction is within its cadence, and the
    score is at least the layer's threshold."""
    cadence = prefs.cadence(layer, candidate.is_family)
    return (
        candidate.gap_days is not None
        and candidate.gap_days <= cadence
        and candidate.score >= threshold(cadence, prefs.half_life_days)
    )


@dataclass(frozen=True)
class Dismissals:
    """The suggestions the user dismissed in the last DISMISSED_DAYS days."""

    move_in: dict[int, int] = field(default_factory=dict)  # contact: innermost layer dismissed
    move_out: set[tuple[int, int | None]] = field(default_factory=set)  # (contact, layer)

    def hide_move_in(self, contact_id: int, layer: int) -> bool:
        """A dismissed move-in stays hidden unless the person now fits an inner layer."""
        return layer >= self.move_in.get(contact_id, POOL)

    def hide_move_out(self, contact_id: int, layer: int | None) -> bool:
        return (contact_id, layer) in self.move_out


def fill_layers(
    candidates, placed: dict[int, int], prefs, dismissed: Dismissals, limit: int
) -> list[tuple[Candidate, int]]:
    """The move-ins, as (candidate, layer): Core first, then Close, Regular, Active.

    `candidates` come best score first, without the people the user placed in the last
    STABLE_DAYS (no suggestion contradicts those placements); they are read only as far as
    needed, so that an iterator over a query can stop early. `placed` counts the people in each
    layer: they keep their places against the cumulative caps, and no suggestion takes a layer
    over its cap. Among those who fit a layer the highest scores take its free places; the rest
    go to the next layer they fit (fitting a layer means fitting every outer one too).
    """
    seen, stream = [], iter(candidates)

    def best_first():
        for i in itertools.count():
            if i == len(seen):
                candidate = next(stream, None)
                if candidate is None:
                    return
                seen.append(candidate)
            yield seen[i]

    taken = cumulative_counts(placed)
    chosen, suggested = [], set()
    for layer in Layer:
        # Nobody scores under the family threshold of the layer can fit it: stop reading there.
        floor = min(threshold(prefs.cadence(layer, f), prefs.half_life_days) for f in (False, True))
        for candidate in best_first():
            if taken[layer] >= prefs.cap(layer) or candidate.score < floor:
                break
            current = candidate.layer or POOL
            if (
                current <= layer
                or candidate.id in suggested
                or dismissed.hide_move_in(candidate.id, layer)
                or not fits(candidate, layer, prefs)
            ):
                continue
            # Moving in adds the person to every cumulative count from this layer to their own.
            grows = range(layer, current)
            if any(taken[outer] >= prefs.cap(outer) for outer in grows):
                continue
            for outer in grows:
                taken[outer] += 1
            chosen.append((candidate, layer))
            suggested.add(candidate.id)
            if len(chosen) == limit:
                return chosen
    return chosen


def cumulative_counts(placed: dict) -> dict[int, int]:
    """The people in each layer and the layers inside it, from the people placed in each."""
    return {
        layer: sum(n for inner, n in placed.items() if inner is not None and inner <= layer)
        for layer in Layer
    }


def movable_layers(placed: dict, prefs) -> list[int | None]:
    """The layers (None: the pool) someone could move in from without taking a layer over its
    cap: a move in from a layer adds one to the count of the layer just inside it, at least."""
    taken = cumulative_counts(placed)
    just_inside = {
        Layer.CLOSE: Layer.CORE,
        Layer.REGULAR: Layer.CLOSE,
        Layer.ACTIVE: Layer.REGULAR,
        None: Layer.ACTIVE,
    }
    return [layer for layer, inner in just_inside.items() if taken[inner] < prefs.cap(inner)]


def move_in_reason(
    candidate: Candidate, layer: int, last_real_kind: str, exchanges: int, prefs
) -> str:
    """ "last met 5 days ago, 4 two-way exchanges in 60 days: fits Close (cadence 30 days)":
    the status's words for the last real interaction, the real interactions of the last
    EXCHANGE_WINDOW cadences, and the layer's cadence."""
    cadence = prefs.cadence(layer, candidate.is_family)
    values = {
        "last": last_real_words(candidate.gap_days, last_real_kind),
        "n": number(exchanges),
        "window": days(window_days(cadence)),
        "layer": Layer(layer).label,
        "cadence": days(cadence),
    }
    if candidate.is_family:
        return (
            ngettext(
                "%(last)s, %(n)s two-way exchange in %(window)s: "
                "fits %(layer)s (family, cadence %(cadence)s)",
                "%(last)s, %(n)s two-way exchanges in %(window)s: "
                "fits %(layer)s (family, cadence %(cadence)s)",
                exchanges,
            )
            % values
        )
    return (
        ngettext(
            "%(last)s, %(n)s two-way exchange in %(window)s: fits %(layer)s (cadence %(cadence)s)",
            "%(last)s, %(n)s two-way exchanges in %(window)s: fits %(layer)s (cadence %(cadence)s)",
            exchanges,
        )
        % values
    )


def window_days(cadence: float) -> int:
    """The days over which a move-in's reason counts the real interactions."""
    return int(EXCHANGE_WINDOW * cadence)


def move_in_suggestion(
    candidate: Candidate, layer: int, last_real_kind: str, exchanges: int, prefs
):
    return Suggestion(
        candidate.id,
        candidate.name,
        candidate.layer,
        layer,
        move_in_reason(candidate, layer, last_real_kind, exchanges, prefs),
    )


def move_out_suggestions(
    people: list[Person], prefs, limit: int = 10, dismissed: Dismissals | None = None
) -> list[Suggestion]:
    """Layered people dormant for more than move_out_factor × cadence: one layer out, unless
    the user dismissed that move in the last DISMISSED_DAYS days."""
    dismissed = dismissed or Dismissals()

    def outer(p):
        return p.layer + 1 if p.layer < Layer.ACTIVE else None

    out = [p for p in people if p.move_out and not dismissed.hide_move_out(p.id, outer(p))]
    out.sort(key=lambda p: -(p.gap_days if p.gap_days is not None else 10**6))
    return [
        Suggestion(
            p.id,
            p.name,
            p.layer,
            outer(p),
            (
                _("no real interaction yet")
                if p.gap_days is None
                else ngettext(
                    "silent %(n)s day, over %(factor)s × the %(cadence)s-day cadence",
                    "silent %(n)s days, over %(factor)s × the %(cadence)s-day cadence",
                    p.gap_days,
                )
                % {
                    "n": number(p.gap_days),
                    "factor": number(prefs.move_out_factor),
                    "cadence": number(p.cadence),
                }
            ),
        )
        for p in out[:limit]
    ]
