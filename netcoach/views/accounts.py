from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.messages.views import SuccessMessageMixin
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from contacts import time_zones
from contacts.models import Preferences
from invitations.models import AcceptanceRule
from netcoach import lan
from netcoach.forms import SetupForm
from netcoach.http import INVALID, status_of
from netcoach.sign_in import SignInForm


@login_not_required
def setup(request):
    """The one-time "create your account" page, gone once anybody has an account."""
    User = get_user_model()
    if User.objects.exists():
        raise Http404(gettext("netcoach is already set up."))
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Checked again inside the write transaction (IMMEDIATE: one writer at a time), so
        # that two set-ups sent at once make one account, not two owners.
        with transaction.atomic():
            if User.objects.exists():
                raise Http404(gettext("netcoach is already set up."))
            user = form.save(commit=False)
            # The person who installs netcoach owns it: they may use the admin too.
            user.is_staff = user.is_superuser = True
            user.save()
            # The browser's language until they choose one in the settings.
            Preferences.objects.create(
                owner=user,
                language=translation.get_supported_language_variant(request.LANGUAGE_CODE),
                # The browser's zone when it said one, else the machine's.
                time_zone=form.cleaned_data["time_zone"] or time_zones.default_zone_name(),
            )
            AcceptanceRule.for_user(user)
        login(request, user)
        return redirect("dashboard")
    return render(request, "setup.html", {"form": form}, status=status_of(form))


class PasswordChange(SuccessMessageMixin, auth_views.PasswordChangeView):
    """Django's password change (old password, new one twice, the password validators) in the
    app's pages; this browser stays signed in, the others are signed out."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("contacts:settings")
    success_message = _(
        "Password changed. Other browsers signed in to netcoach must sign in again."
    )

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=INVALID)


class SignIn(auth_views.LoginView):
    """Django's sign-in page, with the waits after wrong passwords (netcoach/sign_in.py); a
    session opened over HTTPS (the phone, netcoach/lan.py) lasts lan.SESSION_AGE, in its cookie
    and in the database."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.request.is_secure():
            self.request.session.set_expiry(lan.SESSION_AGE)
        return response
