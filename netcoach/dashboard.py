"""The dashboard's numbers and charts, read with a fixed number of queries for any network size.

`build()` runs the QuerySet reads of contacts/models.py once each, folds them with the pure
functions of `relationships`, and lays out the server-rendered SVG charts.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from contacts import relationships
from contacts.models import (
    CompanyMark,
    Contact,
    DismissedSuggestion,
    ImportRun,
    Interaction,
    Introduction,
    JobChange,
    Note,
    OwnProfile,
    Preferences,
    Review,
    streak_of_weeks,
)
from invitations import answers
from invitations.models import Invitation

CHART_KINDS = relationships.REAL_KINDS
KIND_LABELS = dict(Interaction.Kind.choices)
RECONNECT_LIMIT = 10
FOLLOW_UP_LIMIT = 8
# Job changes shown (the dashboard's panel, the review's step) and how far back they go: news
# older than three months is no longer news to congratulate anyone on.
JOB_CHANGE_LIMIT = 10
JOB_CHANGE_DAYS = 90


@dataclass
class JobNews:
    """People whose job changed since `since`: the first of them (`changes`, each person's
    latest change, layered people first) and how many people there are in all."""

    since: date
    changes: list[JobChange]
    people: int


def job_news(owner, since: date, *, to_congratulate: bool = False) -> JobNews:
    """Two queries. `to_congratulate` keeps only moves to a new job the user has not been in
    touch about since (the review's step)."""
    changes = JobChange.objects.filter(owner=owner).seen_since(since)
    if to_congratulate:
        changes = changes.to_a_new_job().not_written_since()
    first = changes.latest_per_person().layered_first().select_related("contact")
    return JobNews(
        since=since, changes=list(first[:JOB_CHANGE_LIMIT]), people=changes.people_count()
    )


def target_moves(owner, since: date) -> JobNews | None:
    """The people an import saw move into one of the user's target companies since `since`
    (docs/methods.md, "Companies you care about"): None when no company is marked as a target
    (one query), else four."""
    targets = CompanyMark.objects.filter(owner=owner, kind=CompanyMark.Kind.TARGET)
    keys = list(targets.values_list("company_key", flat=True))
    if not keys:
        return None
    changes = JobChange.objects.filter(owner=owner).seen_since(since).moves_into(keys)
    first = changes.latest_per_person().layered_first().select_related("contact")
    return JobNews(
        since=since, changes=list(first[:JOB_CHANGE_LIMIT]), people=changes.people_count()
    )


def congratulate_since(last_review_at, today: date) -> date:
    """The review's window: since the day of the last finished review, at most 90 days back."""
    earliest = today - timedelta(days=JOB_CHANGE_DAYS)
    if last_review_at is None:
        return earliest
    return max(timezone.localdate(last_review_at), earliest)


@dataclass
class Dashboard:
    prefs: Preferences
    today: date
    people: list[relationships.Person]
    budget: relationships.Budget
    reconnect: list[relationships.Person]
    move_in: list[relationships.Suggestion]
    move_out: list[relationships.Suggestion]
    pool: dict
    invitations: dict
    follow_ups: dict
    follow_up_notes: list
    last_review_at: object
    reviewed_this_week: bool  # a review finished in this ISO week: the next one is not due
    streak: int
    review_in_progress: bool
    months: dict
    growth: dict
    introductions: dict
    last_import_at: object
    job_changes: JobNews
    to_meet: int  # talk online, never met (ContactQuerySet.talking_never_met)
    own_profile: OwnProfile | None = None  # what the latest import said of the user's profile
    # Who moved into a target company (None: the user marked no target); not in the review.
    target_moves: JobNews | None = None

    @property
    def layer_bars(self) -> list[dict]:
        return layer_bars(self.budget)

    @property
    def gauge(self) -> dict:
        return gauge(self.budget)

    # The people-list filters behind the budget's links: who uses budget, who is in a layer.
    USING_BUDGET = [relationships.Status.ACTIVE, relationships.Status.DUE]
    IN_A_LAYER = [layer.value for layer in relationships.Layer]

    @property
    def is_empty(self) -> bool:
        return not self.pool["everyone"] and not self.invitations["to_triage"]


def build(owner, today: date | None = None, *, for_review: bool = False) -> Dashboard:
    """The dashboard; `for_review` reads the job changes of the review's congratulate step
    instead of the panel's last 90 days."""
    today = today or timezone.localdate()
    now = timezone.now()
    prefs = Preferences.for_user(owner)
    contacts = Contact.objects.owned_by(owner)
    interactions = Interaction.objects.filter(owner=owner)
    people = contacts.for_dashboard(prefs, today)
    reach = interactions.reach_counts(prefs, now)
    dismissed = DismissedSuggestion.objects.filter(owner=owner).recent(now)
    reviews, review_in_progress = Review.recent(owner)
    if for_review:
        since = congratulate_since(reviews[0] if reviews else None, today)
        news = job_news(owner, since, to_congratulate=True)
    else:
        news = job_news(owner, today - timedelta(days=JOB_CHANGE_DAYS))
    return Dashboard(
        prefs=prefs,
        today=today,
        people=people,
        budget=relationships.budget(people, prefs),
        reconnect=relationships.reconnect_list(people, prefs, RECONNECT_LIMIT),
        move_in=contacts.move_in_suggestions(prefs, people, dismissed, today, now, limit=5),
        move_out=relationships.move_out_suggestions(people, prefs, limit=5, dismissed=dismissed),
        pool=contacts.pool_counts() | reach,
        invitations=Invitation.objects.filter(owner=owner).dashboard_counts(
            prefs.stale_invitation_days, today
        ),
        follow_ups=follow_up_counts(owner, today),
        follow_up_notes=list(
            Note.objects.filter(owner=owner)
            .follow_ups_due(today)
            .select_related("contact")
            .order_by("follow_up_on", "pk")[:FOLLOW_UP_LIMIT]
        ),
        last_review_at=reviews[0] if reviews else None,
        reviewed_this_week=bool(reviews)
        and timezone.localdate(reviews[0]).isocalendar()[:2] == today.isocalendar()[:2],
        streak=streak_of_weeks(reviews, today),
        review_in_progress=review_in_progress,
        months=month_chart(owner, today),
        growth=growth_chart(contacts.growth_by_year()),
        introductions=Introduction.objects.filter(owner=owner).aggregate(
            made=Count("pk", filter=Q(direction=Introduction.Direction.MADE)),
            asked=Count("pk", filter=Q(direction=Introduction.Direction.ASKED)),
        ),
        last_import_at=last_import_at(owner),
        job_changes=news,
        to_meet=reach["to_meet"],
        own_profile=None if for_review else OwnProfile.objects.filter(owner=owner).first(),
        target_moves=None
        if for_review
        else target_moves(owner, today - timedelta(days=JOB_CHANGE_DAYS)),
    )


def follow_up_counts(owner, today: date) -> dict[str, int]:
    """Open follow-ups dated today (due) and before today (overdue), in one query."""
    return (
        Note.objects.filter(owner=owner)
        .open_follow_ups()
        .aggregate(
            due=Count("pk", filter=Q(follow_up_on=today)),
            overdue=Count("pk", filter=Q(follow_up_on__lt=today)),
        )
    )


def last_import_at(owner):
    """When the latest successful import ran (the review's first step shows it)."""
    return (
        ImportRun.objects.linkedin()
        .filter(owner=owner, status=ImportRun.Status.SUCCEEDED)
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )


def month_starts(today: date, months: int = 12) -> list[date]:
    first = today.replace(day=1)
    starts = []
    for _ in range(months):
        starts.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return starts[::-1]


# The charts are drawn in small viewBoxes so that their text stays legible once a phone shrinks
# them; CSS gives them their colours (no style attributes under the CSP).
CHART_W, CHART_H, CHART_TOP, CHART_BOTTOM = 360, 170, 16, 22


def coord(x: float) -> str:
    """An SVG coordinate: one decimal is finer than a pixel, and cheaper than |floatformat."""
    return f"{x:.1f}"


def month_chart(owner, today: date) -> dict:
    """Real interactions per month by kind over 12 months, and the share met in person."""
    starts = month_starts(today)
    rows = Interaction.objects.filter(owner=owner).real_per_month(starts)
    counts = {(month, kind): n for month, kind, n in rows}
    plot_h = CHART_H - CHART_TOP - CHART_BOTTOM
    totals = [sum(counts.get((m, k), 0) for k in CHART_KINDS) for m in starts]
    top = max([*totals, 1])
    slot = CHART_W / len(starts)
    bar_w = slot * 0.64
    columns, share_points = [], []
    for i, month in enumerate(starts):
        x = i * slot + (slot - bar_w) / 2
        y = CHART_TOP + plot_h
        segments = []
        for kind in CHART_KINDS:
            count = counts.get((month, kind), 0)
            if count:
                h = count / top * plot_h
                y -= h
                label = KIND_LABELS[kind]
                segments.append(
                    {"kind": kind, "label": label, "n": count, "y": coord(y), "h": coord(h)}
                )
        met = counts.get((month, "met"), 0)
        share = round(100 * met / totals[i]) if totals[i] else None
        if share is not None:
            share_points.append((x + bar_w / 2, CHART_TOP + plot_h - share / 100 * plot_h))
        columns.append(
            {
                "month": month,
                "x": coord(x),
                "w": coord(bar_w),
                "label_x": coord(x + bar_w / 2),
                "segments": segments,
                "total": totals[i],
                "share": share,
                "by_kind": [counts.get((month, k), 0) for k in CHART_KINDS],
            }
        )
    total = sum(totals)
    met_total = sum(counts.get((m, "met"), 0) for m in starts)
    return {
        "columns": columns,
        "kinds": [(k, KIND_LABELS[k]) for k in CHART_KINDS],
        "top": top,
        "total": total,
        "met_share": round(100 * met_total / total) if total else None,
        "share_line": " ".join(f"{x:.1f},{y:.1f}" for x, y in share_points),
        "share_points": share_points,
        "baseline_y": coord(CHART_TOP + plot_h),
        "label_y": CHART_H - 6,
        "width": CHART_W,
        "height": CHART_H,
    }


def growth_chart(per_year: list[tuple[int, int]]) -> dict:
    """Connections per year of their connected-on date, with no gap for empty years."""
    if not per_year:
        return {"columns": [], "total": 0}
    counts = dict(per_year)
    years = list(range(per_year[0][0], per_year[-1][0] + 1))
    top = max(counts.values())
    plot_h = CHART_H - CHART_TOP - CHART_BOTTOM
    slot = CHART_W / max(len(years), 6)
    bar_w = slot * 0.7
    step = 1 if len(years) <= 12 else 2
    columns = []
    for i, year in enumerate(years):
        n = counts.get(year, 0)
        h = n / top * plot_h
        x = i * slot + (slot - bar_w) / 2
        columns.append(
            {
                "year": year,
                "first_day": f"{year}-01-01",
                "last_day": f"{year}-12-31",
                "n": n,
                "x": coord(x),
                "w": coord(bar_w),
                "y": coord(CHART_TOP + plot_h - h),
                "h": coord(h),
                "label_x": coord(x + bar_w / 2),
                "show_label": (len(years) - 1 - i) % step == 0,
                "short": f"’{year % 100:02d}" if len(years) > 8 else str(year),
            }
        )
    return {
        "columns": columns,
        "total": sum(counts.values()),
        "top": top,
        "baseline_y": coord(CHART_TOP + plot_h),
        "label_y": CHART_H - 6,
        "width": CHART_W,
        "height": CHART_H,
    }


def layer_bars(budget: relationships.Budget) -> list[dict]:
    """Each layer against its cumulative cap: the inner layers, then its own people by status.

    Widths are percentages of the larger of the cap and the count, so an over-cap layer overflows
    its cap marker visibly.
    """
    bars = []
    for row in budget.layers:
        scale = max(row.cap, row.cumulative, 1)
        x, segments = 0.0, []
        for name, n in (
            ("inner", row.inner),
            ("active", row.active),
            ("due", row.due),
            ("dormant", row.dormant),
        ):
            w = 100 * n / scale
            if n:
                segments.append({"status": name, "n": n, "x": coord(x), "w": coord(w)})
            x += w
        bars.append({"row": row, "segments": segments, "cap_x": coord(100 * row.cap / scale)})
    return bars


def gauge(budget: relationships.Budget) -> dict:
    """The budget bar: active and due use the budget; the rest of it is free."""
    active = sum(row.active for row in budget.layers)
    due = sum(row.due for row in budget.layers)
    scale = max(budget.total, budget.used, 1)
    return {
        "active": active,
        "due": due,
        "active_w": coord(100 * active / scale),
        "due_w": coord(100 * due / scale),
        "due_x": coord(100 * active / scale),
        "percent": round(100 * budget.used / budget.total) if budget.total else 0,
    }


# The weekly review reads the same numbers, step by step.

REVIEW_STEPS = [
    (1, gettext_lazy("Refresh your data")),
    (2, gettext_lazy("Triage invitations")),
    (3, gettext_lazy("Withdraw stale sent invitations")),
    (4, gettext_lazy("Congratulate")),
    (5, gettext_lazy("Reconnect")),
    (6, gettext_lazy("Follow-ups due")),
    (7, gettext_lazy("Layer suggestions")),
    (8, gettext_lazy("Meet in real life")),
    (9, gettext_lazy("Summary of the week")),
]
MEET_STEP = 8
MEET_LIMIT = 10  # the meet step shows the first ten of "talk online, never met"
LINKEDIN_EXPORT_URL = "https://www.linkedin.com/mypreferences/d/download-my-data"


def budget_stats(owner, moment: str) -> dict[str, int]:
    """The budget used and at risk now, stored in `Review.stats` at the start and the end."""
    prefs = Preferences.for_user(owner)
    people = Contact.objects.owned_by(owner).for_dashboard(prefs)
    budget = relationships.budget(people, prefs)
    return {f"budget_used_{moment}": budget.used, f"at_risk_{moment}": budget.at_risk}


def week_summary(owner, review: Review, board: Dashboard | None = None) -> dict:
    """What the week's review did: interactions logged, invitations decided, budget change."""
    now = timezone.now()
    week_ago = now - timedelta(days=7)
    mine = Interaction.objects.filter(owner=owner)
    logged = mine.filter(created_at__gte=review.started_at)
    if "last_interaction_id" in review.stats:
        # Past the last id when the review started: no reading every row's created_at.
        logged = logged.filter(pk__gt=review.stats["last_interaction_id"])
    interactions = {
        "since_start": logged.count(),
        "last_week": mine.filter(occurred_at__gte=week_ago, occurred_at__lte=now).count(),
    }
    invitations = Invitation.objects.filter(owner=owner).aggregate(
        since_start=Count("pk", filter=Q(decided_at__gte=review.started_at)),
        last_week=Count("pk", filter=Q(decided_at__gte=week_ago)),
    )
    end = (
        {"budget_used_at_end": board.budget.used, "at_risk_at_end": board.budget.at_risk}
        if board
        else budget_stats(owner, "at_end")
    )
    previous = (
        Review.objects.filter(owner=owner, finished_at__isnull=False)
        .exclude(pk=review.pk)
        .values_list("stats", flat=True)
        .first()
    )
    start_used = review.stats.get("budget_used_at_start", end["budget_used_at_end"])
    before = start_used
    if previous:
        before = previous.get("budget_used_at_end", previous.get("budget_used_at_start", before))
    return {
        "interactions": interactions,
        "invitations": invitations,
        "budget_used": end["budget_used_at_end"],
        "budget_used_at_start": start_used,
        "budget_used_before": before,
        "budget_change": end["budget_used_at_end"] - before,
        "has_previous": previous is not None,
        "stats": {
            **end,
            "interactions_logged": interactions["since_start"],
            "invitations_decided": invitations["since_start"],
        },
    }


def review_context(owner, review: Review | None) -> dict:
    board = build(owner, for_review=True)
    counts = {
        1: None,
        2: board.invitations["to_triage"],
        3: board.invitations["sent_stale"],
        4: board.job_changes.people,
        5: len(board.reconnect),
        6: board.follow_ups["due"] + board.follow_ups["overdue"],
        7: len(board.move_in) + len(board.move_out),
        MEET_STEP: board.to_meet,
        Review.STEPS: None,
    }
    steps = [{"n": n, "title": title, "count": counts[n]} for n, title in REVIEW_STEPS]
    last = review is not None and review.step == Review.STEPS
    return {
        "board": board,
        "review": review,
        "steps": steps,
        "step": steps[review.step - 1] if review else None,
        "last_step": Review.STEPS,
        "summary": week_summary(owner, review, board) if last else None,
        "linkedin_export_url": LINKEDIN_EXPORT_URL,
        "to_triage_count": board.invitations["to_triage"],
        "talk_first": talk_first_step(owner, board) if review and review.step == 2 else None,
        "meet_step": MEET_STEP,
        "to_meet": to_meet(owner, board.prefs) if review and review.step == MEET_STEP else [],
    }


def talk_first_step(owner, board) -> dict:
    """The review's talk-first part: who answered (accept?), who stayed silent (ignore?), in two
    queries (docs/methods.md, "Talk first")."""
    invitations = list(
        Invitation.objects.filter(owner=owner).talk_first_waiting().order_by("decided_at", "pk")
    )
    answers.settle_talk_first(invitations, wait_days=board.prefs.talk_first_days)
    return {**answers.talk_first_groups(invitations), "wait_days": board.prefs.talk_first_days}


def to_meet(owner, prefs: Preferences, limit: int = MEET_LIMIT) -> list[Contact]:
    """The first of "talk online, never met", with their last real interaction: two queries."""
    ids = list(
        Contact.objects.owned_by(owner)
        .talking_never_met(prefs)
        .values_list("pk", flat=True)[:limit]
    )
    return Contact.objects.in_order_with_last_real_interaction(ids)


RECONNECT_ACTIONS = {
    # "I wrote" is one-way until they answer: it does not reset the clock, and the reconnect
    # priority drops by 2 for 14 days while the reply is awaited (docs/relationship-model.md).
    "wrote": ("email", "from_me", gettext_lazy("Wrote to them (weekly review)")),
    "called": ("phone", "both", gettext_lazy("Called them (weekly review)")),
    "met": ("met", "both", gettext_lazy("Met them (weekly review)")),
}


def reconnect_done(contact: Contact, action: str):
    """The review's "done: I wrote / called / met" logs it; "snooze" hides them for a week."""
    if action == "snooze":
        contact.snooze(days=7)
        return None
    kind, direction, summary = RECONNECT_ACTIONS[action]
    return contact.log_interaction(kind, direction=direction, summary=str(summary))
