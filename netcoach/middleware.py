from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import reverse


class FirstRunMiddleware:
    """While nobody has an account yet, every page leads to the one-time set-up page."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.has_users = False

    def __call__(self, request):
        if not self.has_users:
            # Cached once true: an account, once made, is never "un-made" by the app itself.
            self.has_users = get_user_model().objects.exists()
            setup_url = reverse("setup")
            static_prefix = "/static/"
            if (
                not self.has_users
                and request.path != setup_url
                and not request.path.startswith(static_prefix)
            ):
                return redirect(setup_url)
        return self.get_response(request)
