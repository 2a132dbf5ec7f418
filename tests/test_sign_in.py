"""Signing in waits longer after each wrong password beyond five, for that username only, and
never locks the owner out for good (netcoach/sign_in.py)."""

import time

import pytest
from django.core.cache import cache
from django.test import Client

from netcoach import sign_in
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def try_password(client, password, username="alice"):
    return client.post("/login/", {"username": username, "password": password})


def a_while_ago(username, seconds):
    """The last failure moved `seconds` into the past, as if the user had waited."""
    failures, last = cache.get(sign_in._key(username))
    cache.set(sign_in._key(username), (failures, last - seconds))


def test_five_wrong_passwords_are_free_and_the_sixth_try_waits():
    make_user()
    client = Client()
    for _ in range(sign_in.FREE_FAILURES):
        response = try_password(client, "wrong")
        assert response.status_code == 200
        assert "Too many wrong passwords" not in response.content.decode()

    # Even the right password is refused during the wait, without being checked.
    response = try_password(client, PASSWORD)
    assert "Too many wrong passwords for this username: try again in 2 seconds" in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_the_right_password_after_the_wait_signs_in_and_resets_the_count():
    make_user()
    client = Client()
    for _ in range(sign_in.FREE_FAILURES + 1):
        try_password(client, "wrong")
    a_while_ago("alice", 60)

    response = try_password(client, PASSWORD)

    assert response.status_code == 302
    assert cache.get(sign_in._key("alice")) is None


def test_the_wait_doubles_and_stops_at_fifteen_minutes():
    for failures, wait in [(5, 2), (6, 4), (7, 8), (12, 256), (30, 900), (1000, 900)]:
        cache.set(sign_in._key("bob"), (failures, 1_000.0))
        assert sign_in.wait_left("bob", now=1_000.0) == wait, failures
        assert sign_in.wait_left("bob", now=1_000.0 + wait) == 0


def test_another_username_is_not_kept_waiting():
    make_user()
    make_user(username="carol")
    client = Client()
    for _ in range(sign_in.FREE_FAILURES + 3):
        try_password(client, "wrong", username="ALICE")  # whatever the case

    assert sign_in.wait_left("alice") > 0
    assert try_password(client, PASSWORD, username="carol").status_code == 302


def test_a_try_during_the_wait_is_not_counted():
    make_user()
    client = Client()
    for _ in range(sign_in.FREE_FAILURES + 1):
        try_password(client, "wrong")
    before = cache.get(sign_in._key("alice"))[0]
    try_password(client, "wrong")
    assert cache.get(sign_in._key("alice"))[0] == before
    assert sign_in.wait_left("alice", now=time.time()) <= 4
