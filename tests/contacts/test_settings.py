import pytest

from contacts.models import Preferences

pytestmark = pytest.mark.django_db


def valid_data(**overrides):
    data = {
        field.name: getattr(Preferences(), field.name)
        for field in Preferences._meta.concrete_fields
        if field.name not in ("id", "owner")
    }
    return {**data, **overrides}


def test_it_shows_the_documented_defaults(client_logged_in):
    response = client_logged_in.get("/settings/")

    assert response.status_code == 200
    form = response.context["form"]
    assert form["budget"].value() == 150
    assert form["cadence_close"].value() == 30


def test_it_saves_a_new_budget(client_logged_in, user):
    response = client_logged_in.post("/settings/", valid_data(budget=200))

    assert response.status_code == 302
    assert Preferences.objects.get(owner=user).budget == 200


def test_it_keeps_the_budget_within_dunbars_range(client_logged_in, user):
    response = client_logged_in.post("/settings/", valid_data(budget=400))

    assert response.status_code == 200
    assert b"Choose a budget between 100 and 250." in response.content
    assert Preferences.objects.get(owner=user).budget == 150


def test_it_refuses_caps_that_are_not_cumulative(client_logged_in, user):
    response = client_logged_in.post("/settings/", valid_data(cap_core=20))

    assert b"Caps are cumulative" in response.content
    assert Preferences.objects.get(owner=user).cap_core == 5


def test_it_changes_only_the_signed_in_users_settings(client_logged_in, user, other_user):
    client_logged_in.post("/settings/", valid_data(budget=120))

    assert Preferences.objects.get(owner=other_user).budget == 150


def test_it_offers_every_time_zone_with_the_users_selected(client_logged_in, user):
    Preferences.objects.filter(owner=user).update(time_zone="Europe/Paris")

    response = client_logged_in.get("/settings/")

    assert b'<option value="Europe/Paris" selected>Europe/Paris</option>' in response.content
    assert b'<option value="America/New_York">America/New York</option>' in response.content


def test_it_saves_a_time_zone(client_logged_in, user):
    response = client_logged_in.post("/settings/", valid_data(time_zone="America/New_York"))

    assert response.status_code == 302
    assert Preferences.objects.get(owner=user).time_zone == "America/New_York"


def test_it_refuses_a_time_zone_it_does_not_know(client_logged_in, user):
    response = client_logged_in.post("/settings/", valid_data(time_zone="Mars/Olympus_Mons"))

    assert b"Select a valid choice." in response.content
    assert Preferences.objects.get(owner=user).time_zone == "UTC"
