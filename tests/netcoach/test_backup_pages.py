"""The owner's restore and download of a listed snapshot, from the "Your data" page."""

import functools
import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model

from contacts.models import Contact
from netcoach import backups
from tests.factories import make_contact, make_user
from tests.netcoach.helpers_data import data_of, make_everything
from tests.netcoach.test_backups import account_tables, break_an_index

pytestmark = pytest.mark.django_db
ROOT = Path(django_settings.BASE_DIR)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def restore_url(backup_or_name):
    name = getattr(backup_or_name, "name", backup_or_name)
    return f"/settings/data/backups/{name}/restore/"


def download_url(backup_or_name):
    name = getattr(backup_or_name, "name", backup_or_name)
    return f"/settings/data/backups/{name}/download/"


def message_of(response):
    [message] = response.context["messages"]
    return str(message)


def names_in(path):
    with closing(sqlite3.connect(path)) as db:
        return [row[0] for row in db.execute("SELECT first_name FROM contacts_contact ORDER BY id")]


def test_the_owner_sees_restore_and_download_for_each_snapshot(owner_client):
    path = backups.snapshot("manual")

    response = owner_client.get("/settings/data/")

    assert restore_url(path.name).encode() in response.content
    assert download_url(path.name).encode() in response.content
    assert b"Stop netcoach" not in response.content


def test_another_account_sees_neither(client_logged_in):
    path = backups.snapshot("manual")

    response = client_logged_in.get("/settings/data/")

    assert restore_url(path.name).encode() not in response.content
    assert download_url(path.name).encode() not in response.content
    assert b"owner of this install" in response.content


def test_the_confirmation_says_what_happens(owner_client, owner):
    path = backups.snapshot("daily")
    make_contact(owner, first_name="Unchanged")

    response = owner_client.get(restore_url(path.name))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Restore the database as it was on" in page
    assert "The whole database" in page
    assert "pre-restore" in page
    assert "restore it to undo" in page
    assert Contact.objects.filter(first_name="Unchanged").exists()
    assert [b.kind for b in backups.list_backups()] == ["daily"]


def test_an_accounts_snapshot_says_whose_data_it_replaces(owner_client, user):
    path = backups.snapshot("pre-import", user)

    listing = owner_client.get("/settings/data/").content.decode()
    response = owner_client.get(restore_url(path.name))

    assert "alice’s data" in listing
    assert "Restore alice’s data as it was on" in response.content.decode()
    assert "The other accounts are not touched" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_restoring_the_whole_database_keeps_the_owner_signed_in(client):
    owner = make_user("olive", is_superuser=True, is_staff=True)
    make_contact(owner, first_name="Before")
    path = backups.snapshot("manual")
    make_contact(owner, first_name="After")
    make_user("bob")
    client.force_login(owner)  # a session the snapshot does not have

    response = client.post(restore_url(path.name), follow=True)

    assert response.redirect_chain == [("/settings/data/", 302)]
    assert list(Contact.objects.values_list("first_name", flat=True)) == ["Before"]
    assert list(get_user_model().objects.values_list("username", flat=True)) == ["olive"]
    message = message_of(response)
    assert "Restored the database as it was on" in message
    assert "pre-restore snapshot of" in message
    assert "password" not in message
    [pre_restore] = [b for b in backups.list_backups() if b.kind == "pre-restore"]
    assert names_in(pre_restore.path) == ["Before", "After"]
    assert client.get("/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_after_a_restore_the_password_is_the_snapshots_and_the_page_says_so(client):
    owner = make_user("olive", is_superuser=True, is_staff=True)
    path = backups.snapshot("manual")
    owner.set_password("a new password, chosen later")
    owner.save()
    client.force_login(owner)

    response = client.post(restore_url(path.name), follow=True)

    assert "Your password is the one you had then." in message_of(response)
    assert client.get("/").status_code == 200


def test_restoring_an_accounts_snapshot_replaces_only_that_account(owner_client, owner, user):
    make_everything(user)
    make_contact(owner, first_name="The owner's")
    path = backups.snapshot("pre-import", user)
    saved = account_tables(user, path)
    Contact.objects.filter(owner=user).delete()
    owners_before = data_of(owner)

    response = owner_client.post(restore_url(path.name), follow=True)

    assert response.status_code == 200
    assert account_tables(user) == saved
    assert data_of(owner) == owners_before
    message = message_of(response)
    assert "Restored alice's data as it was on" in message
    assert owner_client.get("/").status_code == 200


def test_a_damaged_snapshot_is_refused_with_the_reason_and_nothing_changes(owner_client, owner):
    for i in range(50):
        make_contact(owner, first_name=f"P{i}")
    path = backups.snapshot("manual")
    break_an_index(path)
    Contact.objects.update(first_name="Now")

    response = owner_client.post(restore_url(path.name))

    assert response.status_code == 422
    assert b"Nothing was restored" in response.content
    assert b"damaged SQLite database" in response.content
    assert set(Contact.objects.values_list("first_name", flat=True)) == {"Now"}
    assert [b.kind for b in backups.list_backups()] == ["manual"]


def test_a_snapshot_taken_before_the_owners_account_is_refused(owner_client, owner):
    get_user_model().objects.filter(pk=owner.pk).update(is_superuser=False)
    path = backups.snapshot("daily")
    get_user_model().objects.filter(pk=owner.pk).update(is_superuser=True)

    response = owner_client.post(restore_url(path.name))

    assert response.status_code == 422
    assert b"does not hold your account" in response.content
    assert [b.kind for b in backups.list_backups()] == ["daily"]


def test_download_gives_the_snapshots_bytes_under_its_name(owner_client):
    path = backups.snapshot("manual")

    response = owner_client.get(download_url(path.name))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.sqlite3"
    assert response["Content-Disposition"] == f'attachment; filename="{path.name}"'
    assert b"".join(response.streaming_content) == path.read_bytes()


def test_download_is_a_get(owner_client):
    path = backups.snapshot("manual")

    assert owner_client.post(download_url(path.name)).status_code == 405


def test_another_account_can_neither_restore_nor_download(client_logged_in, user):
    make_contact(user, first_name="Before")
    path = backups.snapshot("manual")
    Contact.objects.update(first_name="Now")

    assert client_logged_in.get(restore_url(path.name)).status_code == 403
    assert client_logged_in.post(restore_url(path.name)).status_code == 403
    assert client_logged_in.get(download_url(path.name)).status_code == 403
    assert list(Contact.objects.values_list("first_name", flat=True)) == ["Now"]
    assert [b.kind for b in backups.list_backups()] == ["manual"]


def test_signed_out_it_asks_to_sign_in(client, owner):
    path = backups.snapshot("manual")

    response = client.get(download_url(path.name))

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    "name",
    [
        "netcoach.sqlite3",
        "secret_key",
        "..%2Fnetcoach.sqlite3",
        "..%2F..%2Fsecret_key",
        "%2Fetc%2Fpasswd",
        "..",
        "netcoach-manual-20260101-000000-000000.sqlite3",  # the right shape, not in the folder
        "netcoach-manual-20260101-000000-000000.sqlite3.part",
    ],
)
def test_only_a_listed_snapshot_can_be_reached(owner_client, name):
    backups.snapshot("manual")

    assert owner_client.get(download_url(name)).status_code == 404
    assert owner_client.get(restore_url(name)).status_code == 404
    assert owner_client.post(restore_url(name)).status_code == 404


