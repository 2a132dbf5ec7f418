"""The import summary lists every file of the archive: read, recognised but not used, or
unknown. Nothing is skipped silently."""

import pytest

from netcoach.linkedin.apply import import_file, summary_lines
from netcoach.linkedin.sample import build_sample_export
from tests.netcoach.linkedin.zips import csv_text, make_zip

pytestmark = pytest.mark.django_db

CONNECTIONS = csv_text("First Name,Last Name,Connected On", "Ana,Silva,08 Feb 2021")


def test_the_summary_lists_the_files_by_status(user):
    files = {
        "Connections.csv": CONNECTIONS,
        "Ad_Targeting.csv": "Member Age\n25 to 34",
        "notes-to-self.txt": "hello",
    }

    run = import_file(make_zip(files), "x.zip", user)

    assert run.counts["files_seen"] == [
        {"name": "Connections.csv", "status": "read"},
        {"name": "Ad_Targeting.csv", "status": "known"},
        {"name": "notes-to-self.txt", "status": "unknown"},
    ]
    lines = summary_lines(run)
    assert "Files read (1): Connections.csv" in lines
    assert "Recognised, not used (1): Ad_Targeting.csv" in lines
    assert "Unknown (1): notes-to-self.txt" in lines


def test_a_sample_export_has_no_unknown_file(user):
    run = import_file(
        build_sample_export(connections=20, messages=20, invitations=5), "s.zip", user
    )

    statuses = {f["status"] for f in run.counts["files_seen"]}
    assert statuses == {"read", "known"}


def test_the_summary_page_lists_unknown_files_escaped(client_logged_in, user):
    files = {"Connections.csv": CONNECTIONS, "<img src=x onerror=alert(1)>.csv": "x"}
    run = import_file(make_zip(files), "x.zip", user)

    content = client_logged_in.get(f"/import/{run.pk}/").content.decode()

    assert "Files in the archive: 1 read, 0 recognised but not used, 1 unknown" in content
    assert '<details class="files-seen" open>' in content
    assert "&lt;img src=x onerror=alert(1)&gt;.csv" in content
    assert "<img src=x" not in content
    assert "unknown: not a file of LinkedIn's export" in content


def test_a_run_imported_before_files_were_listed_still_shows(client_logged_in, user):
    run = import_file(make_zip({"Connections.csv": CONNECTIONS}), "x.zip", user)
    del run.counts["files_seen"]
    run.save()

    response = client_logged_in.get(f"/import/{run.pk}/")

    assert response.status_code == 200
    assert b"Files in the archive" not in response.content
