"""The user's time zone: a new user's default, the machine's own zone (contacts/time_zones.py)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from contacts import time_zones
from contacts.models import Preferences
from tests.factories import make_user


@pytest.fixture
def machine(monkeypatch, settings, tmp_path):
    """A machine with neither /etc/localtime nor /etc/timezone, started without TZ and without
    NETCOACH_TIME_ZONE, until a test says otherwise."""
    settings.NETCOACH_TIME_ZONE = ""
    settings.NETCOACH_STARTING_TZ = ""
    monkeypatch.setattr(time_zones, "LOCALTIME", tmp_path / "localtime")
    monkeypatch.setattr(time_zones, "TIMEZONE_FILE", tmp_path / "timezone")
    return tmp_path


def test_netcoach_time_zone_comes_first(machine, settings):
    settings.NETCOACH_TIME_ZONE = "Europe/Berlin"
    settings.NETCOACH_STARTING_TZ = "Europe/Paris"
    (machine / "timezone").write_text("Asia/Tokyo\n")

    assert time_zones.default_zone_name() == "Europe/Berlin"


@pytest.mark.parametrize(
    "tz", ["Europe/Paris", ":Europe/Paris", "/usr/share/zoneinfo/Europe/Paris"]
)
def test_then_tz_as_the_process_found_it(machine, settings, tz):
    settings.NETCOACH_STARTING_TZ = tz
    (machine / "timezone").write_text("Asia/Tokyo\n")

    assert time_zones.default_zone_name() == "Europe/Paris"


def test_a_tz_that_django_set_to_time_zone_says_nothing(machine, settings):
    # A process started by a Django process (the development server's reloader) inherits it.
    settings.TIME_ZONE = settings.NETCOACH_STARTING_TZ = "UTC"
    (machine / "timezone").write_text("Asia/Tokyo\n")

    assert time_zones.default_zone_name() == "Asia/Tokyo"


def test_then_where_etc_localtime_points(machine):
    (machine / "localtime").symlink_to("../usr/share/zoneinfo/America/New_York")
    (machine / "timezone").write_text("Asia/Tokyo\n")

    assert time_zones.default_zone_name() == "America/New_York"


def test_a_posix_tz_rule_names_no_zone_and_etc_timezone_is_read(machine, settings):
    settings.NETCOACH_STARTING_TZ = "CET-1CEST"
    (machine / "localtime").write_bytes(b"TZif2")  # a copy, not a link: it names nothing
    (machine / "timezone").write_text("Asia/Tokyo\n")

    assert time_zones.default_zone_name() == "Asia/Tokyo"


def test_without_any_clue_it_is_the_settings_zone(machine, settings):
    settings.TIME_ZONE = "Europe/Lisbon"

    assert time_zones.default_zone_name() == "Europe/Lisbon"


def test_an_unknown_name_falls_back_to_the_settings_zone(settings):
    settings.TIME_ZONE = "UTC"

    assert time_zones.zone("Mars/Olympus_Mons") == ZoneInfo("UTC")
    assert time_zones.zone("Europe/Paris") == ZoneInfo("Europe/Paris")


@pytest.mark.django_db
def test_a_new_user_gets_the_machines_zone(machine, settings):
    settings.NETCOACH_STARTING_TZ = "Europe/Paris"

    user = make_user()

    assert Preferences.for_user(user).time_zone == "Europe/Paris"
    assert Preferences.zone_of(user.pk) == ZoneInfo("Europe/Paris")


@pytest.mark.django_db
@pytest.mark.parametrize("zone_name", ["Europe/Paris", "America/New_York", "Asia/Kolkata", "UTC"])
def test_the_day_of_an_interaction_is_its_own_on_both_sides_of_summer_time(user, zone_name):
    from contacts.models import Interaction, local_date
    from tests.factories import make_contact, make_interaction

    zone = ZoneInfo(zone_name)
    ada = make_contact(user)
    moments = [
        datetime(2025, 7, 16, 0, 30, tzinfo=zone),  # half past midnight in summer
        datetime(2025, 1, 16, 0, 30, tzinfo=zone),  # and in winter
        datetime(2025, 7, 15, 23, 45, tzinfo=zone),
        datetime(2025, 1, 15, 23, 45, tzinfo=zone),
        datetime(1999, 12, 31, 23, 59, tzinfo=zone),
    ]
    made = {make_interaction(ada, occurred_at=m).pk: m.date().isoformat() for m in moments}
    with timezone.override(zone):
        days = dict(
            Interaction.objects.filter(owner=user)
            .annotate(day=local_date("occurred_at"))
            .values_list("pk", "day")
        )
    assert days == made


def test_the_offset_changes_are_the_zones_own():
    from contacts.time_zones import offset_changes

    changes = offset_changes(ZoneInfo("Europe/Paris"), date(2026, 12, 2))
    assert changes[0] == (datetime(2026, 10, 25, 1, 0, tzinfo=UTC), 60)
    assert changes[1] == (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), 120)
    assert offset_changes(ZoneInfo("Asia/Kolkata"), date(2026, 12, 2)) == ((None, 330),)
