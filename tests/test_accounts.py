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

    assert response.status_code == 422
    form = response.context["form"]
    assert "This password is too short" in " ".join(form.errors["password1"])
    assert "password2" not in form.errors  # under the password, not its confirmation
    assert b'value="alice"' in response.content
    assert response.content.count(b'value="123"') == 2  # nothing to type again
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


# Changing and resetting one's password


def test_the_password_change_page_is_the_apps(client_logged_in):
    response = client_logged_in.get("/settings/password/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "Change your password" in content
    assert 'class="topbar"' in content  # the app's page, not the admin's
    assert {"old_password", "new_password1", "new_password2"} <= set(
        response.context["form"].fields
    )


def test_changing_the_password_keeps_this_browser_signed_in(client_logged_in, user):
    response = client_logged_in.post(
        "/settings/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a new and long passphrase",
            "new_password2": "a new and long passphrase",
        },
        follow=True,
    )

    assert response.redirect_chain == [("/settings/", 302)]
    assert b"Password changed." in response.content
    user.refresh_from_db()
    assert user.check_password("a new and long passphrase")
    assert client_logged_in.get("/").status_code == 200


def test_changing_the_password_signs_out_the_other_browsers(client, user):
    other_browser = type(client)()
    other_browser.force_login(user)
    client.force_login(user)

    client.post(
        "/settings/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "a new and long passphrase",
            "new_password2": "a new and long passphrase",
        },
    )

    assert other_browser.get("/").status_code == 302


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {"old_password": "wrong", "new_password1": "a long passphrase"},
            "Your old password was entered incorrectly.",
        ),
        ({"old_password": PASSWORD, "new_password1": "123"}, "This password is too short."),
    ],
)
def test_changing_the_password_refuses_bad_input(client_logged_in, user, data, error):
    data["new_password2"] = data["new_password1"]

    response = client_logged_in.post("/settings/password/", data)

    assert response.status_code == 422
    assert error in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_changing_the_password_needs_to_be_signed_in(client):
    make_user()

    response = client.get("/settings/password/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


COMMAND = ".venv/bin/python manage.py changepassword USERNAME"


def test_the_sign_in_page_says_how_to_reset_a_forgotten_password(client):
    make_user()

    content = client.get("/login/").content.decode()

    assert "Forgot your password?" in content
    assert f"<code>{COMMAND}</code>" in content


def test_the_readme_and_the_user_guide_give_the_same_command(settings):
    from pathlib import Path

    root = Path(settings.BASE_DIR)
    assert COMMAND in (root / "README.md").read_text()
    assert COMMAND in (root / "docs" / "user-guide.md").read_text()


def test_administration_is_offered_to_the_owner_only(client):
    owner = make_user(is_staff=True, is_superuser=True)
    someone = make_user(username="bob")

    client.force_login(owner)
    assert b"Administration" in client.get("/settings/").content
    client.force_login(someone)
    content = client.get("/settings/").content
    assert b"Administration" not in content
    assert b"/admin/" not in content


@pytest.mark.parametrize(
    ("sent", "kept"), [("Europe/Paris", "Europe/Paris"), ("Mars/Olympus_Mons", "UTC"), ("", "UTC")]
)
def test_setup_gives_the_account_the_browsers_time_zone_when_it_is_one(client, sent, kept):
    client.post(
        "/setup/",
        {
            "username": "alice",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
            "time_zone": sent,
        },
    )
    assert Preferences.objects.get(owner__username="alice").time_zone == kept
