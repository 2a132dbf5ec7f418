"""The front page: the relationship budget, who to reconnect with, layer suggestions."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contacts.models import OwnProfile
from netcoach import dashboard as board
from netcoach.http import done


def dashboard(request):
    """The front page: who is slipping away and why (docs/relationship-model.md)."""
    summary = board.build(request.user)
    context = {"board": summary, "to_triage_count": summary.invitations["to_triage"]}
    return render(request, "netcoach/dashboard.html", context)


@require_POST
def profile_checklist_dismissed(request):
    """The user is done with the own-profile checklist, whatever the next import says."""
    get_object_or_404(OwnProfile, owner=request.user).dismiss()
    return done(
        request,
        "dashboard",
        message=_("The profile checklist is hidden. It stays in the user guide."),
        htmx=lambda: HttpResponse(""),
    )
