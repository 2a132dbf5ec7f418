import gc
from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext

from contacts.models import Contact, ImportRun, Interaction, JobChange, Note, Tag
from contacts.relationships import Layer
from invitations.models import AcceptanceRule, Decision, Invitation
from netcoach.linkedin import apply, sql_internals
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.archive import ExportError
from netcoach.linkedin.sample import build_sample_export
from tests.factories import make_contact, make_interaction, make_note
from tests.netcoach.linkedin.zips import (
    CONNECTIONS_2023,
    INVITATIONS_2023,
    ME,
    MESSAGES_2023,
    PREAMBLE,
    PROFILE,
    csv_text,
    make_zip,
    message,
)

pytestmark = pytest.mark.django_db

SMALL = {"connections": 200, "messages": 400, "invitations": 60}
ANA = "https://www.linkedin.com/in/ana-silva"
OLD_HEADER = "First Name,Last Name,Email Address,Company,Position,Connected On"


def table_counts(user):
    return {
        model.__name__: model.objects.filter(owner=user).count()
        for model in (Contact, Invitation, Interaction, Note, JobChange)
    }


def test_it_imports_every_file_of_a_sample_export(user):
    run = import_file(build_sample_export(**SMALL), "export.zip", user)

    counts = run.counts
    assert run.status == ImportRun.Status.SUCCEEDED
    assert (
        Contact.objects.filter(owner=user, is_connection=True).count()
        == (counts["connections"]["created"])
    )
    assert counts["connections"]["created"] + counts["connections"]["hidden"] == 200
    assert Invitation.objects.filter(owner=user).count() == counts["invitations"]["created"] == 60
    assert (
        Interaction.objects.filter(owner=user, kind="linkedin").count()
        == (counts["messages"]["created"])
    )
    assert Note.objects.filter(owner=user, source="imported").count() == counts["notes"]["created"]
    assert counts["owner"] == "Alex Morgan"
    assert run.sha256 and run.finished_at


def test_reimporting_the_same_archive_changes_nothing_and_says_so(user):
    data = build_sample_export(**SMALL)
    first = import_file(data, "export.zip", user)
    before = table_counts(user)

    again = import_file(data, "export.zip", user)

    assert again.counts["same_as"] == first.pk
    assert table_counts(user) == before


def test_a_forced_reimport_finds_every_row_unchanged(user):
    data = build_sample_export(**SMALL)
    import_file(data, "export.zip", user)
    before = table_counts(user)

    run = import_file(data, "export.zip", user, force=True)

    for name in ("connections", "invitations", "messages", "notes"):
        assert run.counts[name]["created"] == run.counts[name]["updated"] == 0, name
    assert run.counts["job_changes"] == 0
    assert table_counts(user) == before


def test_a_newer_export_updates_jobs_and_never_touches_what_the_user_owns(user):
    import_file(build_sample_export(**SMALL), "first.zip", user)
    contact = Contact.objects.filter(owner=user, is_connection=True).first()
    contact.layer, contact.is_family, contact.how_we_met = Layer.CLOSE, True, "Lisbon meetup"
    contact.save()
    contact.tags.add(Tag.objects.create(owner=user, name="friends"))
    note = make_note(contact, "Loves climbing")
    met = make_interaction(contact, kind="met")
    decided = Invitation.objects.filter(owner=user, direction="incoming").first()
    decided.decision, decided.reason = Decision.TALK_FIRST, "ask about the project"
    decided.save()
    pending_before = set(
        Invitation.objects.filter(owner=user, status="pending").values_list("pk", flat=True)
    )

    run = import_file(build_sample_export(**SMALL, newer=True), "newer.zip", user)

    contact.refresh_from_db()
    assert (contact.layer, contact.is_family, contact.how_we_met) == (
        Layer.CLOSE,
        True,
        "Lisbon meetup",
    )
    assert list(contact.tags.values_list("name", flat=True)) == ["friends"]
    assert Note.objects.get(pk=note.pk).text == "Loves climbing"
    assert Interaction.objects.filter(pk=met.pk).exists()
    decided.refresh_from_db()
    assert (decided.decision, decided.reason) == (Decision.TALK_FIRST, "ask about the project")
    changes = JobChange.objects.filter(import_run=run)
    assert changes.count() == run.counts["job_changes"] > 0
    change = changes.first()
    assert (change.contact.company, change.contact.position) == (
        change.new_company,
        change.new_position,
    )
    assert run.counts["connections"]["created"] > 0
    accepted_now = Invitation.objects.filter(pk__in=pending_before, status="accepted")
    assert accepted_now.exists()
    assert run.counts["messages"]["created"] > 0


