"""A second user sees none of the first user's data, on any page."""

import pytest
from django.urls import get_resolver

from tests.factories import make_contact, make_interaction, make_invitation, make_note

pytestmark = pytest.mark.django_db

SECRET_NAME = "Zebulon-Secret-Person"


def page_urls():
    """Every URL without arguments in the project, except the admin and auth pages."""
    urls = set()
    resolver = get_resolver()
    for key in list(resolver.reverse_dict):
        if not isinstance(key, str):
            continue
        for possibility, *_rest in resolver.reverse_dict.getlist(key):
            for path, params in possibility:
                if not params and not path.startswith(("admin", "setup", "login", "logout")):
                    urls.add("/" + path)
    # Namespaced apps keep their own reverse dictionaries.
    for namespace, (prefix, sub) in resolver.namespace_dict.items():
        if namespace == "admin":
            continue
        for key in list(sub.reverse_dict):
            if not isinstance(key, str):
                continue
            for possibility, *_rest in sub.reverse_dict.getlist(key):
                for path, params in possibility:
                    if not params:
                        urls.add("/" + prefix + path)
    return sorted(urls)


def test_no_page_shows_another_users_data(client, user, other_user):
    contact = make_contact(user, first_name=SECRET_NAME, company="SecretCorp")
    make_interaction(contact)
    make_note(contact, text=SECRET_NAME)
    make_invitation(user, name=SECRET_NAME, message=SECRET_NAME)
    client.force_login(other_user)

    urls = page_urls()
    assert "/" in urls
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302, 405), url
        # A download (Export everything) streams its body.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET_NAME.encode() not in body, url
