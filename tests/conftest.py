"""Shared fixtures and `make_*` helpers: small objects with overridable defaults."""

import os
from datetime import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from hypothesis import settings as hypothesis_settings

from contacts.models import Contact, Interaction, Note, Preferences
from invitations.models import AcceptanceRule, Invitation

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct horse battery staple"

# Hypothesis: a few examples on a developer's machine, the full number in CI (`.ci/run` sets
# HYPOTHESIS_PROFILE=ci).
hypothesis_settings.register_profile("dev", max_examples=25)
hypothesis_settings.register_profile("ci", max_examples=200)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def htmx(target: str | None = None) -> dict:
    """The headers htmx sends, for `client.get(..., headers=htmx())`; `target` is the id of the
    element it swaps (HX-Target)."""
    headers = {"HX-Request": "true"}
    if target:
        headers["HX-Target"] = target
    return headers


def make_user(username="alice", password=PASSWORD, **kwargs):
    user = get_user_model().objects.create_user(username=username, password=password, **kwargs)
    Preferences.for_user(user)
    AcceptanceRule.for_user(user)
    return user


def make_contact(owner, first_name="Ada", last_name="Lovelace", **kwargs):
    profile_url = kwargs.pop("profile_url", "")
    company = kwargs.pop("company", "")
    contact = Contact(owner=owner, **kwargs)
    contact.set_identity(
        first_name=first_name, last_name=last_name, profile_url=profile_url, company=company
    )
    contact.save()
    return contact


def make_interaction(contact, kind="met", occurred_at=None, **kwargs):
    if isinstance(occurred_at, str):
        occurred_at = timezone.make_aware(datetime.fromisoformat(occurred_at))
    return Interaction.objects.create(
        owner=contact.owner,
        contact=contact,
        kind=kind,
        occurred_at=occurred_at or timezone.now(),
        **kwargs,
    )


def make_note(contact, text="Talked about the conference.", **kwargs):
    return Note.objects.create(owner=contact.owner, contact=contact, text=text, **kwargs)


def make_invitation(owner, name="Grace Hopper", direction="incoming", **kwargs):
    profile_url = kwargs.pop("profile_url", "")
    kwargs.setdefault("sent_at", timezone.now())
    invitation = Invitation(owner=owner, direction=direction, **kwargs)
    invitation.set_identity(name=name, profile_url=profile_url)
    invitation.save()
    return invitation


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """For speed: the production hasher (PBKDF2, 1.5 M iterations) would take most of the suite's
    time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def new_users_in_utc(settings):
    """A new user's time zone is the machine's (contacts/time_zones.py): the suite's dates are
    written for UTC, whatever the zone of the machine running it."""
    settings.NETCOACH_TIME_ZONE = "UTC"


@pytest.fixture
def user(db):
    return make_user()


@pytest.fixture
def other_user(db):
    return make_user(username="mallory")


@pytest.fixture
def client_logged_in(client, user):
    client.force_login(user)
    return client