def test_a_url_is_attached_to_the_person_first_known_by_name(user):
    import_file(make_zip({"Connections.csv": csv_text(OLD_HEADER, "Ana,Silva,,Acme,CTO,08 Feb 2021")}),
                "2021.zip", user)  # fmt: skip
    newer = csv_text(CONNECTIONS_2023, f"Ana,Silva,{ANA},,Acme,CTO,08 Feb 2021", preamble=PREAMBLE)

    run = import_file(make_zip({"Connections.csv": newer}), "2023.zip", user)

    contact = Contact.objects.get(owner=user)
    assert (contact.profile_key, contact.profile_url) == ("ana-silva", ANA)
    assert run.counts["connections"] == {
        "created": 0,
        "updated": 1,
        "unchanged": 0,
        "hidden": 0,
        "ambiguous": [],
    }


def test_it_links_a_person_entered_by_hand_instead_of_duplicating_them(user):
    manual = make_contact(user, "Ana", "Silva", profile_url="linkedin.com/in/Ana-Silva/")
    newer = csv_text(CONNECTIONS_2023, f"Ana,Silva,{ANA},,Acme,CTO,08 Feb 2021", preamble=PREAMBLE)

    import_file(make_zip({"Connections.csv": newer}), "x.zip", user)

    manual.refresh_from_db()
    assert Contact.objects.filter(owner=user).count() == 1
    assert (manual.company, manual.is_connection, manual.source) == ("Acme", True, "manual")


def test_invitation_status_follows_the_connections(user):
    connections = csv_text(CONNECTIONS_2023, f"Ana,Silva,{ANA},,,,08 Feb 2026", preamble=PREAMBLE)
    invitations = csv_text(
        INVITATIONS_2023,
        f'Ana Silva,Alex Morgan,"2/1/26, 9:56 AM",Hi!,INCOMING,{ANA},{ME}',
        f'Ben Smith,Alex Morgan,"2/2/26, 9:56 AM",,INCOMING,https://www.linkedin.com/in/ben,{ME}',
        f'Alex Morgan,Cy Lee,"2/3/26, 9:56 AM",,OUTGOING,{ME},https://www.linkedin.com/in/cy',
    )

    run = import_file(make_zip({"Connections.csv": connections, "Invitations.csv": invitations}),
                      "x.zip", user)  # fmt: skip

    statuses = dict(Invitation.objects.filter(owner=user).values_list("name", "status"))
    assert statuses == {"Ana Silva": "accepted", "Ben Smith": "pending", "Cy Lee": "pending"}
    ana = Invitation.objects.get(owner=user, name="Ana Silva")
    assert ana.contact.profile_key == "ana-silva"
    assert ana.message == "Hi!"
    assert run.counts["invitations"]["accepted"] == 1


