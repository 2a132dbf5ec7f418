from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import UserCreationForm
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render

from contacts.models import Preferences
from invitations.models import AcceptanceRule


@login_not_required
def setup(request):
    """The one-time "create your account" page, gone once anybody has an account."""
    User = get_user_model()
    if User.objects.exists():
        raise Http404("netcoach is already set up.")
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save(commit=False)
            # The person who installs netcoach owns it: they may use the admin too.
            user.is_staff = user.is_superuser = True
            user.save()
            Preferences.for_user(user)
            AcceptanceRule.for_user(user)
        login(request, user)
        return redirect("dashboard")
    return render(request, "setup.html", {"form": form})
