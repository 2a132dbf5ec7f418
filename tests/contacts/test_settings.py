import re

import pytest

from contacts.forms import PREFERENCE_GROUPS, PreferencesForm
from contacts.models import Contact, Preferences
from netcoach.forms import CalendarForm
from tests.factories import make_contact, make_interaction

pytestmark = pytest.mark.django_db


def valid_data(**overrides):
    data = {
        field.name: getattr(Preferences(), field.name)
        for field in Preferences._meta.concrete_fields
        # The calendar's settings have their own page (netcoach/views/calendar.py).
        if field.name not in ("id", "owner", *CalendarForm.Meta.fields)
    }
    return {**data, "language": "en", **overrides}


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

    assert response.status_code == 422
    assert b"Choose a budget between 100 and 250." in response.content
    assert Preferences.objects.get(owner=user).budget == 150


def test_it_refuses_caps_that_are_not_cumulative(client_logged_in, user):
    response = client_logged_in.post("/settings/", valid_data(cap_core=20))

    assert b"Caps are cumulative" in response.content
    assert Preferences.objects.get(owner=user).cap_core == 5


def test_it_changes_only_the_signed_in_users_settings(client_logged_in, user, other_user):
    client_logged_in.post("/settings/", valid_data(budget=120))

    assert Preferences.objects.get(owner=other_user).budget == 150


# The page: groups, labels, a sentence for each number


def test_the_numbers_are_grouped_under_their_headings(client_logged_in):
    content = client_logged_in.get("/settings/").content.decode()

    legends = re.findall(r"<legend>(.*?)</legend>", content)
    assert legends == [
        "Your language, days and keys",
        "Phone numbers",
        "Budget and layers",
        "Cadences",
        "Statuses and reminders",
        "Reconnect priority",
        "Score",
        "Invitations",
    ]
    grouped = [name for _, _, names in PREFERENCE_GROUPS for name in names]
    assert sorted(grouped) == sorted(valid_data()), "every number in exactly one group"


def test_every_number_has_a_proper_label_and_a_sentence(client_logged_in):
    content = client_logged_in.get("/settings/").content.decode()

    assert "Weight core" not in content
    assert "Half life days" not in content
    assert '<label for="id_half_life_days">Score half-life (days)</label>' in content
    for name, field in PreferencesForm.base_fields.items():
        assert field.help_text.endswith("."), name
        assert f'aria-describedby="id_{name}_helptext"' in content, name
        assert f'id="id_{name}_helptext"' in content, name


@pytest.mark.parametrize(
    ("field", "low", "high"),
    [
        ("cadence_core", 0, 3651),
        ("cadence_active", -5, 10_000),
        ("half_life_days", 0, 3651),
        ("family_multiplier", 0.5, 6),
        ("dormant_factor", 0, 11),
        ("move_out_factor", 0.5, 21),
        ("rhythm_factor", 0, 51),
        ("reconnect_threshold", 0, 11),
        ("weight_close", -1, 11),
        ("warm_days", 0, 3651),
        ("stale_invitation_days", 0, 366),
        ("talk_first_days", 0, 366),
        ("cap_core", 0, 251),
    ],
)
def test_it_refuses_numbers_out_of_their_range(client_logged_in, user, field, low, high):
    before = Preferences.objects.get(owner=user)

    for value in (low, high):
        response = client_logged_in.post("/settings/", valid_data(**{field: value}))

        assert response.status_code == 422
        bound = response.context["form"][field]
        low_limit, high_limit = bound.field.min_value, bound.field.max_value
        assert f"Choose a number between {low_limit} and {high_limit}." in bound.errors
        assert getattr(Preferences.objects.get(owner=user), field) == getattr(before, field)


def test_a_cadence_of_zero_no_longer_breaks_the_dashboard(client_logged_in, user):
    ada = make_contact(user, layer=1)
    make_interaction(ada, kind="met")

    client_logged_in.post("/settings/", valid_data(cadence_core=0, half_life_days=0))

    assert Preferences.objects.get(owner=user).cadence_core == 7
    assert client_logged_in.get("/").status_code == 200


def test_it_accepts_numbers_at_the_edges_of_their_ranges(client_logged_in, user):
    response = client_logged_in.post(
        "/settings/",
        valid_data(cadence_core=1, half_life_days=3650, weight_active=0, reconnect_threshold=0.1),
    )

    assert response.status_code == 302
    prefs = Preferences.objects.get(owner=user)
    assert (prefs.cadence_core, prefs.half_life_days, prefs.weight_active) == (1, 3650, 0)


# Reset to the defaults


def changed_preferences(user):
    prefs = Preferences.objects.get(owner=user)
    prefs.cadence_close = 45
    prefs.family_multiplier = 2.5
    prefs.half_life_days = 30
    prefs.save()
    return prefs