def test_conversation_days_become_linkedin_interactions(user):
    make_contact(user, "Ana", "Silva", profile_url=ANA)
    rows = [
        message("c1", "Alex Morgan", ME, "Ana Silva", ANA, "2026-01-05 09:00:00 UTC", "Hello"),
        message("c1", "Ana Silva", ANA, "Alex Morgan", ME, "2026-01-05 10:00:00 UTC", "Hi!"),
        # Beyond the 14-day reply window: a one-way day.
        message("c1", "Ana Silva", ANA, "Alex Morgan", ME, "2026-01-30 10:00:00 UTC", "<b>Ok</b>"),
    ]
    files = {
        "messages.csv": csv_text(MESSAGES_2023, *rows),
        "Profile.csv": csv_text(PROFILE, "Alex,Morgan,,,,"),
    }

    import_file(make_zip(files), "x.zip", user)

    interactions = Interaction.objects.filter(owner=user).order_by("occurred_at")
    assert [(i.kind, i.direction, i.summary, i.source) for i in interactions] == [
        ("linkedin", "both", "Me: Hello\nThem: Hi!", "imported"),
        ("linkedin", "to_me", "Them: Ok", "imported"),
    ]
    assert interactions[0].import_key == "msg:c1:2026-01-05"
    assert interactions[0].is_real and not interactions[1].is_real


def test_a_conversation_day_is_compared_by_its_moment_not_by_how_sqlite_spells_it(user):
    make_contact(user, "Ana", "Silva", profile_url=ANA)
    rows = [
        message("c1", "Ana Silva", ANA, "Alex Morgan", ME, "2026-01-05 10:00:00 UTC", "Hi!"),
        message("c2", "Ana Silva", ANA, "Alex Morgan", ME, "2026-01-06 10:00:00 UTC", "Again"),
    ]
    files = {
        "messages.csv": csv_text(MESSAGES_2023, *rows),
        "Profile.csv": csv_text(PROFILE, "Alex,Morgan,,,,"),
    }
    data = make_zip(files)
    import_file(data, "x.zip", user)
    # The same moment written another way, and another moment.
    Interaction.objects.filter(import_key="msg:c1:2026-01-05").update(
        occurred_at=RawSQL("'2026-01-05 10:00:00.000000'", [])
    )
    Interaction.objects.filter(import_key="msg:c2:2026-01-06").update(
        occurred_at=RawSQL("'2026-01-06 10:00:01'", [])
    )

    run = import_file(data, "x.zip", user, force=True)

    assert (run.counts["messages"]["unchanged"], run.counts["messages"]["updated"]) == (1, 1)
    moved = Interaction.objects.get(import_key="msg:c2:2026-01-06")
    assert moved.occurred_at == datetime(2026, 1, 6, 10, tzinfo=UTC)


def test_a_person_the_owner_wrote_to_becomes_a_contact_but_a_cold_message_does_not(user):
    rows = [
        message("c1", "Alex Morgan", ME, "Ana Silva", ANA, "2026-01-05 09:00:00 UTC"),
        message("c2", "Rex Cold", "https://www.linkedin.com/in/rex", "Alex Morgan", ME,
                "2026-01-05 09:00:00 UTC"),
    ]  # fmt: skip
    files = {
        "messages.csv": csv_text(MESSAGES_2023, *rows),
        "Profile.csv": csv_text(PROFILE, "Alex,Morgan,,,,"),
    }

    run = import_file(make_zip(files), "x.zip", user)

    assert list(Contact.objects.filter(owner=user).values_list("profile_key", "is_connection")) == [
        ("ana-silva", False)
    ]
    assert run.counts["messages"]["interactions_without_contact"] == 1


def test_a_second_archive_of_a_split_export_merges(user):
    connections = csv_text(CONNECTIONS_2023, f"Ana,Silva,{ANA},,,,08 Feb 2026", preamble=PREAMBLE)
    import_file(make_zip({"Connections.csv": connections}), "part1.zip", user)
    rows = [message("c1", "Ana Silva", ANA, "Alex Morgan", ME, "2026-01-05 09:00:00 UTC")]
    files = {"messages.csv": csv_text(MESSAGES_2023, *rows),
             "Profile.csv": csv_text(PROFILE, "Alex,Morgan,,,,")}  # fmt: skip

    import_file(make_zip(files), "part2.zip", user)

    contact = Contact.objects.get(owner=user)
    assert contact.is_connection
    assert contact.interactions.count() == 1


