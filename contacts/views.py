from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from contacts.forms import PreferencesForm
from contacts.models import Contact, Interaction, Preferences
from invitations.models import Invitation


def dashboard(request):
    counts = {
        "contacts": Contact.objects.owned_by(request.user).count(),
        "interactions": Interaction.objects.filter(owner=request.user).count(),
        "pending_invitations": Invitation.objects.filter(owner=request.user).to_triage().count(),
    }
    return render(request, "contacts/dashboard.html", {"counts": counts})


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
