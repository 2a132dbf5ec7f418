from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import dateutil.rrule
import icalendar
import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver
from django.utils import timezone

from contacts.models import CalendarFeed, Preferences
from contacts.relationships import Layer
from tests.factories import days_ago, make_contact, make_layered, make_note

pytestmark = pytest.mark.django_db

DOWNLOAD = "/settings/calendar/netcoach.ics"


def events_of(body: bytes) -> set[tuple[str, date, str]]:
    """(UID, day, summary) of every event, as icalendar reads the file."""
    calendar = icalendar.Calendar.from_ical(body)
    return {
        (str(e["UID"]), _day(e.decoded("DTSTART")), str(e["SUMMARY"]))
        for e in calendar.walk("VEVENT")
    }


def events_by_vobject(body: bytes) -> set[tuple[str, date, str]]:
    """The same, as vobject (a second, independent reader) reads it."""
    calendar = vobject.readOne(body.decode())
    return {(e.uid.value, _day(e.dtstart.value), e.summary.value) for e in calendar.vevent_list}


def _day(value):
    return value.date() if isinstance(value, datetime) else value


def today():
    return timezone.localdate()


@pytest.fixture
def network(user):
    """A follow-up, one done, an active Close person, a due Regular one, a dormant Core one, a
    snoozed Close one, someone never met, and a pool person with a birthday."""
    ada = make_layered(user, Layer.CLOSE, gap=3, today=today(), first_name="Ada")
    grace = make_layered(user, Layer.REGULAR, gap=200, today=today(), first_name="Grace")
    make_layered(user, Layer.CORE, gap=40, today=today(), first_name="Dormant")
    make_layered(user, Layer.CLOSE, first_name="Never")
    snoozed = make_layered(user, Layer.CLOSE, gap=25, today=today(), first_name="Snoozy")
    snoozed.snoozed_until = today() + timedelta(days=20)
    snoozed.save()
    alan = make_contact(
        user, "Alan", "Turing", birthday_day=23, birthday_month=6, birthday_year=1912
    )
    note = make_note(ada, text="Send her the paper", follow_up_on=today() + timedelta(days=5))
    make_note(ada, text="Done already", follow_up_on=today(), follow_up_done=True)
    return {"ada": ada, "grace": grace, "snoozed": snoozed, "alan": alan, "note": note}


def expected(network, user):
    ada, grace, snoozed, alan, note = (
        network[k] for k in ("ada", "grace", "snoozed", "alan", "note")
    )
    prefs = Preferences.for_user(user)
    ahead = (prefs.review_weekday - today().weekday()) % 7
    return {
        (f"followup-{note.pk}@netcoach.local", note.follow_up_on, "Follow up with Ada Lovelace"),
        (f"keep-in-touch-{ada.pk}@netcoach.local", first_due_day(ada, prefs), "Keep in touch with Ada Lovelace"),
        (f"keep-in-touch-{grace.pk}@netcoach.local", first_due_day(grace, prefs), "Keep in touch with Grace Lovelace"),
        (f"keep-in-touch-{snoozed.pk}@netcoach.local", snoozed.snoozed_until, "Keep in touch with Snoozy Lovelace"),
        (f"birthday-{alan.pk}@netcoach.local", date(1912, 6, 23), "Alan Turing's birthday"),
        (f"weekly-review-{user.pk}@netcoach.local", today() + timedelta(days=ahead), "Weekly review"),
    }  # fmt: skip


def first_due_day(contact, prefs) -> date:
    """The first day on which the person page's standing says "due": the app's own rule, asked
    day by day from their last real interaction (no one is due before it)."""
    day = timezone.localdate(contact.last_real_interaction().occurred_at)
    while contact.standing(prefs, today=day).status != "due":
        day += timedelta(days=1)
    return day


def test_the_calendar_holds_the_follow_ups_due_dates_birthdays_and_review(
    client_logged_in, user, network
):
    response = client_logged_in.get(DOWNLOAD)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="netcoach.ics"'
    wanted = expected(network, user)
    assert events_of(response.content) == wanted
    assert events_by_vobject(response.content) == wanted