def test_imported_notes_follow_edits_on_linkedin(user):
    header = "Connection First Name,Connection Last Name,Connection Profile URL,Note,Created On,Edited On"
    make_contact(user, "Ana", "Silva", profile_url=ANA)
    note = f"Ana,Silva,{ANA},First version,2025-07-30 18:20:00 UTC,"
    import_file(make_zip({"Notes.csv": csv_text(header, note)}), "a.zip", user)

    edited = note.replace("First version", "Second version")
    run = import_file(make_zip({"Notes.csv": csv_text(header, edited)}), "b.zip", user)

    assert list(Note.objects.filter(owner=user).values_list("text", "source")) == [
        ("Second version", "imported")
    ]
    assert run.counts["notes"]["updated"] == 1


def test_each_users_import_stays_their_own(user, other_user):
    data = build_sample_export(**SMALL)
    import_file(data, "export.zip", user)

    run = import_file(data, "export.zip", other_user)

    assert "same_as" not in run.counts
    assert (
        Contact.objects.filter(owner=other_user).count()
        == Contact.objects.filter(owner=user).count()
    )


@pytest.mark.parametrize(
    ("data", "message_start"),
    [
        (b"not a zip", "bad.zip is not a ZIP archive"),
        (make_zip({"Ad_Targeting.csv": "a,b"}), "bad.zip contains none of the files"),
        (make_zip({"Connections.csv": "First Name,Last Name\nAna,Silva"}),
         "Connections.csv is missing the column Connected On"),
        (make_zip({"Connections.csv": OLD_HEADER + "\nAna,Silva,,,,08 Feb 2021"}, encrypted=True),
         "bad.zip is password-protected"),
    ],
)  # fmt: skip
def test_bad_input_writes_nothing_but_the_refusal(user, data, message_start):
    before = table_counts(user)

    with pytest.raises(ExportError) as err:
        import_file(data, "bad.zip", user)

    assert str(err.value).startswith(message_start)
    assert table_counts(user) == before
    run = ImportRun.objects.get(owner=user)
    assert (run.status, run.error) == ("failed", str(err.value))


def test_an_upload_over_the_limit_is_refused(user):
    with pytest.raises(ExportError) as err:
        import_file(build_sample_export(**SMALL), "big.zip", user, max_upload_bytes=1000)
    assert "over the" in str(err.value)
    assert Contact.objects.filter(owner=user).count() == 0


def test_an_import_settles_invitations_recorded_by_hand_and_accepts_decided_here(user):
    sent = Invitation.record_by_hand(user, direction="outgoing", name="Ana Silva", profile_url=ANA)
    decided = Invitation.record_by_hand(
        user, direction="incoming", name="Bo Chen", profile_url="https://www.linkedin.com/in/bo-c"
    )
    decided.decide(Decision.ACCEPT, rule=AcceptanceRule.for_user(user))
    ignored = Invitation.record_by_hand(
        user, direction="incoming", name="Cy Diaz", profile_url="https://www.linkedin.com/in/cy-d"
    )
    ignored.decide(Decision.IGNORE, rule=AcceptanceRule.for_user(user))
    assert set(Invitation.objects.filter(owner=user).decided_not_applied()) == {decided, ignored}
    connections = csv_text(
        CONNECTIONS_2023,
        f"Ana,Silva,{ANA},,Acme,CTO,08 Feb 2026",
        "Bo,Chen,https://www.linkedin.com/in/bo-c,,Initech,Dev,08 Feb 2026",
        "Cy,Diaz,https://www.linkedin.com/in/cy-d,,Initech,Ops,08 Feb 2026",
        preamble=PREAMBLE,
    )

    run = import_file(make_zip({"Connections.csv": connections}), "export.zip", user)

    sent.refresh_from_db()
    decided.refresh_from_db()
    assert run.counts["invitations_reconciled"] == 3
    assert (sent.status, sent.contact.last_name) == (Invitation.Status.ACCEPTED, "Silva")
    assert decided.status == Invitation.Status.ACCEPTED and decided.applied_at is not None
    assert not Invitation.objects.filter(owner=user).decided_not_applied().exists()
    assert Invitation.objects.filter(owner=user).dashboard_counts()["decided_not_applied"] == 0


