"""messages.csv read into conversation days (netcoach/linkedin/messages.py, days.py), and who
the owner is (owner.py)."""

from zoneinfo import ZoneInfo

from netcoach.linkedin.rows import Owner, RowWarning
from tests.netcoach.linkedin.zips import (
    ANA,
    BEN,
    INVITATIONS_2023,
    ME,
    MESSAGES_2023,
    PROFILE_CSV,
    csv_text,
    message,
    read,
    utc,
)

# -- messages.csv ---------------------------------------------------------------------------


def conversation_rows():
    return [
        message("c1", "Alex Morgan", ME, "Ana Silva", ANA, "2026-01-05 09:00:00 UTC", "Hello Ana"),
        message("c1", "Ana Silva", ANA, "Alex Morgan", ME, "2026-01-05 18:30:00 UTC", "Hi!"),
        message("c1", "Ana Silva", ANA, "Alex Morgan", ME, "2026-01-07 08:00:00 UTC", "Coffee?"),
        message("c2", "Alex Morgan", ME, "Ben Smith", BEN, "2026-01-06 23:59:59 UTC", "Ping"),
        message("c3", "Ben Smith", BEN, "Alex Morgan", ME, "2026-01-08 00:00:00 UTC", "Pong"),
    ]


def test_it_makes_one_interaction_per_conversation_and_day():
    export = read(
        {
            "messages.csv": csv_text(MESSAGES_2023, *conversation_rows()),
            "Profile.csv": PROFILE_CSV,
        }
    )
    days = {(d.conversation_id, d.day.isoformat()): d for d in export.conversation_days}
    assert sorted(days) == [
        ("c1", "2026-01-05"),
        ("c1", "2026-01-07"),
        ("c2", "2026-01-06"),
        ("c3", "2026-01-08"),
    ]
    both = days["c1", "2026-01-05"]
    assert both.direction == "both"
    assert (both.first_at, both.last_at) == (utc(2026, 1, 5, 9), utc(2026, 1, 5, 18, 30))
    assert both.message_count == 2
    assert both.summary == "Me: Hello Ana\nThem: Hi!"
    assert (both.counterpart_name, both.counterpart_profile_key) == ("Ana Silva", "ana-silva")
    assert both.counterpart_profile_url == ANA
    assert both.counterpart_name_key == "ana silva"
    assert both.import_key == "msg:c1:2026-01-05"
    # Two days after the owner wrote, within the reply window: still their exchange.
    assert days["c1", "2026-01-07"].direction == "both"
    assert days["c2", "2026-01-06"].direction == "from_me"
    assert days["c2", "2026-01-06"].counterpart_profile_key == "ben-smith"
    assert days["c3", "2026-01-08"].direction == "to_me"
    assert export.message_counts == {
        "messages": 5,
        "one_to_one": 5,
        "group": 0,
        "spam": 0,
        "sponsored": 0,
        "drafts": 0,
        "no_counterpart": 0,
        "undated": 0,
    }


def test_it_reads_messages_of_the_2021_era_without_recipient_urls():
    header = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT,FOLDER"
    )
    export = read(
        {
            "messages.csv": csv_text(
                header,
                f"c1,,Alex Morgan,{ME},Ana Silva,2021-03-01 10:00:00 UTC,,Hello,INBOX",
                f'c2,,Alex Morgan,{ME},"Jane Doe, Ph.D.",2021-03-02 10:00:00 UTC,,Hi,ARCHIVE',
            ),
            "Profile.csv": PROFILE_CSV,
        }
    )
    ana, jane = export.conversation_days
    assert (ana.counterpart_name, ana.counterpart_profile_key, ana.direction) == (
        "Ana Silva",
        "",
        "from_me",
    )
    # "Doe, Ph.D." is one person, not a group of two.
    assert jane.counterpart_name == "Jane Doe, Ph.D."
    assert export.message_counts["group"] == 0


