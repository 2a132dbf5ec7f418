from django.contrib.auth import get_user_model
from django.db.models.signals import post_migrate
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse


class FirstRunMiddleware:
    """While nobody has an account yet, every page leads to the one-time set-up page."""

    # Shared by every instance and forgotten when the database is flushed (see below), so that a
    # live server kept across browser tests sees the set-up page again once the users are gone.
    has_users = False

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.has_users:
            # Cached once true: an account, once made, is never "un-made" by the app itself.
            FirstRunMiddleware.has_users = get_user_model().objects.exists()
            setup_url = reverse("setup")
            static_prefix = "/static/"
            if (
                not self.has_users
                and request.path != setup_url
                and not request.path.startswith(static_prefix)
            ):
                return redirect(setup_url)
        return self.get_response(request)


@receiver(post_migrate)
def forget_users_after_a_flush(**kwargs):
    """`flush` (between transactional tests) and `migrate` emit post_migrate."""
    FirstRunMiddleware.has_users = False
