"""A reply is a reply, whatever the day (docs/relationship-model.md, "Two-way exchanges"):
real-shaped archives imported, then what the user sees of them: directions, days in their time
zone, the clock, the score, and re-imports that change nothing."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from contacts.models import Contact, Interaction, Preferences
from contacts.relationships import Layer
from netcoach.linkedin.apply import import_file, summary_lines
from tests.factories import make_interaction
from tests.netcoach.linkedin.zips import (
    ANA,
    BEN,
    CONNECTIONS_2023,
    ME,
    MESSAGES_2023,
    PREAMBLE,
    PROFILE,
    csv_text,
    make_zip,
    message,
)

pytestmark = pytest.mark.django_db

PARIS = "Europe/Paris"
# A LinkedIn message on a person's timeline: when, the day shown, its direction, its summary.
TIMELINE_ENTRY = re.compile(
    r'<time datetime="([^"]+)">([^<]+)</time>\s*<p class="entry-title">LinkedIn message '
    r'<span class="muted small">\(([^)]+)\)</span></p>\s*<p class="entry-text">([^<]+)</p>'
)


def archive(*messages) -> bytes:
    """A mid-2023 export: Ana and Ben among the connections, the owner's profile, `messages`."""
    return make_zip(
        {
            "Connections.csv": csv_text(
                CONNECTIONS_2023,
                f"Ana,Silva,{ANA},,Acme,Engineer,04 Mar 2024",
                f"Ben,Smith,{BEN},,Globex,Designer,05 Mar 2024",
                preamble=PREAMBLE,
            ),
            "messages.csv": csv_text(MESSAGES_2023, *messages),
            "Profile.csv": csv_text(PROFILE, "Alex,Morgan,,,,Head of Product"),
        }
    )


