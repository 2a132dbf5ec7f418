import io
import sqlite3
import zipfile
from contextlib import closing

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Contact, Review
from netcoach import backups
from netcoach.portability import write_export
from tests.factories import htmx, make_contact, make_user
from tests.netcoach.helpers_data import data_of, exported_data_of, make_everything

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def export_file(owner):
    buffer = io.BytesIO()
    write_export(owner, buffer)
    buffer.seek(0)
    buffer.name = "netcoach-export.zip"
    return buffer


def test_the_page_lists_the_backups_with_kind_and_size(owner_client):
    backups.snapshot("daily")
    backups.snapshot("pre-import")

    response = owner_client.get("/settings/data/")

    assert response.status_code == 200
    listed = response.context["backups"]
    assert [b.kind for b in listed] == ["pre-import", "daily"]
    assert all(b.size > 0 for b in listed)
    assert b"pre-import" in response.content
    assert b"KB" in response.content


def test_an_empty_backups_folder_says_what_happens_next(owner_client):
    response = owner_client.get("/settings/data/")

    assert b"No backup yet" in response.content


def test_the_page_costs_the_same_queries_whatever_the_data(client_logged_in, user):
    make_contact(user)
    client_logged_in.get("/settings/data/")  # the first page of a session saves it
    with CaptureQueriesContext(connection) as small:
        client_logged_in.get("/settings/data/")
    for i in range(30):
        make_contact(user, first_name=f"P{i}")
    make_everything(user, prefix="x")
    with CaptureQueriesContext(connection) as bigger:
        client_logged_in.get("/settings/data/")

    assert len(bigger) == len(small) <= 21  # one COUNT per kind of row (18 kinds)


def test_back_up_now_redirects_after_a_plain_post(owner_client):
    response = owner_client.post("/settings/data/backup/")

    assert response.status_code == 302
    assert [b.kind for b in backups.list_backups()] == ["manual"]


def test_back_up_now_returns_the_list_to_htmx(owner_client):
    response = owner_client.post("/settings/data/backup/", headers=htmx())

    assert response.status_code == 200
    assert b'id="backups"' in response.content
    assert b"<html" not in response.content
    assert b"new</span>" in response.content


def test_only_the_installs_owner_takes_and_sees_backups(client_logged_in, owner_client):
    backups.snapshot("manual")

    assert client_logged_in.post("/settings/data/backup/").status_code == 403
    page = client_logged_in.get("/settings/data/").content.decode()
    assert "Back up now" not in page and "netcoach-manual-" not in page
    assert str(backups.backups_dir()) not in page
    assert "Export everything" in page
    assert len(backups.list_backups()) == 1

    page = owner_client.get("/settings/data/").content.decode()
    assert "Back up now" in page and "netcoach-manual-" in page


def test_back_up_now_is_a_post(client_logged_in):
    assert client_logged_in.get("/settings/data/backup/").status_code == 405
    assert backups.list_backups() == []


def test_the_export_is_a_zip_of_the_signed_in_users_data_only(client_logged_in, user, other_user):
    make_contact(user, first_name="Mine")
    make_contact(other_user, first_name="Theirs")

    response = client_logged_in.get("/settings/data/export/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    people = archive.read("people.csv").decode()
    assert "Mine" in people
    assert "Theirs" not in people


def test_importing_an_export_into_the_empty_account_restores_it(client, other_user):
    make_everything(other_user)
    fresh = make_user("carol")
    client.force_login(fresh)

    response = client.post("/settings/data/import/", {"file": export_file(other_user)})

    assert response.status_code == 302
    assert exported_data_of(fresh) == exported_data_of(other_user)


def test_importing_an_export_takes_a_snapshot_of_the_account_first_and_says_so(
    client, other_user, settings
):
    settings.NETCOACH_AUTOMATIC_BACKUPS = True
    make_everything(other_user)
    fresh = make_user("carol")
    client.force_login(fresh)

    response = client.post("/settings/data/import/", {"file": export_file(other_user)}, follow=True)

    [snapshot] = [b for b in backups.list_backups() if b.kind == "pre-import"]
    assert snapshot.user_id == fresh.pk
    with closing(sqlite3.connect(snapshot.path)) as db:
        assert db.execute("SELECT count(*) FROM contacts_contact").fetchone() == (0,)
    assert "kept in a pre-import snapshot" in response.content.decode()
    assert exported_data_of(fresh) == exported_data_of(other_user)


def test_importing_by_htmx_redirects_the_browser(client, other_user):
    make_contact(other_user)
    fresh = make_user("carol")
    client.force_login(fresh)

    response = client.post(
        "/settings/data/import/", {"file": export_file(other_user)}, headers=htmx()
    )

    assert response["HX-Redirect"] == "/settings/data/"


def test_a_bad_file_is_refused_next_to_the_field(client_logged_in, user):
    bad = io.BytesIO(b"not a zip")
    bad.name = "x.zip"

    response = client_logged_in.post("/settings/data/import/", {"file": bad})

    assert response.status_code == 422
    assert b"not a readable ZIP" in response.content
    assert Contact.objects.filter(owner=user).count() == 0


def test_a_bad_file_sent_by_htmx_gets_the_form_back(client_logged_in):
    bad = io.BytesIO(b"not a zip")
    bad.name = "x.zip"

    response = client_logged_in.post("/settings/data/import/", {"file": bad}, headers=htmx())

    assert b'id="import-form"' in response.content
    assert b"<html" not in response.content
    assert b"not a readable ZIP" in response.content


def test_an_account_holding_data_refuses_an_import(client_logged_in, user, other_user):
    make_contact(other_user)
    make_contact(user)

    response = client_logged_in.post("/settings/data/import/", {"file": export_file(other_user)})

    assert response.status_code == 422
    assert b"already holds data" in response.content
    assert Contact.objects.filter(owner=user).count() == 1


def test_delete_needs_the_typed_confirmation(client_logged_in, user):
    make_contact(user)

    response = client_logged_in.post("/settings/data/delete/", {"confirm": "delete"})

    assert response.status_code == 422
    assert b"Type DELETE" in response.content
    assert b'value="delete"' in response.content
    assert Contact.objects.filter(owner=user).count() == 1


def test_delete_removes_the_users_data_and_nothing_of_the_others(
    client_logged_in, user, other_user
):
    make_everything(user)
    make_everything(other_user)
    theirs = data_of(other_user)

    response = client_logged_in.post("/settings/data/delete/", {"confirm": "DELETE"})

    assert response.status_code == 302
    assert not any(rows for label, rows in data_of(user).items() if label != "contacts.preferences")
    assert data_of(other_user) == theirs


def test_delete_by_htmx_with_a_wrong_word_returns_the_form(client_logged_in):
    response = client_logged_in.post("/settings/data/delete/", {"confirm": "no"}, headers=htmx())

    assert b'id="delete-form"' in response.content
    assert b"<html" not in response.content


def test_the_pages_need_a_signed_in_user(client):
    for url in ("/settings/data/", "/settings/data/export/"):
        assert client.get(url).status_code == 302
    assert client.post("/settings/data/delete/", {"confirm": "DELETE"}).status_code == 302


def test_what_you_own_is_counted_with_the_right_plural(client_logged_in, user):
    Review.objects.create(owner=user)
    make_contact(user)

    page = client_logged_in.get("/settings/data/").content.decode()

    assert "<li>1 review</li>" in page
    assert "<li>1 person</li>" in page
    assert "1 reviews" not in page
