"""The calendar in a browser: its settings, its download read back by two iCalendar readers, and
a subscription address made, copied and renewed; on a desktop, a phone and in French."""

from datetime import timedelta
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import icalendar
import pytest
import vobject
from django.utils import timezone

from contacts.models import Preferences
from contacts.relationships import Layer
from tests.browser.axe import audit_context, blocking, describe, violations
from tests.browser.conftest import htmx_settled, overflowing, screenshot, sign_in, too_wide
from tests.factories import make_contact, make_layered, make_note, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def a_network(user):
    today = timezone.localdate()
    ada = make_layered(user, Layer.CLOSE, gap=3, today=today, first_name="Ada")
    make_note(ada, text="Send her the paper", follow_up_on=today + timedelta(days=5))
    make_contact(user, "Alan", "Turing", birthday_day=23, birthday_month=6)
    return ada


def tab_for(browser, live_server, user, **options):
    tab = audit_context(browser, **options).new_page()
    sign_in(tab, live_server, user, go_to=None)
    return tab


def no_serious_violation(tab, state):
    found = blocking(violations(tab))
    assert not found, "\n" + describe(state, found)


def test_downloading_the_calendar_after_choosing_the_review_day(live_server, browser):
    user = make_user()
    ada = a_network(user)
    tab = tab_for(browser, live_server, user, viewport={"width": 1280, "height": 860})
    tab.goto(live_server.url + "/settings/")
    tab.get_by_role("link", name="Calendar", exact=True).click()
    tab.wait_for_url(live_server.url + "/settings/calendar/")

    tab.get_by_label("Weekly review day").select_option(label="Friday")
    tab.get_by_label("Weekly review time").fill("16:45")
    tab.get_by_role("button", name="Save").click()
    tab.get_by_text("Calendar settings saved.").wait_for()
    no_serious_violation(tab, "calendar settings")
    screenshot(tab, "calendar-settings-desktop-en")

    with tab.expect_download() as download:
        tab.get_by_role("link", name="Download the calendar (.ics)").click()
    assert download.value.suggested_filename == "netcoach.ics"
    body = Path(download.value.path()).read_bytes()

    events = {str(e["SUMMARY"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    assert set(events) == {
        "Follow up with Ada Lovelace",
        "Keep in touch with Ada Lovelace",
        "Alan Turing's birthday",
        "Weekly review",
    }
    review = events["Weekly review"].decoded("DTSTART")
    assert (review.weekday(), review.hour, review.minute) == (4, 16, 45)
    assert events["Follow up with Ada Lovelace"]["URL"] == f"{live_server.url}/people/{ada.pk}/"
    assert b"Send her the paper" not in body
    read = vobject.readOne(body.decode())
    assert sorted(e.summary.value for e in read.vevent_list) == sorted(events)


def test_an_address_to_subscribe_is_shown_once_copied_and_renewed(live_server, browser):
    user = make_user()
    a_network(user)
    tab = tab_for(browser, live_server, user, viewport={"width": 1280, "height": 860})
    tab.goto(live_server.url + "/settings/calendar/")
    assert tab.get_by_text("No address yet.").is_visible()

    tab.get_by_role("button", name="Make an address").click()
    address = tab.get_by_label("On this computer")
    address.wait_for()
    first = address.input_value()
    assert first.startswith(live_server.url + "/calendar/")
    htmx_settled(tab)
    tab.get_by_role("button", name="Copy").click()
    tab.locator("#announcer", has_text="Address copied.").wait_for(state="attached")
    no_serious_violation(tab, "calendar address shown")
    screenshot(tab, "calendar-address")

    # A calendar app asks without any cookie: the address alone opens it.
    with urlopen(first) as answer:
        assert answer.headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert answer.headers["Cache-Control"].startswith("private")
        assert b"BEGIN:VCALENDAR" in answer.read()

    tab.goto(live_server.url + "/settings/calendar/")
    assert first not in tab.content()
    tab.get_by_role("button", name="Make a new address").click()
    second = tab.get_by_label("On this computer").input_value()
    assert second != first
    with pytest.raises(HTTPError) as old:
        urlopen(first)
    assert old.value.code == 404
    tab.context.close()


@pytest.mark.parametrize(
    "language, size",
    [("en", "phone"), ("fr", "phone"), ("fr", "desktop")],
)
def test_the_calendar_page_fits_a_phone_and_reads_in_french(live_server, browser, language, size):
    words = {
        "en": ("Make an address", "On this computer", "Download the calendar (.ics)", "Weekly review"),
        "fr": ("Créer une adresse", "Sur cet ordinateur", "Télécharger le calendrier (.ics)",
               "Revue de la semaine"),
    }[language]  # fmt: skip
    make_address, this_computer, download_link, review = words
    user = make_user()
    a_network(user)
    Preferences.objects.filter(owner=user).update(language=language)
    options = PHONE if size == "phone" else {"viewport": {"width": 1280, "height": 860}}
    tab = tab_for(browser, live_server, user, locale=f"{language}-FR", **options)
    tab.goto(live_server.url + "/settings/calendar/")
    assert tab.locator("html").get_attribute("lang") == language
    tab.get_by_role("button", name=make_address).click()
    tab.get_by_label(this_computer).wait_for()
    # The new page's style sheets are in: its layout is measured as it is drawn, not before.
    tab.wait_for_load_state("load")

    found = overflowing(tab)
    assert not too_wide(found), found
    no_serious_violation(tab, f"calendar {language} {size}")
    screenshot(tab, f"calendar-settings-{size}-{language}")
    with tab.expect_download() as download:
        tab.get_by_role("link", name=download_link).click()
    body = Path(download.value.path()).read_bytes()
    summaries = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    assert review in summaries
    tab.context.close()
