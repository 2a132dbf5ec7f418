"""Signing in, with a wait that grows after failed passwords.

After FREE_FAILURES wrong passwords for one username, each further try must wait: 2 s, then 4,
8… up to MAX_WAIT (15 minutes), counted from the last failure. A right password resets the
count. The owner is never locked out for good: the wait is bounded, and a try during it is
refused without being checked or counted. The counts live in Django's cache (this process's
memory: netcoach serves with one process), by username, whatever the case.
"""

import time

from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

FREE_FAILURES = 5
MAX_WAIT = 15 * 60


def _key(username: str) -> str:
    return f"sign-in-failures:{(username or '').strip().casefold()}"


def wait_left(username: str, now: float | None = None) -> int:
    """Seconds before `username` may try again (0: now)."""
    failures, last = cache.get(_key(username), (0, 0.0))
    if failures < FREE_FAILURES:
        return 0
    wait = min(2 ** (failures - FREE_FAILURES + 1), MAX_WAIT)
    return max(0, round(last + wait - (time.time() if now is None else now)))


def failed(username: str) -> None:
    failures, _ = cache.get(_key(username), (0, 0.0))
    cache.set(_key(username), (failures + 1, time.time()), timeout=MAX_WAIT * 4)


def succeeded(username: str) -> None:
    cache.delete(_key(username))


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing a try made during the wait after failed passwords."""

    def clean(self):
        username = self.cleaned_data.get("username", "")
        left = wait_left(username)
        if left:
            raise ValidationError(
                ngettext(
                    "Too many wrong passwords for this username: try again in %(seconds)d second.",
                    "Too many wrong passwords for this username: try again in %(seconds)d seconds.",
                    left,
                )
                % {"seconds": left},
                code="throttled",
            )
        try:
            data = super().clean()
        except ValidationError as error:
            if error.code == "invalid_login":
                failed(username)
            raise
        succeeded(username)
        return data
