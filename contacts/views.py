from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from contacts import dashboard as board
from contacts.forms import LayerForm, PreferencesForm, ReconnectForm, ReviewStepForm
from contacts.models import Contact, Layer, Note, Preferences, Review


def dashboard(request):
    """The front page: who is slipping away and why (relationship-model.md)."""
    return render(request, "contacts/dashboard.html", {"board": board.build(request.user)})


@require_http_methods(["GET", "POST"])
def settings(request):
    """The settings hub: the relationship model's numbers, and links to the other settings."""
    prefs = Preferences.for_user(request.user)
    form = PreferencesForm(request.POST or None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Settings saved.")
        return redirect("contacts:settings")
    return render(request, "contacts/settings.html", {"form": form})


# Layers, and the weekly review (area: dashboard)


@require_POST
def set_layer(request, pk):
    """Places a person in a layer 1-4 or back in the pool (empty `layer`): the user's choice.

    htmx gets a small confirmation fragment; a plain form goes back to `next` (or the dashboard).
    """
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)
    form = LayerForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return render(request, "contacts/layer_set.html", {"form": form}, status=400)
        messages.error(request, "Choose a layer from 1 (Core) to 4 (Active), or the pool.")
        return redirect(_next_url(request))
    contact.set_layer(form.cleaned_data["layer"])
    label = Layer(contact.layer).label if contact.layer else "the pool"
    if request.htmx:
        return render(request, "contacts/layer_set.html", {"contact": contact, "label": label})
    messages.success(request, f"{contact} is now in {label}.")
    return redirect(_next_url(request))


def _next_url(request):
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return "contacts:dashboard"


def review(request):
    """The weekly review, at the step where the user left it (or the page to start one)."""
    current = Review.in_progress(request.user)
    context = board.review_context(request.user, current)
    template = "contacts/review.html#review-step" if request.htmx else "contacts/review.html"
    return render(request, template, context)


@require_POST
def review_start(request):
    Review.start(request.user, **board.budget_stats(request.user, "at_start"))
    return redirect("contacts:review")


def _review_in_progress(request):
    current = Review.in_progress(request.user)
    if current is None:
        raise Http404("No weekly review in progress.")
    return current


def _review_step_response(request, current):
    if request.htmx:
        context = board.review_context(request.user, current)
        return render(request, "contacts/review.html#review-step", context)
    return redirect("contacts:review")


@require_POST
def review_step(request):
    """Moves to a step: "next", "skip" and the step list all post here."""
    current = _review_in_progress(request)
    form = ReviewStepForm(request.POST)
    if form.is_valid():
        current.go_to(form.cleaned_data["step"])
    return _review_step_response(request, current)


@require_POST
def review_reconnect(request, pk):
    """ "Done: I wrote / called / met" logs the interaction; "snooze" hides them for a week."""
    current = _review_in_progress(request)
    contact = get_object_or_404(Contact.objects.owned_by(request.user), pk=pk)
    form = ReconnectForm(request.POST)
    if form.is_valid():
        board.reconnect_done(contact, form.cleaned_data["action"])
    return _review_step_response(request, current)


@require_POST
def review_follow_up_done(request, pk):
    current = _review_in_progress(request)
    note = get_object_or_404(Note.objects.filter(owner=request.user), pk=pk)
    note.close_follow_up()
    return _review_step_response(request, current)


@require_POST
def review_finish(request):
    current = _review_in_progress(request)
    current.finish(**board.week_summary(request.user, current)["stats"])
    messages.success(request, "Weekly review done. See you next week.")
    return redirect("contacts:dashboard")
