"""No input gives a server error: every URL of the app, with ids too long, negative or not
numbers in its path, its query string and its form, answers 4xx or a page, never 5xx."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import make_contact, make_interaction, make_invitation, make_user

HOSTILE = ["9" * 30, "-1"]
# Every name a view reads an id or a number from, across the apps' forms and query strings.
ID_NAMES = [
    "contact", "select", "page", "person", "other", "invitations", "criteria", "introduced_by",
    "pk", "id", "token", "next", "interaction", "meeting", "layer", "contacts", "tag",
]  # fmt: skip


def patterns(resolver=None, prefix=""):
    """(route with its converters, name) for every URL the app serves, the admin's aside."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("admin/"):
                continue
            yield from patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def filled(route, value):
    """The route with every converter replaced by `value` (strings get a plausible word)."""
    return "/" + re.sub(
        r"<(?:(\w+):)?(\w+)>",
        lambda m: value if (m.group(1) or "str") in ("int", "id") else "x",
        route.lstrip("^").rstrip("$"),
    )


@pytest.mark.django_db
def test_no_url_answers_a_server_error_to_hostile_ids():
    user = make_user(is_superuser=True, is_staff=True)
    contact = make_contact(user)
    make_interaction(contact)
    make_invitation(user)
    client = Client(raise_request_exception=False)
    client.force_login(user)

    errors = []

    def check(method, url, query, headers=None):
        response = getattr(client, method)(url, query, headers=headers or {})
        if response.status_code >= 500:
            errors.append(f"{method.upper()} {url} {query}: {response.status_code}")

    for route in sorted(set(patterns())):
        if "logout" in route:
            continue
        if filled(route, "1") != filled(route, "x"):  # an id in the path
            for method in ("get", "post"):
                check(method, filled(route, "9" * 30), {})
        url = filled(route, "1")
        for hostile in HOSTILE:
            query = {name: hostile for name in ID_NAMES}
            for method in ("get", "post"):
                check(method, url, query, {"hx-request": "true"} if hostile == "-1" else None)
    assert not errors, "\n".join(errors[:30]) + f"\n({len(errors)} in all)"