def test_it_reads_fully_quoted_2026_messages_with_line_breaks():
    header = (
        '"CONVERSATION ID","CONVERSATION TITLE","FROM","SENDER PROFILE URL","TO",'
        '"RECIPIENT PROFILE URLS","DATE","SUBJECT","CONTENT","FOLDER","ATTACHMENTS",'
        '"IS MESSAGE DRAFT","IS CONVERSATION DRAFT"'
    )
    export = read(
        {
            "messages.csv": csv_text(
                header,
                f'"c1","","Ana Silva","{ANA}","Alex Morgan","{ME}","2026-01-05 09:00:00 UTC","",'
                '"Hi Alex,\nsee you ""soon""\n","INBOX","","false","false"',
                f'"c1","","Alex Morgan","{ME}","Ana Silva","{ANA}","bad date","",'
                '"Sure","INBOX","","false","false"',
                f'"c1","","Alex Morgan","{ME}","Ana Silva","{ANA}","2026-01-05 10:00:00 UTC","",'
                '"draft reply","INBOX","","true","false"',
            ),
            "Profile.csv": PROFILE_CSV,
        }
    )
    (day,) = export.conversation_days
    assert day.summary == 'Them: Hi Alex, see you "soon"'
    assert day.direction == "to_me"
    assert export.message_counts["drafts"] == 1
    assert export.message_counts["undated"] == 1
    # The first message spans lines 2-4, so the undated one sits on line 5.
    assert export.warnings == [
        RowWarning("messages.csv", 5, "DATE", "unreadable date 'bad date': message skipped")
    ]


def test_it_strips_html_from_message_content():
    hostile = (
        "<p>Hi&nbsp;Alex,</p><script>alert(1)</script><br>"
        '<a href="https://x.example">link</a> &lt;b&gt;bold&lt;/b&gt; &amp; more'
    )
    export = read(
        {
            "messages.csv": csv_text(
                MESSAGES_2023,
                message(
                    "c1", "Ana Silva", ANA, "Alex Morgan", ME, "2026-01-05 09:00:00 UTC", hostile
                ),
            ),
            "Profile.csv": PROFILE_CSV,
        }
    )
    assert export.conversation_days[0].summary == "Them: Hi Alex, link bold & more"


def test_it_truncates_long_summaries():
    rows = [
        message(
            "c1", "Ana Silva", ANA, "Alex Morgan", ME, f"2026-01-05 09:{i:02d}:00 UTC", "x" * 100
        )
        for i in range(10)
    ]
    export = read({"messages.csv": csv_text(MESSAGES_2023, *rows), "Profile.csv": PROFILE_CSV})
    (day,) = export.conversation_days
    assert len(day.summary) == 500
    assert day.summary.endswith("…")
    assert day.message_count == 10


def test_it_counts_group_conversations_without_making_interactions():
    export = read(
        {
            "messages.csv": csv_text(
                MESSAGES_2023,
                message("g1", "Ana Silva", ANA, "Alex Morgan", ME, "2026-01-05 09:00:00 UTC",
                        title="Product folks"),
                message("g2", "Alex Morgan", ME, "Ana Silva, Ben Smith", f"{ANA};{BEN}",
                        "2026-01-05 09:00:00 UTC"),
                message("g3", "Ana Silva", ANA, "Alex Morgan", ME, "2026-01-05 09:00:00 UTC"),
                message("g3", "Ben Smith", BEN, "Alex Morgan", ME, "2026-01-05 10:00:00 UTC"),
                message("g4", "Alex Morgan", ME, "Ana Silva, Ben Smith", f"{ANA},{BEN}",
                        "2026-01-05 09:00:00 UTC"),
                *conversation_rows(),
            ),
            "Profile.csv": PROFILE_CSV,
        }
    )  # fmt: skip
    assert {d.conversation_id for d in export.conversation_days} == {"c1", "c2", "c3"}
    assert export.message_counts["group"] == 5
    assert export.message_counts["one_to_one"] == 5