def test_reset_asks_first_and_lists_what_would_change(client_logged_in, user):
    changed_preferences(user)

    response = client_logged_in.get("/settings/reset/")

    assert response.status_code == 200
    assert response.context["changes"] == [
        ("Close cadence (days)", "45", "30"),
        ("Family cadence ×", "2.5", "1.5"),
        ("Score half-life (days)", "30", "180"),
    ]
    content = response.content.decode()
    assert "This changes 3 settings:" in content
    assert "<td>Family cadence ×</td><td>2.5</td><td>1.5</td>" in content
    assert Preferences.objects.get(owner=user).cadence_close == 45  # nothing changed yet


def test_reset_restores_every_default_and_says_what_changed(client_logged_in, user):
    changed_preferences(user)

    response = client_logged_in.post("/settings/reset/", follow=True)

    assert response.redirect_chain == [("/settings/", 302)]
    assert Preferences.objects.get(owner=user).differences_from_defaults() == {}
    assert (
        "Settings back to their defaults: Close cadence (days) 45 → 30; Family cadence × 2.5 → "
        "1.5; Score half-life (days) 30 → 180." in response.content.decode()
    )


def test_reset_recomputes_the_scores_of_a_changed_half_life(client_logged_in, user):
    ada = make_contact(user)
    make_interaction(ada, kind="met", occurred_at="2025-01-01 10:00")
    default_score = Contact.objects.get(pk=ada.pk).score_log2
    changed_preferences(user)
    assert Contact.objects.get(pk=ada.pk).score_log2 != pytest.approx(default_score)

    client_logged_in.post("/settings/reset/")

    assert Contact.objects.get(pk=ada.pk).score_log2 == pytest.approx(default_score)


def test_reset_with_the_defaults_already_says_so(client_logged_in):
    assert b"are the defaults already" in client_logged_in.get("/settings/reset/").content

    response = client_logged_in.post("/settings/reset/", follow=True)

    assert b"Your settings were the defaults already." in response.content


def test_reset_changes_only_the_signed_in_users_settings(client_logged_in, user, other_user):
    changed_preferences(other_user)

    client_logged_in.post("/settings/reset/")

    assert Preferences.objects.get(owner=other_user).cadence_close == 45


def test_the_settings_page_offers_the_reset_and_the_password_change(client_logged_in):
    content = client_logged_in.get("/settings/").content.decode()

    assert 'href="/settings/reset/"' in content
    assert 'href="/settings/password/"' in content


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


def test_choosing_french_changes_every_page_at_once(client_logged_in, user):
    response = client_logged_in.post("/settings/", valid_data(language="fr"), follow=True)

    assert Preferences.objects.get(owner=user).language == "fr"
    assert '<html lang="fr">' in response.content.decode()
    for url in ("/", "/people/", "/invitations/"):
        assert '<html lang="fr">' in client_logged_in.get(url).content.decode(), url


# Single-key shortcuts: on by default, off from the settings or the shortcut sheet


def test_single_key_shortcuts_are_on_by_default_and_the_page_says_so(client_logged_in, user):
    content = client_logged_in.get("/invitations/").content.decode()

    assert Preferences.for_user(user).single_key_shortcuts
    assert 'data-single-key-shortcuts="on"' in content
    assert "Turn single-key shortcuts off" in content  # on the shortcut sheet


def test_the_shortcut_sheet_turns_them_off_for_this_user_only(client_logged_in, user, other_user):
    Preferences.for_user(other_user)

    response = client_logged_in.post(
        "/settings/shortcuts/", {"single_key_shortcuts": "off", "next": "/invitations/"}
    )

    assert response.status_code == 302 and response["Location"] == "/invitations/"
    assert not Preferences.objects.get(owner=user).single_key_shortcuts
    assert Preferences.objects.get(owner=other_user).single_key_shortcuts
    content = client_logged_in.get("/invitations/").content.decode()
    assert 'data-single-key-shortcuts="off"' in content
    assert "Single-key shortcuts are off: buttons and Tab still work." in content
    assert "Turn single-key shortcuts on" in content


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "-1", ""])
def test_the_switch_goes_back_only_to_a_page_of_netcoach(client_logged_in, next_url):
    response = client_logged_in.post(
        "/settings/shortcuts/", {"single_key_shortcuts": "on", "next": next_url}
    )

    assert response.status_code == 302 and response["Location"] == "/settings/"


def test_the_settings_turn_them_off_and_a_reset_leaves_them(client_logged_in, user):
    response = client_logged_in.post("/settings/", valid_data(single_key_shortcuts=""))
    assert response.status_code == 302
    assert not Preferences.objects.get(owner=user).single_key_shortcuts

    client_logged_in.post("/settings/reset/")

    assert not Preferences.objects.get(owner=user).single_key_shortcuts


def test_a_settings_error_is_tied_to_its_field_and_summarised(client_logged_in):
    content = client_logged_in.post("/settings/", valid_data(budget=5)).content.decode()

    assert "data-error-summary" in content and 'role="alert"' in content
    assert re.search(r'<input[^>]*name="budget"[^>]*aria-invalid="true"', content)
    assert re.search(
        r'<input[^>]*name="budget"[^>]*aria-describedby="id_budget_helptext id_budget_error"',
        content,
    )
    assert 'id="id_budget_error"' in content
