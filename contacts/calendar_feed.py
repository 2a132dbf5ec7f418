"""The calendar that reminds: an iCalendar file of the user's follow-ups, keep-in-touch dates,
birthdays and weekly review, downloaded or subscribed to (`CalendarFeed`).

- **Follow-ups**: each open follow-up date of a note (`Note.follow_up_on`, not done), on its day.
- **Keep in touch**: each layered person who is active or due, on the day the relationship
  model's one rule makes them due (`relationships.due_on`, the day after the cadence's last
  active day, from their last real interaction); a snoozed person on the snooze's end if later.
  Someone already dormant, or never met, is the weekly review's reconnect list's, not the
  calendar's: a date long gone reminds nobody.
- **Birthdays**: yearly (RRULE:FREQ=YEARLY); a 29 February one on the last day of February of
  every year (BYMONTH=2;BYMONTHDAY=-1), as `Birthday.next_on_or_after` counts it.
- **The weekly review**: weekly at the day and time of the user's preferences, in their time
  zone (with its VTIMEZONE, `vtimezone`), for fifteen minutes.

Dates are all-day events that do not block time (TRANSP:TRANSPARENT), each with a display alarm
at 9:00 on the day; the review's rings 15 minutes before. Each event's UID is stable
(`followup-<note>@netcoach.local`…): importing a newer file, or the next refresh of a
subscription, updates the events instead of doubling them. Summaries are in the user's
language; a note's text goes in only when the user asked (`calendar_includes_notes`).
Five queries, whatever the number of people.
"""

from datetime import date, datetime, timedelta

import vobject
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from icalendar import Alarm, Calendar, Event, Timezone, vRecur

from contacts import relationships
from contacts.models import Contact, Note, Preferences
from contacts.relationships import Status

UID_DOMAIN = "netcoach.local"
REVIEW_MINUTES = 15
DAY_ALARM = timedelta(hours=9)  # 9:00 on an all-day event's day
REVIEW_ALARM = timedelta(minutes=-15)
REFRESH = timedelta(hours=6)
VOWELS = set("AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸŒÆ")


def calendar_for(owner, base_url: str, *, today: date | None = None, now=None) -> bytes:
    """The owner's calendar as iCalendar bytes, its links on `base_url` ("http://127.0.0.1:8000"),
    in their language and time zone."""
    prefs = Preferences.for_user(owner)
    with translation.override(prefs.language or "en"), timezone.override(prefs.zone):
        today = today or timezone.localdate()
        now = now or timezone.now()
        calendar = Calendar()
        calendar.add("prodid", "-//netcoach//netcoach//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", "netcoach")
        calendar.add("x-wr-timezone", prefs.time_zone)
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", "PT6H")
        calendar.add_component(vtimezone(prefs.zone, prefs.time_zone))
        for event in events(owner, prefs, base_url, today, now):
            calendar.add_component(event)
        return calendar.to_ical()


def vtimezone(zone, name: str) -> Timezone:
    """The VTIMEZONE of the review's zone, its changes as yearly rules (RRULE), the form Apple
    and Outlook write: icalendar's own lists each year's change (RDATE), which some readers,
    vobject among them, skip, putting a summer review an hour off."""
    component = vobject.icalendar.TimezoneComponent(zone)
    component.tzid.value = name
    return Timezone.from_ical(component.serialize())


def events(owner, prefs, base_url, today, now) -> list[Event]:
    found = []
    person_url = person_urls(base_url)
    notes = (
        Note.objects.filter(owner=owner)
        .open_follow_ups()
        .select_related("contact")
        .order_by("follow_up_on", "pk")
    )
    for note in notes:
        name = str(note.contact)
        description = note.text if prefs.calendar_includes_notes else ""
        found.append(
            day_event(
                f"followup-{note.pk}@{UID_DOMAIN}",
                note.follow_up_on,
                _("Follow up with %(name)s") % {"name": name},
                description,
                person_url(note.contact_id),
                now,
            )
        )
    layered = Contact.objects.owned_by(owner).for_dashboard(prefs, today)
    for person in sorted(layered, key=lambda p: p.id):
        if not person.real_days or person.status == Status.DORMANT:
            continue
        day = relationships.due_on(max(person.real_days), person.cadence)
        if person.snoozed_until and person.snoozed_until > day:
            day = person.snoozed_until
        found.append(
            day_event(
                f"keep-in-touch-{person.id}@{UID_DOMAIN}",
                day,
                _("Keep in touch with %(name)s") % {"name": person.name},
                _("%(layer)s · cadence %(days)s")
                % {"layer": person.layer_label, "days": relationships.days(person.cadence)},
                person_url(person.id),
                now,
            )
        )
    born = (
        Contact.objects.owned_by(owner)
        .filter(birthday_month__isnull=False, birthday_day__isnull=False)
        .only(
            "first_name",
            "last_name",
            "profile_url",
            "birthday_day",
            "birthday_month",
            "birthday_year",
        )
        .order_by("pk")
    )
    # French elides before a vowel: "Anniversaire d’Ada", "Anniversaire de Grace".
    before_vowel = pgettext("name starting with a vowel", "%(name)s's birthday")
    before_consonant = pgettext("name starting with a consonant", "%(name)s's birthday")
    for contact in born:
        name = str(contact)
        summary = before_vowel if name[:1].upper() in VOWELS else before_consonant
        found.append(birthday_event(contact, summary % {"name": name}, person_url(contact.pk), now))
    found.append(review_event(owner, prefs, base_url + reverse("review"), today, now))
    return found


def day_event(uid, day, summary, description, url, now) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", "\n\n".join(text for text in (description, url) if text))
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    event.add_component(alarm(summary, DAY_ALARM))
    return event


def person_urls(base_url):
    """A person's id → the address of their page. One reverse() for them all: a reverse() for
    each of 30,000 birthdays took a second."""
    before, after = reverse("contacts:person", args=[0]).rsplit("0", 1)
    return lambda pk: f"{base_url}{before}{pk}{after}"


def birthday_event(contact, summary, url, now) -> Event:
    birthday = contact.birthday
    leap_day = (birthday.month, birthday.day) == (2, 29)
    # Without the year, 2000: a leap year, so that 29 February is a day of it.
    first = date(birthday.year or 2000, birthday.month, birthday.day)
    event = day_event(f"birthday-{contact.pk}@{UID_DOMAIN}", first, summary, "", url, now)
    rule = {"freq": "yearly"}
    if leap_day:
        rule.update(bymonth=2, bymonthday=-1)
    event.add("rrule", vRecur(rule))
    return event


def review_event(owner, prefs, url, today, now) -> Event:
    """The weekly review from its next day on: at its time in the user's zone, every week."""
    ahead = (prefs.review_weekday - today.weekday()) % 7
    start = datetime.combine(today + timedelta(days=ahead), prefs.review_time, tzinfo=prefs.zone)
    summary = _("Weekly review")
    event = Event()
    event.add("uid", f"weekly-review-{owner.pk}@{UID_DOMAIN}")
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=REVIEW_MINUTES))
    event.add("rrule", vRecur({"freq": "weekly"}))
    event.add("summary", summary)
    event.add(
        "description",
        _("Fifteen minutes over what needs you this week: %(url)s") % {"url": url},
    )
    event.add("url", url)
    event.add_component(alarm(summary, REVIEW_ALARM))
    return event


def alarm(summary: str, trigger: timedelta) -> Alarm:
    reminder = Alarm()
    reminder.add("action", "DISPLAY")
    reminder.add("description", summary)
    reminder.add("trigger", trigger)
    return reminder