def test_the_due_day_is_the_first_day_the_status_says_due(user, network):
    prefs = Preferences.for_user(user)
    ada = network["ada"]
    due = first_due_day(ada, prefs)

    assert ada.standing(prefs, today=due - timedelta(days=1)).status == "active"
    assert (due - timezone.localdate(days_ago(3, today()))).days == 31


def test_every_event_has_a_display_alarm_a_stamp_and_a_link_to_the_person(
    client_logged_in, user, network
):
    calendar = icalendar.Calendar.from_ical(client_logged_in.get(DOWNLOAD).content)

    for event in calendar.walk("VEVENT"):
        [alarm] = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY" and alarm["DESCRIPTION"] == event["SUMMARY"]
        assert "DTSTAMP" in event
        uid = str(event["UID"])
        if uid.startswith("weekly-review"):
            assert event["URL"] == "http://testserver/review/"
            continue
        person = int(uid.split("@")[0].rsplit("-", 1)[1])
        if uid.startswith("followup"):
            person = network["note"].contact_id
        assert event["URL"] == f"http://testserver/people/{person}/"
        assert isinstance(event.decoded("DTSTART"), date)
        assert event["TRANSP"] == "TRANSPARENT"


def test_notes_text_stays_out_unless_the_user_opted_in(client_logged_in, user, network):
    assert b"Send her the paper" not in client_logged_in.get(DOWNLOAD).content

    Preferences.objects.filter(owner=user).update(calendar_includes_notes=True)

    assert b"Send her the paper" in client_logged_in.get(DOWNLOAD).content


def test_a_29_february_birthday_comes_back_on_the_last_day_of_february(client_logged_in, user):
    leap = make_contact(user, "Leap", "Day", birthday_day=29, birthday_month=2)

    calendar = icalendar.Calendar.from_ical(client_logged_in.get(DOWNLOAD).content)

    [event] = [
        e for e in calendar.walk("VEVENT") if e["UID"] == f"birthday-{leap.pk}@netcoach.local"
    ]
    assert event.decoded("DTSTART") == date(2000, 2, 29)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["YEARLY"] and rule["BYMONTH"] == [2] and rule["BYMONTHDAY"] == [-1]
    ada = make_contact(user, "Ada", birthday_day=10, birthday_month=12)
    calendar = icalendar.Calendar.from_ical(client_logged_in.get(DOWNLOAD).content)
    [plain] = [
        e for e in calendar.walk("VEVENT") if e["UID"] == f"birthday-{ada.pk}@netcoach.local"
    ]
    assert "BYMONTHDAY" not in plain["RRULE"]


def test_the_review_keeps_its_local_time_across_a_change_to_summer_time(client_logged_in, user):
    Preferences.objects.filter(owner=user).update(
        time_zone="Europe/Paris", review_weekday=6, review_time=time(18, 30)
    )

    body = client_logged_in.get(DOWNLOAD).content
    calendar = icalendar.Calendar.from_ical(body)

    [event] = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start.tzinfo.key == "Europe/Paris" if hasattr(start.tzinfo, "key") else True
    assert (start.weekday(), start.hour, start.minute) == (6, 18, 30)
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]
    assert event.decoded("DURATION") == timedelta(minutes=15)
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Paris"
    # The occurrences before and after the last Sunday of March: 18:30 in Paris both times,
    # 17:30 then 16:30 UTC, as each reader computes them from the file.
    rule = dateutil.rrule.rrulestr(event["RRULE"].to_ical().decode(), dtstart=start)
    utc = ZoneInfo("UTC")
    march = rule.between(datetime(2027, 3, 20, tzinfo=utc), datetime(2027, 4, 1, tzinfo=utc))
    assert [m.astimezone(utc).strftime("%d %H:%M") for m in march] == ["21 17:30", "28 16:30"]
    read = vobject.readOne(body.decode()).vevent.dtstart.value
    assert (read.hour, read.minute) == (18, 30)
    offsets = [read.tzinfo.utcoffset(datetime(2027, 3, d, 18, 30)) for d in (21, 28)]
    assert offsets == [timedelta(hours=1), timedelta(hours=2)]