def test_it_counts_spam_and_sponsored_messages_without_making_interactions():
    export = read(
        {
            "messages.csv": csv_text(
                MESSAGES_2023,
                message("s1", "Eve Scam", "https://www.linkedin.com/in/eve", "Alex Morgan", ME,
                        "2026-01-05 09:00:00 UTC", folder="SPAM"),
                message("p1", "LinkedIn Member", "", "Alex Morgan", ME, "2026-01-05 09:00:00 UTC",
                        "<p>Offer</p>", folder="INBOX"),
                message("p2", "Acme Recruiting", "", "Alex Morgan", ME, "2026-01-05 09:00:00 UTC",
                        folder=""),
                message("p3", "Rita Recruiter", "https://www.linkedin.com/in/rita", "Alex Morgan",
                        ME, "2026-01-05 09:00:00 UTC", subject="Sponsored: grow your career"),
                message("p3", "Alex Morgan", ME, "Rita Recruiter",
                        "https://www.linkedin.com/in/rita", "2026-01-05 10:00:00 UTC"),
                *conversation_rows(),
            ),
            "Profile.csv": PROFILE_CSV,
        }
    )  # fmt: skip
    assert {d.conversation_id for d in export.conversation_days} == {"c1", "c2", "c3"}
    assert export.message_counts["spam"] == 1
    assert export.message_counts["sponsored"] == 4
    assert export.message_counts["messages"] == 10


def test_it_reads_pre_2020_messages_with_a_direction_column():
    export = read(
        {
            "messages.csv": csv_text(
                "FROM,TO,DATE,SUBJECT,CONTENT,DIRECTION,FOLDER",
                "Alex Morgan,Ana Silva,2019-03-01T10:00:00,,Hello,OUTGOING,INBOX",
                "Ana Silva,Alex Morgan,2019-03-01T11:00:00,,Hi,INCOMING,INBOX",
            )
        }
    )
    (day,) = export.conversation_days
    assert (day.conversation_id, day.direction, day.counterpart_name) == (
        "legacy:ana silva",
        "both",
        "Ana Silva",
    )
    assert day.first_at == utc(2019, 3, 1, 10)


def test_it_makes_no_interactions_when_it_cannot_tell_who_the_owner_is():
    export = read(
        {
            "messages.csv": csv_text(
                MESSAGES_2023,
                message("c1", "Ana Silva", ANA, "Ben Smith", BEN, "2026-01-05 09:00:00 UTC"),
            )
        }
    )
    assert export.owner is None
    assert export.conversation_days == []
    assert export.message_counts["no_counterpart"] == 1
    assert export.warnings == [
        RowWarning(
            "messages.csv",
            1,
            "FROM",
            "cannot tell which participant is you: messages made no interactions",
        )
    ]


# -- Replies across days (docs/relationship-model.md, "Two-way exchanges") ------------------


def directions(*rows, **options):
    """(conversation, day, direction) of each conversation day read from `rows`."""
    export = read(
        {"messages.csv": csv_text(MESSAGES_2023, *rows), "Profile.csv": PROFILE_CSV}, **options
    )
    return [(d.conversation_id, d.day.isoformat(), d.direction) for d in export.conversation_days]


def mine(when, conversation="c1", to="Ana Silva", url=ANA):
    return message(conversation, "Alex Morgan", ME, to, url, when, "Are you coming?")


def theirs(when, conversation="c1", sender="Ana Silva", url=ANA):
    return message(conversation, sender, url, "Alex Morgan", ME, when, "Yes!")


def test_a_reply_three_days_later_makes_both_days_two_way():
    assert directions(mine("2026-01-05 09:00:00 UTC"), theirs("2026-01-08 18:00:00 UTC")) == [
        ("c1", "2026-01-05", "both"),
        ("c1", "2026-01-08", "both"),
    ]


def test_a_reply_is_counted_up_to_exactly_fourteen_days_later():
    on_time = directions(mine("2026-01-01 09:00:00 UTC"), theirs("2026-01-15 09:00:00 UTC"))
    late = directions(mine("2026-01-01 09:00:00 UTC"), theirs("2026-01-15 09:00:01 UTC"))

    assert [d for _, _, d in on_time] == ["both", "both"]
    assert [d for _, _, d in late] == ["from_me", "to_me"]


def test_a_message_never_answered_stays_one_way():
    assert directions(
        mine("2026-01-05 09:00:00 UTC"),
        mine("2026-01-09 09:00:00 UTC"),
        mine("2026-01-30 09:00:00 UTC"),
    ) == [
        ("c1", "2026-01-05", "from_me"),
        ("c1", "2026-01-09", "from_me"),
        ("c1", "2026-01-30", "from_me"),
    ]


