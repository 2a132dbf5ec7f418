from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation

from contacts.models import Preferences


class FirstRunMiddleware:
    """While nobody has an account yet, every page leads to the one-time set-up page.

    A signed-in visitor proves an account exists, so only anonymous requests ask the database
    (one EXISTS). Nothing is cached: the answer stays right when accounts are removed, and the
    number of queries of a page never depends on which request came first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not request.user.is_authenticated
            and request.path != reverse("setup")
            and not request.path.startswith("/static/")
            and not get_user_model().objects.exists()
        ):
            return redirect("setup")
        return self.get_response(request)


class UserLocaleMiddleware:
    """Every page in the signed-in user's language and time zone (`Preferences.language`,
    `Preferences.time_zone`): their words, their "today", days and months
    (docs/relationship-model.md, "Days"). Times stay stored in UTC. Anonymous pages (sign-in,
    set-up) follow the browser's Accept-Language (Django's LocaleMiddleware) and
    settings.TIME_ZONE.

    The preferences come with the user (netcoach.auth.PreferencesBackend), so this asks the
    database nothing; a user who has none yet gets them. A user who never chose a language keeps
    the one their browser asked for on their first page (one write, once).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            try:
                prefs = request.user.preferences
            except Preferences.DoesNotExist:
                prefs = Preferences.for_user(request.user)
            if not prefs.language:
                prefs.language = translation.get_supported_language_variant(request.LANGUAGE_CODE)
                prefs.save(update_fields=["language"])
            translation.activate(prefs.language)
            request.LANGUAGE_CODE = prefs.language
            timezone.activate(prefs.zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            # Threads serve one request after another: the next one starts from the default.
            # (LocaleMiddleware activates the next request's language itself.)
            timezone.deactivate()


class SecureCookiesMiddleware:
    """Cookies set over HTTPS (the phone mode, netcoach/lan.py) are Secure: the session and
    CSRF cookies never travel in clear on the network. A browser on this computer keeps using
    plain http://127.0.0.1, whose cookies cannot be Secure. (A session opened over HTTPS is
    also shorter: netcoach.views.accounts.SignIn.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.is_secure():
            for morsel in response.cookies.values():
                morsel["secure"] = True
        return response