def test_summaries_are_in_french_for_a_french_user(client_logged_in, user, network):
    Preferences.objects.filter(owner=user).update(language="fr")
    make_contact(user, "Émile", "Zola", birthday_day=2, birthday_month=4)

    summaries = {
        summary for _uid, _day, summary in events_of(client_logged_in.get(DOWNLOAD).content)
    }

    assert {
        "Relancer Ada Lovelace",
        "Reprendre contact avec Grace Lovelace",
        "Anniversaire d’Alan Turing",
        "Anniversaire d’Émile Zola",
        "Revue de la semaine",
    } <= summaries


def test_the_calendar_takes_the_same_queries_whatever_the_data(client_logged_in, user, network):
    with CaptureQueriesContext(connection) as few:
        client_logged_in.get(DOWNLOAD)
    for n in range(20):
        person = make_layered(user, Layer.ACTIVE, gap=n + 1, today=today(), first_name=f"P{n}")
        make_note(person, follow_up_on=today() + timedelta(days=n))
        person.birthday_day, person.birthday_month = 1 + n, 5
        person.save()

    with CaptureQueriesContext(connection) as many:
        response = client_logged_in.get(DOWNLOAD)

    assert len(events_of(response.content)) == 6 + 60
    assert len(many) == len(few)


# The feed


def test_making_a_feed_shows_its_address_once_and_keeps_only_its_hash(client_logged_in, user):
    response = client_logged_in.post("/settings/calendar/feed/")

    assert response.status_code == 200
    url = response.context["feed_url"]
    token = url.removeprefix("http://testserver/calendar/").removesuffix(".ics")
    assert len(token) >= 43
    feed = CalendarFeed.objects.get(owner=user)
    assert feed.token_hash == CalendarFeed.hash_of(token) != token
    assert token not in str(list(CalendarFeed.objects.values_list()))
    assert url in response.content.decode()
    assert token not in client_logged_in.get("/settings/calendar/").content.decode()


def test_the_feed_answers_its_token_without_a_sign_in(client_logged_in, client, user, network):
    token = CalendarFeed.renew(user)
    client.logout()

    response = client.get(f"/calendar/{token}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"].startswith("private")
    assert not response.cookies
    assert events_of(response.content) == expected(network, user)


def test_a_wrong_or_revoked_token_is_a_404(client, user):
    old = CalendarFeed.renew(user)
    new = CalendarFeed.renew(user)

    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new[:-1]}x.ics").status_code == 404
    assert client.get("/calendar/.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200

    client.force_login(user)
    response = client.post("/settings/calendar/feed/off/")

    assert response.status_code == 302
    assert not CalendarFeed.objects.exists()
    client.logout()
    assert client.get(f"/calendar/{new}.ics").status_code == 404


def test_the_feed_takes_the_same_queries_for_a_small_and_a_big_network(client, user, network):
    token = CalendarFeed.renew(user)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/calendar/{token}.ics")
    for n in range(20):
        make_note(make_layered(user, Layer.ACTIVE, gap=n, today=today()), follow_up_on=today())

    with CaptureQueriesContext(connection) as many:
        client.get(f"/calendar/{token}.ics")

    assert len(many) == len(few) <= 10


def test_on_localhost_the_address_is_the_computers_only(client_logged_in):
    response = client_logged_in.post("/settings/calendar/feed/")

    assert response.context["feed_url"].startswith("http://testserver/calendar/")
    assert "phone_feed_url" not in response.context
    assert "The phone mode is off." in response.content.decode()


def test_in_the_phone_mode_the_phone_gets_its_own_address_and_the_feed_answers_it(
    client_logged_in, client, user, settings, network
):
    settings.NETCOACH_LAN_ADDRESS = "192.168.1.20"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "192.168.1.20"]

    response = client_logged_in.post("/settings/calendar/feed/")

    phone_url = response.context["phone_feed_url"]
    assert phone_url.startswith("https://192.168.1.20:8443/calendar/")
    page = response.content.decode()
    assert phone_url in page and response.context["feed_url"] in page and "<svg" in page
    client.logout()
    path = phone_url.removeprefix("https://192.168.1.20:8443")
    answer = client.get(path, secure=True, headers={"host": "192.168.1.20:8443"})
    assert answer.status_code == 200
    assert events_of(answer.content) == expected(network, user)
    assert str(icalendar.Calendar.from_ical(answer.content).walk("VEVENT")[0]["URL"]).startswith(
        "https://192.168.1.20:8443/people/"
    )


