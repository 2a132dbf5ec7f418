"""The automatic snapshots: one before every import (page, command, sample data), one a day."""

import sqlite3
from contextlib import closing
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from contacts.models import Contact, ImportRun
from netcoach import backups
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.archive import ExportError
from netcoach.linkedin.sample import build_sample_export
from tests.factories import age_snapshots, make_contact

pytestmark = pytest.mark.django_db
SMALL = {"connections": 30, "messages": 40, "invitations": 5}


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path
    settings.NETCOACH_AUTOMATIC_BACKUPS = True
    # The daily check is left out of the import tests (`inline_daily` runs it where tested).
    monkeypatch.setattr(
        backups.DailyBackupMiddleware, "in_background", staticmethod(lambda task: None)
    )
    return tmp_path


def kinds():
    return [b.kind for b in backups.list_backups()]


def contacts_in(path):
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT count(*) FROM contacts_contact").fetchone()[0]


def test_an_upload_on_the_import_page_takes_a_snapshot_of_the_database_before(
    client_logged_in, user
):
    archive = SimpleUploadedFile("export.zip", build_sample_export(**SMALL))

    client_logged_in.post("/import/", {"archive": archive})

    assert kinds() == ["pre-import"]
    assert contacts_in(backups.list_backups()[0].path) == 0
    assert Contact.objects.filter(owner=user).count() > 0


def test_the_sample_data_button_takes_one_too(client_logged_in):
    client_logged_in.post("/import/sample/")

    assert kinds() == ["pre-import"]


def test_the_import_command_takes_one_too(user, tmp_path):
    path = tmp_path / "export.zip"
    path.write_bytes(build_sample_export(**SMALL))

    call_command("import_linkedin", str(path), "--user", user.username)

    assert kinds() == ["pre-import"]


def test_the_last_five_pre_import_snapshots_are_kept(user):
    data = build_sample_export(**SMALL)
    for i in range(7):
        import_file(data, f"export-{i}.zip", user, force=True)
        age_snapshots(8)

    assert kinds() == ["pre-import"] * 5


def test_a_refused_or_already_imported_archive_takes_none(user):
    with pytest.raises(ExportError):
        import_file(b"not a zip", "bad.zip", user)
    data = build_sample_export(**SMALL)
    import_file(data, "export.zip", user)

    import_file(data, "export.zip", user)

    assert kinds() == ["pre-import"]


def test_the_same_archive_imported_again_by_the_command_takes_none(user, tmp_path):
    path = tmp_path / "export.zip"
    path.write_bytes(build_sample_export(**SMALL))

    call_command("import_linkedin", str(path), "--user", user.username)
    call_command("import_linkedin", str(path), "--user", user.username)

    assert kinds() == ["pre-import"]


def test_a_pre_import_snapshot_holds_the_importing_account_only(user, other_user):
    for i in range(20):
        make_contact(other_user, first_name=f"Theirs {i}")
    make_contact(user, first_name="Mine before")
    data = build_sample_export(**SMALL)

    import_file(data, "export.zip", user)

    [snapshot] = backups.list_backups()
    assert snapshot.user_id == user.pk
    assert contacts_in(snapshot.path) == 1
    imported = Contact.objects.filter(owner=user).count()
    assert imported > 1
    # Restoring it undoes the import for that account, and only there.
    backups.restore(snapshot.path)
    assert list(Contact.objects.filter(owner=user).values_list("first_name", flat=True)) == [
        "Mine before"
    ]
    assert Contact.objects.filter(owner=other_user).count() == 20
    [pre_restore] = [b for b in backups.list_backups() if b.kind == "pre-restore"]
    assert contacts_in(pre_restore.path) == imported


def test_the_only_account_with_people_gets_a_snapshot_of_the_whole_database(user, other_user):
    make_contact(user, first_name="Mine before")

    import_file(build_sample_export(**SMALL), "export.zip", user)

    [snapshot] = backups.list_backups()
    assert snapshot.user_id is None
    assert contacts_in(snapshot.path) == 1


def test_without_a_snapshot_nothing_is_imported(user, data_dir):
    (data_dir / "backups").write_text("a file where the folder should be")

    with pytest.raises(ExportError, match="could not back up"):
        import_file(build_sample_export(**SMALL), "export.zip", user)

    assert not Contact.objects.filter(owner=user).exists()
    assert not ImportRun.objects.filter(owner=user, status=ImportRun.Status.SUCCEEDED).exists()


@pytest.fixture
def inline_daily(monkeypatch):
    """Runs the daily check in the request's thread, so the test sees its result at once."""
    started = []

    def run_now(task):
        started.append(task)
        task()

    monkeypatch.setattr(backups.DailyBackupMiddleware, "in_background", staticmethod(run_now))
    return started


def test_the_first_request_of_the_day_takes_the_daily_snapshot(client_logged_in, inline_daily):
    client_logged_in.get("/")

    assert kinds() == ["daily"]


def test_it_looks_at_most_once_a_minute_and_takes_one_a_day(client_logged_in, inline_daily):
    middleware = backups.DailyBackupMiddleware(lambda request: "response")
    for _ in range(5):
        middleware(None)

    assert len(inline_daily) == 1
    middleware.next_check = 0
    middleware(None)
    assert len(inline_daily) == 2
    assert kinds() == ["daily"]


def test_a_daily_snapshot_is_due_again_the_next_day():
    backups.snapshot("daily")

    assert not backups.daily_due()
    assert backups.daily_due(timezone.localdate() + timedelta(days=1))


def test_the_last_seven_daily_snapshots_are_kept():
    for _ in range(9):
        backups.snapshot("daily")
        age_snapshots(8)

    assert kinds() == ["daily"] * 7


def test_no_daily_snapshot_when_automatic_backups_are_off(settings, client_logged_in, inline_daily):
    settings.NETCOACH_AUTOMATIC_BACKUPS = False

    client_logged_in.get("/")

    assert inline_daily == []
    assert kinds() == []