def test_a_link_in_the_backups_folder_is_not_followed(owner_client, data_dir):
    (data_dir / "backups").mkdir()
    name = "netcoach-manual-20260101-000000-000000.sqlite3"
    (data_dir / "backups" / name).symlink_to(data_dir.parent / "elsewhere.sqlite3")

    assert owner_client.get(download_url(name)).status_code == 404


RESTORE_ON_A_FILE = """
import json, sqlite3
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
from contacts.models import Contact
from netcoach import backups
from tests.factories import make_contact, make_user

setup_test_environment()
owner = make_user("olive", is_superuser=True, is_staff=True)
alice = make_user("alice")
make_contact(owner, first_name="Before")
make_contact(alice, first_name="Alice before")
whole = backups.snapshot("manual")
account = backups.snapshot("pre-import", alice)
make_contact(owner, first_name="After")
make_contact(alice, first_name="Alice after")
# Another connection open throughout, as another thread of the server holds one.
reader = sqlite3.connect(settings.DATABASES["default"]["NAME"])
reader.execute("SELECT count(*) FROM contacts_contact").fetchone()
client = Client()
client.force_login(owner)
names = lambda: sorted(Contact.objects.values_list("first_name", flat=True))
account_answer = client.post(f"/settings/data/backups/{account.name}/restore/").status_code
after_account = names()
whole_answer = client.post(f"/settings/data/backups/{whole.name}/restore/").status_code
print(json.dumps({
    "answers": [account_answer, whole_answer, client.get("/").status_code],
    "after_account": after_account,
    "after_whole": names(),
    "reader_sees": sorted(r[0] for r in reader.execute("SELECT first_name FROM contacts_contact")),
    "journal_mode": reader.execute("PRAGMA journal_mode").fetchone()[0],
    "integrity": reader.execute("PRAGMA integrity_check").fetchone()[0],
}))
"""


@pytest.mark.slow
def test_restoring_from_the_page_on_a_database_file_in_use(new_data_dir):
    """On a real WAL database, as the server runs it: an account's snapshot, then the whole
    database, restored by the page while another connection stays open on the file."""
    env = {**os.environ, "NETCOACH_DATA_DIR": str(new_data_dir)}
    run = functools.partial(
        subprocess.run, cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120
    )
    said = run([sys.executable, "manage.py", "shell", "-c", RESTORE_ON_A_FILE]).stdout

    result = json.loads(said.strip().splitlines()[-1])
    assert result["answers"] == [302, 302, 200]
    assert result["after_account"] == ["After", "Alice before", "Before"]
    assert result["after_whole"] == ["Alice before", "Before"]
    assert result["reader_sees"] == ["Alice before", "Before"]
    assert result["journal_mode"] == "wal"
    assert result["integrity"] == "ok"


@pytest.mark.parametrize("whose", ["database", "account"])
def test_the_backups_and_the_restore_page_in_french(owner_client, owner, user, whose):
    from contacts.models import Preferences
    from tests.test_translations import SAME_IN_BOTH, WORD, english_left

    path = backups.snapshot("daily") if whose == "database" else backups.snapshot("manual", user)
    pages = {}
    for language in ("en", "fr"):
        Preferences.objects.filter(owner=owner).update(language=language)
        pages[language] = [
            owner_client.get(url).content.decode()
            for url in ("/settings/data/", restore_url(path.name))
        ]
    # Names: the accounts', the snapshot file's (its title), the terminal's command.
    allowed = set(SAME_IN_BOTH) | {"alice", "olive"} | set(WORD.findall(path.name))
    for english, french in zip(pages["en"], pages["fr"], strict=True):
        assert not english_left(english, french, allowed)
    listing, confirmation = pages["fr"]
    assert ("quotidienne" if whose == "database" else "manuelle") in listing
    assert "Restaurer la " in confirmation and "pré-restauration" in confirmation