def test_an_address_made_on_the_phone_is_shown_once_as_the_phones(client_logged_in, settings):
    settings.NETCOACH_LAN_ADDRESS = "192.168.1.20"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "192.168.1.20"]

    response = client_logged_in.post(
        "/settings/calendar/feed/", secure=True, headers={"host": "192.168.1.20:8443"}
    )

    page = response.content.decode()
    assert response.context["phone_feed_url"] in page
    assert 'id="feed-url"' not in page


def test_every_other_calendar_page_needs_a_sign_in(client, user):
    CalendarFeed.renew(user)

    assert client.get("/settings/calendar/").status_code == 302
    assert client.get(DOWNLOAD).status_code == 302
    assert client.post("/settings/calendar/feed/").status_code == 302
    assert client.post("/settings/calendar/feed/off/").status_code == 302
    assert CalendarFeed.objects.count() == 1


def test_the_feed_is_the_one_page_of_data_open_without_a_sign_in():
    def open_paths(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if not str(pattern.pattern).startswith("admin"):
                    yield from open_paths(pattern.url_patterns, prefix + str(pattern.pattern))
            elif getattr(pattern.callback, "login_required", True) is False:
                yield prefix + str(pattern.pattern)

    assert sorted(open_paths(get_resolver().url_patterns)) == [
        "calendar/<str:token>.ics",
        "jsi18n/",
        "login/",
        "setup/",
    ]


def test_the_feed_only_answers_get(client, user):
    token = CalendarFeed.renew(user)

    assert client.post(f"/calendar/{token}.ics").status_code == 405


# The settings page


def test_the_calendar_settings_are_saved(client_logged_in, user):
    response = client_logged_in.post(
        "/settings/calendar/",
        {"review_weekday": "4", "review_time": "16:45", "calendar_includes_notes": "on"},
    )

    assert response.status_code == 302
    prefs = Preferences.objects.get(owner=user)
    assert (prefs.review_weekday, prefs.review_time, prefs.calendar_includes_notes) == (
        4,
        time(16, 45),
        True,
    )


def test_bad_settings_answer_422_and_change_nothing(client_logged_in, user):
    response = client_logged_in.post(
        "/settings/calendar/", {"review_weekday": "9", "review_time": "25:99"}
    )

    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.content.decode()
    prefs = Preferences.objects.get(owner=user)
    assert (prefs.review_weekday, prefs.review_time) == (0, time(9, 0))


def test_a_reset_of_the_model_leaves_the_calendar_settings(client_logged_in, user):
    Preferences.objects.filter(owner=user).update(review_weekday=4, calendar_includes_notes=True)

    client_logged_in.post("/settings/reset/")

    prefs = Preferences.objects.get(owner=user)
    assert (prefs.review_weekday, prefs.calendar_includes_notes) == (4, True)


def test_the_settings_and_the_dashboard_link_to_the_calendar(client_logged_in, network):
    assert 'href="/settings/calendar/"' in client_logged_in.get("/settings/").content.decode()
    assert 'href="/settings/calendar/"' in client_logged_in.get("/").content.decode()
