from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import reverse


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
