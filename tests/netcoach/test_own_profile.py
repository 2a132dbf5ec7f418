"""Your own profile first: what the import reads of the user's own profile (Profile.csv,
Positions.csv), and the dashboard's checklist shown until done or dismissed."""

import pytest
from django.test import Client

from contacts.models import OwnProfile, Preferences
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.sample import build_sample_export
from tests.factories import htmx
from tests.netcoach.linkedin.zips import CONNECTIONS_2023, PREAMBLE, csv_text, make_zip, read
from tests.test_translations import english_left, user_data_words

pytestmark = pytest.mark.django_db

SMALL = {"connections": 40, "messages": 80, "invitations": 10}
PROFILE_2023 = (
    "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,"
    "Geo Location,Twitter Handles,Websites,Instant Messengers"
)
POSITIONS = "Company Name,Title,Description,Location,Started On,Finished On"
CONNECTIONS = PREAMBLE + csv_text(
    CONNECTIONS_2023, "Ana,Silva,https://www.linkedin.com/in/ana-silva,,Acme,CTO,08 Feb 2026"
)


def sample(**options):
    return build_sample_export(**SMALL, **options)


def test_a_complete_profile_is_read_from_profile_and_positions():
    export = read({"Connections.csv": CONNECTIONS,
                   "Profile.csv": csv_text(PROFILE_2023, 'Alex,Morgan,,,,"Data, calm",'
                                           '"Ten years\nof data",,,,,,'),
                   "Positions.csv": csv_text(POSITIONS, "Kiwi,Head of Product,,,Mar 2022,",
                                             "Globex,Engineer,,,Sep 2015,Feb 2022")})  # fmt: skip

    assert export.own_profile.headline == "Data, calm"
    assert export.own_profile.has_summary
    assert export.own_profile.current_positions == ["Head of Product · Kiwi"]
    assert ("Positions.csv", "read") in [(f.name, f.status) for f in export.files_seen]


def test_without_positions_csv_the_position_is_unknown_and_an_old_profile_has_no_summary():
    old_profile = "First Name,Last Name,Maiden Name,Address,Birth Date,Headline"
    export = read({"Connections.csv": CONNECTIONS,
                   "Profile.csv": csv_text(old_profile, "Alex,Morgan,,,,")})  # fmt: skip

    assert export.own_profile.headline == ""
    assert not export.own_profile.has_summary
    assert export.own_profile.current_positions is None


def test_a_positions_file_without_its_columns_is_left_out_with_a_warning():
    export = read({"Connections.csv": CONNECTIONS,
                   "Profile.csv": csv_text(PROFILE_2023, "Alex,Morgan,,,,Data,,,,,,,"),
                   "Positions.csv": "Employer,Role\nKiwi,Boss"})  # fmt: skip

    assert export.own_profile.current_positions is None
    seen = {f.name: f for f in export.files_seen}
    assert seen["Positions.csv"].status == "known"
    assert export.warnings


def test_an_import_stores_the_profile_in_its_transaction(user):
    import_file(sample(), "a.zip", user)

    profile = OwnProfile.objects.get(owner=user)
    assert profile.headline == "Head of Product at Kiwi Analytics, building calm software"
    assert profile.has_summary
    assert profile.current_position == "Head of Product · Kiwi Analytics"
    assert profile.is_complete and not profile.shows_checklist


def test_an_incomplete_profile_shows_the_checklist_on_the_dashboard(client_logged_in, user):
    import_file(sample(profile=("headline",)), "a.zip", user)

    content = client_logged_in.get("/").content.decode()

    assert "Your own profile first" in content
    assert "A headline: “Head of Product at Kiwi Analytics" in content
    assert "No summary yet" in content
    assert "Current position unknown: your export had no Positions.csv" in content


def test_a_positions_file_with_no_current_job_says_so(client_logged_in, user):
    archive = make_zip({"Connections.csv": CONNECTIONS,
                        "Profile.csv": csv_text(PROFILE_2023, "Alex,Morgan,,,,Data,About me,,,,,,"),
                        "Positions.csv": csv_text(POSITIONS, "Globex,Engineer,,,Sep 2015,Feb 2022")})  # fmt: skip
    import_file(archive, "a.zip", user)

    content = client_logged_in.get("/").content.decode()

    assert "No current position: add the job you hold now" in content


def test_the_checklist_goes_once_an_import_shows_all_three(client_logged_in, user):
    import_file(sample(profile=("headline",)), "a.zip", user)
    import_file(sample(newer=True), "b.zip", user)

    assert "Your own profile first" not in client_logged_in.get("/").content.decode()


def test_an_import_without_profile_csv_keeps_the_last_one(user):
    import_file(sample(profile=("headline",)), "a.zip", user)
    import_file(make_zip({"Connections.csv": CONNECTIONS}), "b.zip", user)

    assert OwnProfile.objects.get(owner=user).headline.startswith("Head of Product")


def test_dismissing_hides_the_checklist_for_good(client_logged_in, user):
    import_file(sample(profile=()), "a.zip", user)

    response = client_logged_in.post("/profile-checklist/dismissed/")

    assert response.status_code == 302
    assert response.url == "/"
    assert "Your own profile first" not in client_logged_in.get("/").content.decode()
    import_file(sample(profile=(), newer=True), "b.zip", user)
    assert "Your own profile first" not in client_logged_in.get("/").content.decode()


def test_htmx_dismissing_removes_the_card_and_says_so(client_logged_in, user):
    import_file(sample(profile=()), "a.zip", user)

    response = client_logged_in.post("/profile-checklist/dismissed/", headers=htmx())

    content = response.content.decode()
    assert response.status_code == 200
    assert "profile-checklist" not in content
    assert "The profile checklist is hidden" in content


def test_dismissing_needs_a_post_and_an_import(client_logged_in, user, other_user):
    import_file(sample(profile=()), "a.zip", other_user)

    assert client_logged_in.get("/profile-checklist/dismissed/").status_code == 405
    assert client_logged_in.post("/profile-checklist/dismissed/").status_code == 404
    assert OwnProfile.objects.get(owner=other_user).dismissed_at is None


def test_no_import_no_checklist(client_logged_in, user):
    assert "Your own profile first" not in client_logged_in.get("/").content.decode()


def test_the_checklist_is_in_french(user):
    import_file(sample(profile=("headline",)), "a.zip", user)
    client = Client()
    client.force_login(user)

    english = client.get("/").content.decode()
    Preferences.objects.filter(owner=user).update(language="fr")
    french = client.get("/").content.decode()

    assert "D’abord votre propre profil" in french
    assert "Pas encore de résumé" in french
    assert not english_left(english, french, user_data_words(user))