def stamp(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"


def to_ana(moment, text="Coffee next week?"):
    return message("c1", "Alex Morgan", ME, "Ana Silva", ANA, stamp(moment), text)


def from_ana(moment, text="Gladly!"):
    return message("c1", "Ana Silva", ANA, "Alex Morgan", ME, stamp(moment), text)


def to_ben(moment, text="Hello Ben"):
    return message("c2", "Alex Morgan", ME, "Ben Smith", BEN, stamp(moment), text)


def days_ago(days, hour=10):
    return (timezone.now() - timedelta(days=days)).replace(hour=hour, minute=0, second=0)


def ana(user):
    return Contact.objects.get(owner=user, profile_key="ana-silva")


def linkedin(contact):
    return [
        (i.import_key, i.direction)
        for i in contact.interactions.filter(kind="linkedin").order_by("occurred_at")
    ]


def placed(contact, layer=Layer.CLOSE):
    contact.layer = layer
    contact.save()
    return contact


def in_zone(user, zone):
    Preferences.objects.filter(owner=user).update(time_zone=zone)


def test_a_reply_after_midnight_in_paris_is_two_way_on_the_users_two_days(client, user):
    in_zone(user, PARIS)
    paris = ZoneInfo(PARIS)
    # 23:50 in Paris, answered at 00:20: the same UTC day (22:50 and 23:20), two Paris days.
    data = archive(
        to_ana(datetime(2026, 1, 12, 23, 50, tzinfo=paris), "Still on for tomorrow?"),
        from_ana(datetime(2026, 1, 13, 0, 20, tzinfo=paris), "Yes, see you at 10"),
    )

    import_file(data, "Basic_LinkedInDataExport_01-20-2026.zip", user)

    assert linkedin(ana(user)) == [("msg:c1:2026-01-12", "both"), ("msg:c1:2026-01-13", "both")]
    client.force_login(user)
    page = client.get(f"/people/{ana(user).pk}/").content.decode()
    assert TIMELINE_ENTRY.findall(page) == [
        ("2026-01-13T00:20:00+01:00", "Jan 13, 2026", "both ways", "Them: Yes, see you at 10"),
        ("2026-01-12T23:50:00+01:00", "Jan 12, 2026", "both ways", "Me: Still on for tomorrow?"),
    ]


def test_a_reply_three_days_later_makes_both_days_two_way_and_resets_the_clock(user):
    import_file(archive(to_ana(days_ago(20)), from_ana(days_ago(17))), "export.zip", user)
    contact = placed(ana(user))
    prefs = Preferences.for_user(user)

    assert linkedin(contact) == [
        (f"msg:c1:{days_ago(20).date()}", "both"),
        (f"msg:c1:{days_ago(17).date()}", "both"),
    ]
    standing = contact.standing(prefs)
    assert standing.status == "active"
    assert standing.reason == "Close · last LinkedIn exchange 17 days ago · cadence 30 days"
    (person,) = Contact.objects.filter(owner=user).for_dashboard(prefs)
    assert (person.status, person.gap_days, person.unanswered) == ("active", 17, False)
    # Both count as two-way exchanges (0.3), not as one-way messages (0.1).
    now = timezone.now()
    ((_, _, _, score),) = Contact.objects.filter(pk=contact.pk).ranked_by_score(prefs, now)
    expected = sum(
        0.3 * 0.5 ** ((now - i.occurred_at).total_seconds() / 86400 / prefs.half_life_days)
        for i in contact.interactions.all()
    )
    assert score == pytest.approx(expected)


def test_an_unanswered_message_stays_one_way_and_does_not_reset_the_clock(user):
    import_file(archive(), "connections.zip", user)
    contact = placed(ana(user))
    make_interaction(contact, "met", occurred_at=days_ago(100))

    import_file(archive(to_ana(days_ago(3))), "export.zip", user)

    prefs = Preferences.for_user(user)
    assert linkedin(contact) == [(f"msg:c1:{days_ago(3).date()}", "from_me")]
    standing = contact.standing(prefs)
    assert standing.status == "dormant"
    assert standing.reason == "Close · last met 100 days ago · cadence 30 days"
    (person,) = Contact.objects.filter(owner=user).for_dashboard(prefs)
    assert person.unanswered and person.priority.unanswered == -2
    assert person.reason.endswith("you wrote, no reply yet")


def test_the_answer_in_a_newer_export_turns_the_earlier_day_two_way(user):
    import_file(archive(to_ana(days_ago(5))), "first.zip", user)
    contact = placed(ana(user))
    assert contact.standing(Preferences.for_user(user)).status == "dormant"

    run = import_file(archive(to_ana(days_ago(5)), from_ana(days_ago(2))), "newer.zip", user)

    assert linkedin(contact) == [
        (f"msg:c1:{days_ago(5).date()}", "both"),
        (f"msg:c1:{days_ago(2).date()}", "both"),
    ]
    assert (run.counts["messages"]["created"], run.counts["messages"]["updated"]) == (1, 1)
    assert contact.standing(Preferences.for_user(user)).status == "active"


def snapshot(user):
    interactions = Interaction.objects.filter(owner=user).order_by("pk")
    return (
        list(interactions.values_list("pk", "import_key", "direction", "summary", "occurred_at")),
        list(interactions.values_list("updated_at", flat=True)),
        list(Contact.objects.filter(owner=user).order_by("pk").values_list("pk", "score_log2")),
    )


def test_importing_the_same_archive_again_forced_or_not_changes_nothing(user):
    in_zone(user, PARIS)
    paris = ZoneInfo(PARIS)
    data = archive(
        to_ana(datetime(2026, 1, 12, 23, 50, tzinfo=paris)),
        from_ana(datetime(2026, 1, 13, 0, 20, tzinfo=paris)),
        to_ana(datetime(2026, 2, 2, 9, 0, tzinfo=paris)),
        from_ana(datetime(2026, 2, 5, 18, 0, tzinfo=paris)),
        to_ben(datetime(2026, 3, 1, 9, 0, tzinfo=paris)),
    )
    first = import_file(data, "export.zip", user)
    before = snapshot(user)

    again = import_file(data, "export.zip", user)
    forced = import_file(data, "export.zip", user, force=True)

    assert snapshot(user) == before
    assert first.counts["messages"]["created"] == 5
    assert again.counts["same_as"] == first.pk
    messages = forced.counts["messages"]
    assert (messages["created"], messages["updated"], messages["unchanged"]) == (0, 0, 5)
    assert messages["regrouped"] == 0


def test_a_change_of_time_zone_moves_the_days_instead_of_doubling_them(client, user):
    # In New York (UTC-5) both messages to and from Ana are on 12 January, and Ben's on the 13th.
    data = archive(
        to_ana(datetime(2026, 1, 12, 15, 0, tzinfo=UTC)),
        from_ana(datetime(2026, 1, 13, 2, 0, tzinfo=UTC)),
        to_ben(datetime(2026, 1, 14, 3, 0, tzinfo=UTC)),
    )
    import_file(data, "export.zip", user)
    ben = Contact.objects.get(owner=user, profile_key="ben-smith")
    (bens_day,) = ben.interactions.all()
    assert linkedin(ana(user)) == [("msg:c1:2026-01-12", "both"), ("msg:c1:2026-01-13", "both")]

    in_zone(user, "America/New_York")
    run = import_file(data, "export.zip", user, force=True)

    assert linkedin(ana(user)) == [("msg:c1:2026-01-12", "both")]
    assert ana(user).interactions.get().summary == "Me: Coffee next week?\nThem: Gladly!"
    assert linkedin(ben) == [("msg:c2:2026-01-13", "from_me")]
    assert ben.interactions.get().pk == bens_day.pk
    assert run.counts["messages"]["regrouped"] == 2
    assert "Conversation days moved to your time zone's days: 2" in summary_lines(run)
    client.force_login(user)
    assert b"which changed since an earlier import: 2" in client.get(f"/import/{run.pk}/").content
    before = snapshot(user)
    assert import_file(data, "export.zip", user, force=True).counts["messages"]["regrouped"] == 0
    assert snapshot(user) == before


def test_an_older_export_after_a_newer_one_moves_no_day(user):
    import_file(archive(to_ana(days_ago(9)), from_ana(days_ago(8))), "newer.zip", user)
    answer = ana(user).interactions.get(import_key=f"msg:c1:{days_ago(8).date()}")

    run = import_file(archive(to_ana(days_ago(9))), "older.zip", user)

    assert ana(user).interactions.filter(pk=answer.pk).exists()
    assert run.counts["messages"]["regrouped"] == 0
