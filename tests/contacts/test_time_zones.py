"""The user's time zone: the machine's zone as a new user's default (contacts/time_zones.py),
and its setting."""

from zoneinfo import ZoneInfo

import pytest

from contacts import time_zones
from contacts.models import Preferences
from tests.conftest import make_user


@pytest.fixture
def machine(monkeypatch, tmp_path):
    """A machine with neither /etc/localtime nor /etc/timezone, and no TZ, until a test says."""
    monkeypatch.delenv("TZ")
    monkeypatch.setattr(time_zones, "LOCALTIME", tmp_path / "localtime")
    monkeypatch.setattr(time_zones, "TIMEZONE_FILE", tmp_path / "timezone")
    return tmp_path


@pytest.mark.parametrize(
    "tz", ["Europe/Paris", ":Europe/Paris", "/usr/share/zoneinfo/Europe/Paris"]
)
def test_the_machines_zone_comes_from_tz_first(machine, monkeypatch, tz):
    (machine / "timezone").write_text("Asia/Tokyo\n")
    monkeypatch.setenv("TZ", tz)

    assert time_zones.machine_zone_name() == "Europe/Paris"


def test_the_machines_zone_is_where_etc_localtime_points(machine):
    (machine / "localtime").symlink_to("../usr/share/zoneinfo/America/New_York")
    (machine / "timezone").write_text("Asia/Tokyo\n")

    assert time_zones.machine_zone_name() == "America/New_York"


def test_a_posix_tz_rule_names_no_zone_and_etc_timezone_is_read(machine, monkeypatch):
    monkeypatch.setenv("TZ", "CET-1CEST")
    (machine / "localtime").write_bytes(b"TZif2")  # a copy, not a link: it names nothing
    (machine / "timezone").write_text("Asia/Tokyo\n")

    assert time_zones.machine_zone_name() == "Asia/Tokyo"


def test_without_any_clue_the_machines_zone_is_the_settings_one(machine, settings):
    settings.TIME_ZONE = "Europe/Lisbon"

    assert time_zones.machine_zone_name() == "Europe/Lisbon"


def test_an_unknown_name_falls_back_to_the_settings_zone(settings):
    settings.TIME_ZONE = "UTC"

    assert time_zones.zone("Mars/Olympus_Mons") == ZoneInfo("UTC")
    assert time_zones.zone("Europe/Paris") == ZoneInfo("Europe/Paris")


@pytest.mark.django_db
def test_a_new_user_gets_the_machines_zone(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Paris")

    user = make_user()

    assert Preferences.for_user(user).time_zone == "Europe/Paris"
    assert Preferences.zone_of(user.pk) == ZoneInfo("Europe/Paris")
