"""The weekly review: nine steps, resumable, each a swappable region of one page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from contacts.models import Contact, JobChange, Note, Review
from contacts.views import close_follow_up
from invitations.forms import ConcludeForm
from invitations.models import AcceptanceRule, Invitation
from netcoach import dashboard as board
from netcoach import undo
from netcoach.formats import localized
from netcoach.forms import CongratulateForm, ReconnectForm, ReviewStepForm
from netcoach.http import done


def review(request):
    """The weekly review, at the step where the user left it (or the page to start one)."""
    current = Review.in_progress(request.user)
    context = board.review_context(request.user, current)
    template = "netcoach/review.html#review-step" if request.htmx else "netcoach/review.html"
    return render(request, template, context)


@require_POST
def review_start(request):
    Review.start(request.user, **board.budget_stats(request.user, "at_start"))
    return redirect("review")


def _review_in_progress(request):
    current = Review.in_progress(request.user)
    if current is None:
        raise Http404(gettext("No weekly review in progress."))
    return current


def _review_step(request, current):
    context = board.review_context(request.user, current)
    return render(request, "netcoach/review.html#review-step", context)


def _review_step_response(request, current):
    if request.htmx:
        return _review_step(request, current)
    return redirect("review")


@require_POST
def review_step(request):
    """Moves to a step: "next", "skip" and the step list all post here."""
    current = _review_in_progress(request)
    form = ReviewStepForm(request.POST)
    if form.is_valid():
        current.go_to(form.cleaned_data["step"])
    return _review_step_response(request, current)


# What each reconnect action says it did, and what its Undo says.
RECONNECT_DONE = {
    "wrote": (
        _("Logged: you wrote to %(name)s. They stay on the list, lower, until they answer."),
        _("Undone: the email to %(name)s is no longer logged."),
    ),
    "called": (
        _("Logged: a call with %(name)s."),
        _("Undone: the call with %(name)s is no longer logged."),
    ),
    "met": (
        _("Logged: you met %(name)s."),
        _("Undone: the meeting with %(name)s is no longer logged."),
    ),
    "snooze": (
        _("Snoozed: %(name)s is off the list until %(until)s."),
        _("Undone: %(name)s is no longer snoozed."),
    ),
}


@require_POST
def review_congratulate(request, pk):
    """ "I wrote" on a job change: logs the LinkedIn message; they leave the step's list."""
    current = _review_in_progress(request)
    change = get_object_or_404(
        JobChange.objects.filter(owner=request.user).select_related("contact"), pk=pk
    )
    form = CongratulateForm(request.POST)
    if form.is_valid():
        change.record_congratulations(form.cleaned_data["message"])
    return _review_step_response(request, current)


@require_POST
def review_reconnect(request, pk):
    """ "Done: I wrote / called / met" logs the interaction; "snooze" hides them for a week.
    Either says so, with an Undo."""
    current = _review_in_progress(request)
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)
    form = ReconnectForm(request.POST)
    if not form.is_valid():
        return _review_step_response(request, current)
    action = form.cleaned_data["action"]
    snoozed = undo.before(contact, "snoozed_until")
    interaction = board.reconnect_done(contact, action)
    said, undone = RECONNECT_DONE[action]
    words = {"name": contact, "until": localized(contact.snoozed_until, "WEEKDAY_DATE_FORMAT")}
    token = undo.offer(
        request,
        created=[interaction] if interaction else [],
        changed=[] if interaction else [snoozed],
        undone=undone % words,
    )
    return done(
        request,
        "review",
        message=said % words,
        undo=token,
        htmx=lambda: _review_step(request, current),
    )


@require_POST
def review_met(request, pk):
    """The meet step's "We met": a meeting in person today; they leave the step's list."""
    current = _review_in_progress(request)
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)
    interactions = Contact.log_meeting(request.user, [contact], kind="met")
    said, undone = RECONNECT_DONE["met"]
    token = undo.offer(request, created=interactions, undone=undone % {"name": contact})
    return done(
        request,
        "review",
        message=said % {"name": contact},
        undo=token,
        htmx=lambda: _review_step(request, current),
    )


@require_POST
def review_follow_up_done(request, pk):
    current = _review_in_progress(request)
    note = get_object_or_404(Note.objects.filter(owner=request.user), pk=pk)
    message, token = close_follow_up(request, note)
    return done(
        request, "review", message=message, undo=token, htmx=lambda: _review_step(request, current)
    )


@require_POST
def review_conclude(request, pk):
    """Accepts or ignores a talk-first invitation from step 2 (usually as its answer, or its
    silence, suggests); the step shows what is left."""
    current = _review_in_progress(request)
    invitation = get_object_or_404(
        Invitation.objects.filter(owner=request.user).talk_first_waiting(), pk=pk
    )
    form = ConcludeForm(request.POST)
    if not form.is_valid():
        return _review_step_response(request, current)
    invitation.conclude_talk_first(
        form.cleaned_data["decision"], rule=AcceptanceRule.for_user(request.user)
    )
    return done(
        request,
        "review",
        message=gettext("%(decision)s: %(name)s.")
        % {"decision": invitation.get_decision_display(), "name": invitation.name},
        htmx=lambda: _review_step(request, current),
    )


@require_POST
def review_finish(request):
    current = _review_in_progress(request)
    current.finish(**board.week_summary(request.user, current)["stats"])
    messages.success(request, gettext("Weekly review done. See you next week."))
    return redirect("dashboard")
