import pytest
from django.contrib.auth import get_user_model

from contacts.models import Preferences
from invitations.models import AcceptanceRule, Criterion
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_every_page_leads_to_setup_while_nobody_has_an_account(client):
    for url in ["/", "/login/", "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == "/setup/"


def test_setup_creates_the_account_and_signs_in(client):
    response = client.post(
        "/setup/",
        {
            "username": "alice",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    user = get_user_model().objects.get()
    assert user.username == "alice"
    assert user.is_superuser
    assert Preferences.objects.get(owner=user).budget == 150
    assert [c.name for c in Criterion.objects.filter(owner=user)] == [
        "Pertinence",
        "Interaction",
        "Prescription",
        "Utility",
    ]
    assert AcceptanceRule.objects.get(owner=user).threshold == 2
    assert client.get("/").status_code == 200


def test_setup_applies_djangos_password_validators(client):
    response = client.post("/setup/", {"username": "alice", "password1": "123", "password2": "123"})

    assert response.status_code == 200
    assert b"This password is too short" in response.content
    assert b'value="alice"' in response.content
    assert not get_user_model().objects.exists()


def test_setup_is_gone_once_an_account_exists(client):
    make_user()

    assert client.get("/setup/").status_code == 404
    assert client.post("/setup/", {"username": "eve"}).status_code == 404
    assert get_user_model().objects.count() == 1


def test_every_page_requires_login(client):
    make_user()

    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/")


def test_login_and_logout(client):
    make_user()

    response = client.post("/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200

    assert client.get("/logout/").status_code == 405  # nothing changes on a GET
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_login_rejects_a_wrong_password(client):
    make_user()

    response = client.post("/login/", {"username": "alice", "password": "wrong"})

    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content


def test_the_admin_works_for_the_owner(client):
    user = make_user(is_staff=True, is_superuser=True)
    client.force_login(user)

    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/contacts/contact/").status_code == 200
    assert client.get("/admin/invitations/invitation/").status_code == 200


def test_pages_carry_a_strict_content_security_policy(client_logged_in):
    response = client_logged_in.get("/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_only_local_host_names_are_allowed(client):
    make_user()

    assert client.get("/login/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/login/", headers={"host": "localhost"}).status_code == 200
