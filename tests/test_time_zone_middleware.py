"""Every page in the signed-in user's time zone (netcoach/middleware.py: UserLocaleMiddleware):
their "today", gaps and months, the meeting form's "now", and the times they type."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from contacts.models import Interaction, Preferences
from contacts.relationships import Layer
from tests.factories import make_contact, make_interaction, make_note, make_user

pytestmark = pytest.mark.django_db

# 25 hours apart: their dates always differ.
KIRITIMATI, PAGO_PAGO = "Pacific/Kiritimati", "Pacific/Pago_Pago"


def user_in(zone, username="alex"):
    user = make_user(username=username)
    Preferences.objects.filter(owner=user).update(time_zone=zone)
    return user


def signed_in(client, zone):
    user = user_in(zone)
    client.force_login(user)
    return user


def test_the_dashboard_counts_a_follow_up_due_on_the_users_own_today(client):
    kiritimati_today = datetime.now(ZoneInfo(KIRITIMATI)).date()
    kiri, pago = user_in(KIRITIMATI, "kiri"), user_in(PAGO_PAGO, "pago")
    for user in (kiri, pago):
        make_note(make_contact(user), follow_up_on=kiritimati_today)

    client.force_login(kiri)
    in_kiritimati = client.get("/")
    client.force_login(pago)
    in_pago_pago = client.get("/")

    assert in_kiritimati.context["board"].today == kiritimati_today
    assert (
        b'<span class="stat-value">1</span><span class="stat-label">due today</span>'
        in in_kiritimati.content
    )
    # In Pago Pago it is still the day before (two days before from 10:00 to 11:00 UTC: the
    # zones are 25 hours apart): the follow-up is not today's.
    pago_pago_today = datetime.now(ZoneInfo(PAGO_PAGO)).date()
    assert in_pago_pago.context["board"].today == pago_pago_today < kiritimati_today
    assert (
        b'<span class="stat-value">0</span><span class="stat-label">due today</span>'
        in in_pago_pago.content
    )


def test_the_meeting_form_starts_at_now_in_the_users_zone(client):
    signed_in(client, KIRITIMATI)

    before = datetime.now(ZoneInfo(KIRITIMATI))
    response = client.get("/meetings/new/")
    after = datetime.now(ZoneInfo(KIRITIMATI))

    shown = {f'value="{moment:%Y-%m-%dT%H:%M}"'.encode() for moment in (before, after)}
    assert any(value in response.content for value in shown)


def test_a_meeting_time_typed_in_paris_is_stored_in_utc(client):
    user = signed_in(client, "Europe/Paris")
    ada = make_contact(user)

    client.post(
        "/meetings/new/",
        {"contact": [ada.pk], "occurred_at": "2026-07-01T00:30", "kind": "met"},
    )

    meeting = Interaction.objects.get(contact=ada)
    assert meeting.occurred_at == datetime(2026, 6, 30, 22, 30, tzinfo=UTC)


def test_a_person_page_shows_the_day_in_the_users_zone(client):
    user = signed_in(client, "Europe/Paris")
    ada = make_contact(user)
    Interaction.objects.create(
        owner=user, contact=ada, kind="phone", occurred_at=datetime(2026, 1, 12, 23, 20, tzinfo=UTC)
    )

    response = client.get(f"/people/{ada.pk}/")

    assert b"Jan 13, 2026" in response.content


def test_the_zone_ends_with_the_request(client):
    signed_in(client, KIRITIMATI)

    client.get("/")

    assert timezone.get_current_timezone() == timezone.get_default_timezone()


def test_a_user_without_preferences_gets_them_and_the_default_zone(client, settings):
    user = make_user()
    Preferences.objects.filter(owner=user).delete()
    client.force_login(user)
    settings.NETCOACH_TIME_ZONE = KIRITIMATI

    response = client.get("/")

    assert response.status_code == 200
    assert Preferences.objects.get(owner=user).time_zone == KIRITIMATI
    assert response.context["board"].today == datetime.now(ZoneInfo(KIRITIMATI)).date()


def months_with_real_interactions(response):
    return {
        f"{column['month']:%Y-%m}": column["total"]
        for column in response.context["board"].months["columns"]
        if column["total"]
    }


def test_the_dashboards_months_begin_at_the_users_midnight(client):
    paris = ZoneInfo("Europe/Paris")
    this_month = datetime.now(paris).date().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    # 00:30 on the first of last month in Paris is still the month before in UTC.
    first_minutes = datetime.combine(last_month, datetime.min.time(), paris) + timedelta(minutes=30)
    month_before = (last_month - timedelta(days=1)).replace(day=1)
    for username, zone in (("paris", "Europe/Paris"), ("utc", "UTC")):
        user = user_in(zone, username)
        make_interaction(make_contact(user, layer=Layer.CLOSE), "met", occurred_at=first_minutes)

    client.force_login(get_user_model().objects.get(username="paris"))
    in_paris = client.get("/")
    client.force_login(get_user_model().objects.get(username="utc"))
    in_utc = client.get("/")

    assert months_with_real_interactions(in_paris) == {f"{last_month:%Y-%m}": 1}
    assert months_with_real_interactions(in_utc) == {f"{month_before:%Y-%m}": 1}


def zone_where_it_is(hour: int) -> str:
    """A fixed-offset zone where it is now `hour` o'clock, give or take the minutes."""
    offset = (hour - datetime.now(UTC).hour + 12) % 24 - 12
    return f"Etc/GMT{-offset:+d}"  # the POSIX sign: Etc/GMT-5 is UTC+5


def test_a_gap_in_days_counts_the_users_midnights(client):
    twelve_hours_ago = timezone.now() - timedelta(hours=12)
    reasons = {}
    for hour in (6, 18):
        user = user_in(zone_where_it_is(hour), f"at{hour}")
        ada = make_contact(user, layer=Layer.CLOSE)
        make_interaction(ada, "met", occurred_at=twelve_hours_ago)
        client.force_login(user)
        reasons[hour] = client.get(f"/people/{ada.pk}/").context["standing"].reason

    # At 06:00 the meeting was yesterday evening; at 18:00 it was this morning.
    assert reasons[6] == "Close · last met yesterday · cadence 30 days"
    assert reasons[18] == "Close · last met today · cadence 30 days"