def test_answering_their_message_the_next_day_is_two_way_too():
    # Whoever wrote first: an answer on the same day already made the day two-way.
    assert directions(theirs("2026-01-05 21:00:00 UTC"), mine("2026-01-06 08:00:00 UTC")) == [
        ("c1", "2026-01-05", "both"),
        ("c1", "2026-01-06", "both"),
    ]


def test_only_the_messages_within_the_window_of_an_answer_are_two_way():
    assert directions(
        mine("2026-01-01 09:00:00 UTC"),
        theirs("2026-01-03 09:00:00 UTC"),
        theirs("2026-01-20 09:00:00 UTC"),  # 17 days after the owner last wrote
    ) == [
        ("c1", "2026-01-01", "both"),
        ("c1", "2026-01-03", "both"),
        ("c1", "2026-01-20", "to_me"),
    ]


def test_a_message_in_another_conversation_is_no_answer():
    assert directions(
        mine("2026-01-05 09:00:00 UTC", conversation="c1"),
        theirs("2026-01-06 09:00:00 UTC", conversation="c2", sender="Ben Smith", url=BEN),
    ) == [("c1", "2026-01-05", "from_me"), ("c2", "2026-01-06", "to_me")]


def test_days_are_the_owners_days_in_their_time_zone():
    # 23:50 and 00:20 in Paris (UTC+1 in January): one UTC day, two Paris days.
    rows = (mine("2026-01-12 22:50:00 UTC"), theirs("2026-01-12 23:20:00 UTC"))

    assert directions(*rows) == [("c1", "2026-01-12", "both")]
    assert directions(*rows, time_zone=ZoneInfo("Europe/Paris")) == [
        ("c1", "2026-01-12", "both"),
        ("c1", "2026-01-13", "both"),
    ]


def test_a_day_follows_the_summer_time_of_the_owners_zone():
    # 22:30 UTC is 00:30 the next day in Paris in July (UTC+2), 23:30 the same day in January.
    paris = {"time_zone": ZoneInfo("Europe/Paris")}

    assert directions(mine("2026-07-01 22:30:00 UTC"), **paris) == [("c1", "2026-07-02", "from_me")]
    assert directions(mine("2026-01-01 22:30:00 UTC"), **paris) == [("c1", "2026-01-01", "from_me")]


def test_a_paris_day_keeps_its_moments_and_takes_its_date_in_its_key():
    export = read(
        {
            "messages.csv": csv_text(MESSAGES_2023, theirs("2026-01-12 23:20:00 UTC")),
            "Profile.csv": PROFILE_CSV,
        },
        time_zone=ZoneInfo("Europe/Paris"),
    )
    (day,) = export.conversation_days
    assert day.import_key == "msg:c1:2026-01-13"
    assert day.first_at == day.last_at == utc(2026, 1, 12, 23, 20)


# -- The owner ------------------------------------------------------------------------------


def test_it_takes_the_owner_from_profile_and_the_inviter_url():
    export = read(
        {
            "Profile.csv": PROFILE_CSV,
            "Invitations.csv": csv_text(
                INVITATIONS_2023,
                f'Alex Morgan,Ben Smith,"7/2/23, 10:00 PM",,OUTGOING,{ME},{BEN}',
            ),
        }
    )
    assert export.owner == Owner("Alex", "Morgan", "alex morgan", "alex-morgan")


def test_it_detects_the_owner_from_the_conversations_alone():
    export = read({"messages.csv": csv_text(MESSAGES_2023, *conversation_rows())})
    assert export.owner == Owner("Alex", "Morgan", "alex morgan", "alex-morgan")
    assert len(export.conversation_days) == 4


def test_it_recognises_the_owner_under_an_older_name_in_messages():
    rows = [r.replace("Alex Morgan", "Alex Smith") for r in conversation_rows()]
    export = read({"messages.csv": csv_text(MESSAGES_2023, *rows), "Profile.csv": PROFILE_CSV})
    assert export.owner.name_key == "alex morgan"
    assert export.owner.profile_key == "alex-morgan"
    assert {d.direction for d in export.conversation_days if d.conversation_id == "c2"} == {
        "from_me"
    }