def schema():
    with connection.cursor() as cursor:
        cursor.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")
        return cursor.fetchall()


def index_names(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [table]
        )
        return {name for (name,) in cursor.fetchall()}


def test_a_first_import_builds_the_indexes_after_its_rows_and_the_schema_ends_as_migrated(
    user, monkeypatch
):
    monkeypatch.setattr(sql_internals, "DEFER_INDEXES_FROM", 10)
    migrated = schema()

    with CaptureQueriesContext(connection) as queries:
        run = import_file(build_sample_export(**SMALL), "export.zip", user)

    dropped = {q["sql"] for q in queries.captured_queries if q["sql"].startswith("DROP INDEX")}
    assert 'DROP INDEX "interaction_by_date_idx"' in dropped
    assert 'DROP INDEX "contact_pool_idx"' in dropped
    assert 'DROP INDEX "unique_interaction_import_key"' in dropped
    assert schema() == migrated
    assert Interaction.objects.filter(owner=user).count() == run.counts["messages"]["created"]


def test_the_indexes_are_kept_when_the_table_holds_more_rows_than_arrive(
    user, other_user, monkeypatch
):
    monkeypatch.setattr(sql_internals, "DEFER_INDEXES_FROM", 10)
    import_file(build_sample_export(**SMALL), "export.zip", user)

    with CaptureQueriesContext(connection) as queries:
        smaller = build_sample_export(connections=50, messages=100, invitations=20, seed=1)
        run = import_file(smaller, "smaller.zip", other_user)

    assert run.counts["connections"]["created"] > 10
    assert not [q for q in queries.captured_queries if "INDEX" in q["sql"]]


def test_an_import_failing_while_the_indexes_are_dropped_leaves_rows_and_schema_as_they_were(
    user, monkeypatch
):
    monkeypatch.setattr(sql_internals, "DEFER_INDEXES_FROM", 10)
    make_contact(user, "Hand", "Made")
    before = (schema(), table_counts(user))
    seen = []

    def power_cut(row):
        seen.append(index_names("invitations_invitation"))
        raise RuntimeError("power cut")

    # The invitations are the first rows adapted one by one, inside their table's deferral.
    monkeypatch.setattr(sql_internals, "_adapt", power_cut)
    with pytest.raises(RuntimeError, match="power cut"):
        import_file(build_sample_export(**SMALL), "export.zip", user)

    assert seen == [set()]
    assert (schema(), table_counts(user)) == before
    assert not ImportRun.objects.filter(owner=user).exists()


def test_the_garbage_collector_is_paused_for_an_import_and_back_after_it(user, monkeypatch):
    during = []
    apply_export = apply.apply_export

    def spy(*args, **kwargs):
        during.append(gc.isenabled())
        return apply_export(*args, **kwargs)

    monkeypatch.setattr(apply, "apply_export", spy)
    import_file(build_sample_export(**SMALL), "export.zip", user)
    assert during == [False] and gc.isenabled()

    with pytest.raises(ExportError):
        import_file(b"not an archive", "export.zip", user)
    assert gc.isenabled()


def test_a_duplicate_key_still_fails_the_whole_import_when_the_unique_index_comes_after(
    user, monkeypatch
):
    monkeypatch.setattr(sql_internals, "DEFER_INDEXES_FROM", 10)
    make_contact(user, "Hand", "Made")
    before = (schema(), table_counts(user))
    read = apply._read

    def with_a_duplicate(*args):
        export = read(*args)
        export.conversation_days[1].import_key = export.conversation_days[0].import_key
        return export

    monkeypatch.setattr(apply, "_read", with_a_duplicate)
    with pytest.raises(IntegrityError, match="UNIQUE constraint failed"):
        import_file(build_sample_export(**SMALL), "export.zip", user)

    assert (schema(), table_counts(user)) == before
