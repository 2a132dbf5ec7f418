import zipfile

import pytest
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError

from contacts.models import Contact, ImportRun
from netcoach.linkedin.sample import build_sample_export

pytestmark = pytest.mark.django_db

SMALL = {"connections": 60, "messages": 120, "invitations": 20}


@pytest.fixture
def archive(tmp_path):
    path = tmp_path / "Basic_LinkedInDataExport_02-08-2026.zip"
    path.write_bytes(build_sample_export(**SMALL))
    return path


def test_import_linkedin_prints_the_summary(archive, user, capsys):
    call_command("import_linkedin", str(archive), "--user", "alice")

    out = capsys.readouterr().out
    assert "Connections: " in out
    assert "Job changes: 0" in out
    assert Contact.objects.filter(owner=user).exists()


def test_import_linkedin_says_when_nothing_changed(archive, user, capsys):
    call_command("import_linkedin", str(archive), "--user", "alice")
    call_command("import_linkedin", str(archive), "--user", "alice")

    assert "was already imported" in capsys.readouterr().out


def test_import_linkedin_fails_on_a_bad_archive(tmp_path, user):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"nope")

    with pytest.raises(CommandError, match=r"bad\.zip is not a ZIP archive"):
        call_command("import_linkedin", str(bad), "--user", "alice")
    assert not Contact.objects.filter(owner=user).exists()


def test_import_linkedin_fails_for_an_unknown_user(archive, db):
    with pytest.raises(CommandError, match="No user named 'bob'"):
        call_command("import_linkedin", str(archive), "--user", "bob")
    assert not ImportRun.objects.exists()


def test_import_linkedin_exits_non_zero_with_the_error_on_stderr(tmp_path, user, capsys):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"nope")
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "import_linkedin", str(bad), "--user", "alice"]).execute()
    assert exit_.value.code == 1
    assert "bad.zip is not a ZIP archive" in capsys.readouterr().err


def test_make_sample_export_writes_a_readable_archive(tmp_path, capsys):
    out = tmp_path / "sample.zip"

    call_command("make_sample_export", str(out), "--connections", "50", "--messages", "80",
                 "--invitations", "10", "--era", "2023", "--seed", "3")  # fmt: skip

    assert "Connections.csv" in zipfile.ZipFile(out).namelist()
    assert "50 connections" in capsys.readouterr().out
