import csv
import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from contacts.models import CalendarFeed, Contact, Interaction, Note, Preferences, Tag
from invitations.models import AcceptanceRule, Criterion, Invitation
from netcoach import portability
from netcoach.portability import DataFileError, delete_all_data, import_export, write_export
from tests.factories import make_contact, make_user
from tests.netcoach.helpers_data import data_of, exported_data_of, make_everything

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def export_of(user) -> bytes:
    buffer = io.BytesIO()
    write_export(user, buffer)
    return buffer.getvalue()


def zip_with(json_text, name="netcoach.json") -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, json_text)
    buffer.seek(0)
    return buffer


def test_a_round_trip_keeps_every_field_of_every_model(user):
    make_everything(user)
    before = exported_data_of(user)
    fresh = make_user("bob")

    created = import_export(fresh, io.BytesIO(export_of(user)))

    assert exported_data_of(fresh) == before
    assert exported_data_of(user) == before
    # Every kind a user can own was in the test data, so every field was compared.
    assert all(before[kind.label] for kind in portability.exported_kinds()), {
        label for label, rows in before.items() if not rows
    }
    assert created["contacts.contact"] == 3
    assert sum(created.values()) == sum(len(rows) for rows in before.values())


def test_the_calendar_address_stays_in_its_account(user):
    make_everything(user)
    mine = CalendarFeed.renew(make_user("bob"))
    archive = export_of(user)
    fresh = make_user("carol")

    import_export(fresh, io.BytesIO(archive))

    assert (
        "contacts.calendarfeed"
        not in json.loads(zipfile.ZipFile(io.BytesIO(archive)).read("netcoach.json"))["models"]
    )
    assert not CalendarFeed.objects.filter(owner=fresh).exists()
    assert CalendarFeed.objects.filter(owner=user).exists()
    bob = make_user("dave")
    import_export(bob, io.BytesIO(archive))
    assert CalendarFeed.owner_of(mine).username == "bob"
    delete_all_data(user)
    assert not CalendarFeed.objects.filter(owner=user).exists()


def test_the_imported_rows_get_new_ids_and_keep_their_links(user):
    ada = make_everything(user)
    fresh = make_user("bob")

    import_export(fresh, io.BytesIO(export_of(user)))

    copy = Contact.objects.get(owner=fresh, first_name="Ada")
    assert copy.pk != ada.pk
    assert copy.introduced_by.owner == fresh
    assert copy.introduced_by.first_name == "Mary"
    assert set(copy.tags.values_list("name", flat=True)) == {"friendly", "work"}
    assert Tag.objects.filter(contacts=copy).exclude(owner=fresh).count() == 0
    assert Note.objects.get(owner=fresh, text="Follow up on the engine").interaction.owner == fresh
    assert Invitation.objects.get(owner=fresh, name="Grace Hopper").contact.first_name == "Charles"


def test_the_export_has_one_csv_per_kind_and_the_json(user):
    make_everything(user)

    archive = zipfile.ZipFile(io.BytesIO(export_of(user)))

    names = set(archive.namelist())
    assert {
        "netcoach.json",
        "people.csv",
        "interactions.csv",
        "notes.csv",
        "invitations.csv",
        "criteria.csv",
        "reviews.csv",
        "tags.csv",
        "introductions.csv",
        "job_changes.csv",
        "dismissed_suggestions.csv",
        "import_runs.csv",
        "preferences.csv",
        "acceptance_rule.csv",
        "reply_templates.csv",
    } <= names
    people = list(csv.DictReader(io.StringIO(archive.read("people.csv").decode())))
    assert [p["first_name"] for p in people] == ["Ada", "Charles", "Mary"]
    assert people[0]["connected_on"] == "2019-03-04"
    assert people[0]["is_connection"] == "true"
    assert people[0]["layer_set_at"].startswith("2026-06-07T")
    data = json.loads(archive.read("netcoach.json"))
    assert data["format"] == "netcoach-export"
    assert data["username"] == "alice"
    assert len(data["models"]["contacts.interaction"]) == 2


def test_csv_cells_are_neutralised_but_the_json_is_exact(user):
    make_everything(user)

    archive = zipfile.ZipFile(io.BytesIO(export_of(user)))

    people = list(csv.DictReader(io.StringIO(archive.read("people.csv").decode())))
    assert people[0]["position"] == '\'=HYPERLINK("http://evil")'
    interactions = list(csv.DictReader(io.StringIO(archive.read("interactions.csv").decode())))
    assert "'-2+3 coffee" in [i["summary"] for i in interactions]
    assert "'@ the café" in [i["place"] for i in interactions]
    notes = list(csv.DictReader(io.StringIO(archive.read("notes.csv").decode())))
    assert "'\tTabbed note" in [n["text"] for n in notes]
    templates = list(csv.DictReader(io.StringIO(archive.read("reply_templates.csv").decode())))
    assert {t["name"] for t in templates} == {"Ask why", "'@mention"}
    data = json.loads(archive.read("netcoach.json"))
    assert data["models"]["contacts.contact"][0]["position"] == '=HYPERLINK("http://evil")'


def test_it_refuses_to_import_into_an_account_holding_data(user, other_user):
    make_everything(user)
    make_contact(other_user, first_name="Existing")

    with pytest.raises(DataFileError, match="already holds data"):
        import_export(other_user, io.BytesIO(export_of(user)))

    assert Contact.objects.filter(owner=other_user).count() == 1


def test_an_account_with_only_its_settings_counts_as_empty(user, other_user):
    make_everything(user)
    Preferences.objects.filter(owner=other_user).update(budget=222)

    import_export(other_user, io.BytesIO(export_of(user)))

    assert Preferences.objects.get(owner=other_user).budget == 140
    assert AcceptanceRule.objects.get(owner=other_user).threshold == 3
    # The four default criteria were replaced by the five exported ones.
    assert Criterion.objects.filter(owner=other_user).count() == 5


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (io.BytesIO(b"not a zip at all"), "not a readable ZIP"),
        (zip_with("{}", name="other.json"), "no netcoach.json"),
        (zip_with("{not json"), "not valid JSON"),
        (zip_with('{"format": "something-else"}'), "not a netcoach export"),
        (zip_with('{"format": "netcoach-export", "version": 99, "models": {}}'), "version 99"),
        (zip_with('{"format": "netcoach-export", "version": 1}'), 'no "models"'),
        (
            zip_with('{"format": "netcoach-export", "version": 1, "models": {"auth.user": []}}'),
            "does not know: auth.user",
        ),
        (
            zip_with('{"format": "netcoach-export", "version": 1, "models": {"contacts.tag": {}}}'),
            "not a list of rows",
        ),
    ],
)
def test_it_refuses_a_malformed_file_with_a_clear_message(other_user, file, message):
    with pytest.raises(DataFileError, match=message):
        import_export(other_user, file)


def mutated_export(user, label, change):
    data = json.loads(zipfile.ZipFile(io.BytesIO(export_of(user))).read("netcoach.json"))
    change(data["models"][label])
    return zip_with(json.dumps(data))


@pytest.mark.parametrize(
    ("label", "change", "message"),
    [
        (
            "contacts.interaction",
            lambda rows: rows[-1].update(occurred_at="yesterday"),
            "occurred_at",
        ),
        ("contacts.interaction", lambda rows: rows[-1].update(contact_id=999), "not in the export"),
        ("contacts.contact", lambda rows: rows[-1].update(tags=[12345]), "not in the export"),
        (
            "contacts.contact",
            lambda rows: rows[-1].update(shoe_size=44),
            "unknown fields: shoe_size",
        ),
        ("contacts.note", lambda rows: rows[-1].update(text=None), "text cannot be empty"),
        ("contacts.tag", lambda rows: rows[-1].update(id="x"), 'whole-number "id"'),
        (
            "contacts.contact",
            lambda rows: rows[-1].update(profile_url="javascript:alert(1)"),
            "contacts.contact.* profile_url",
        ),
        (
            "contacts.contact",
            lambda rows: rows[-1].update(company="x" * 40_000),
            "company = 'xxx.* is invalid .*at most 300 characters",
        ),
        (
            "contacts.interaction",
            lambda rows: rows[-1].update(kind="teleportation"),
            "kind = 'teleportation' is invalid",
        ),
        (
            "contacts.tag",
            lambda rows: rows.append(dict(rows[0], id=99)),
            "does not fit the database",
        ),
    ],
)
def test_a_bad_row_imports_nothing(user, other_user, label, change, message):
    make_everything(user)
    file = mutated_export(user, label, change)
    before = data_of(other_user)

    with pytest.raises(DataFileError, match=message):
        import_export(other_user, file)

    assert data_of(other_user) == before
    assert not Contact.objects.filter(owner=other_user).exists()


def test_a_field_missing_from_an_older_export_takes_its_default(user, other_user):
    make_contact(user, first_name="Ada", is_family=True)
    file = mutated_export(user, "contacts.contact", lambda rows: rows[0].pop("is_family"))

    import_export(other_user, file)

    assert Contact.objects.get(owner=other_user).is_family is False


def test_it_takes_a_pre_import_snapshot_first(user, other_user, data_dir, settings):
    settings.NETCOACH_AUTOMATIC_BACKUPS = True
    make_everything(user)

    import_export(other_user, io.BytesIO(export_of(user)))

    assert [p.name.split("-2")[0] for p in (data_dir / "backups").iterdir()] == [
        "netcoach-pre-import"
    ]


def test_delete_all_removes_every_row_of_the_user_and_nothing_of_the_other(user, other_user):
    make_everything(user)
    make_everything(other_user, prefix="Other ")
    others_before = data_of(other_user)

    deleted = delete_all_data(user)

    assert all(
        not kind.model._base_manager.filter(owner=user).exists()
        for kind in portability.owned_kinds()
        if kind.label != "contacts.preferences"
    )
    # Preferences go back to their defaults.
    assert Preferences.objects.get(owner=user).budget == 150
    assert deleted["contacts.contact"] == 3
    assert data_of(other_user) == others_before
    assert user.__class__.objects.filter(pk=user.pk).exists()
    assert Interaction.objects.filter(owner=other_user).count() == 2


def test_the_commands_export_and_import_a_users_data(user, tmp_path):
    make_everything(user)
    fresh = make_user("bob")
    out = tmp_path / "alice.zip"
    stdout = io.StringIO()

    call_command("export_data", "--user", "alice", str(out), stdout=stdout)
    call_command("import_data", "--user", "bob", str(out), stdout=stdout)

    assert exported_data_of(fresh) == exported_data_of(user)
    assert "Exported" in stdout.getvalue()
    assert "Imported" in stdout.getvalue()


def test_the_import_command_refuses_a_full_account_and_a_bad_file(user, tmp_path):
    make_everything(user)
    out = tmp_path / "alice.zip"
    call_command("export_data", "--user", "alice", str(out), stdout=io.StringIO())
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"garbage")
    make_user("bob")

    with pytest.raises(CommandError, match="already holds data"):
        call_command("import_data", "--user", "alice", str(out))
    with pytest.raises(CommandError, match="not a readable ZIP"):
        call_command("import_data", "--user", "bob", str(bad))
    with pytest.raises(CommandError, match="no user 'carol'"):
        call_command("export_data", "--user", "carol", str(tmp_path / "c.zip"))
    with pytest.raises(CommandError, match="exists already"):
        call_command("export_data", "--user", "alice", str(out))


def test_a_deeply_nested_file_gets_a_clear_error_not_a_server_error(other_user):
    for depth in (50, 100_000):
        nested = '{"format": "netcoach-export", "version": 1, "models": {}, "x": '
        nested += "[" * depth + "]" * depth + "}"
        with pytest.raises(DataFileError, match="nested more than 20 levels"):
            import_export(other_user, zip_with(nested))


def bomb(unpacked_mb, name="netcoach.json"):
    """A ZIP whose one member unpacks to `unpacked_mb` MB of spaces, written in chunks."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        member.write(b'{"format": "netcoach-export", "version": 1, "models": {}, "x": "')
        chunk = b" " * (1024 * 1024)
        for _ in range(unpacked_mb):
            member.write(chunk)
        member.write(b'"}')
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize(
    ("unpacked_mb", "refusal"),
    [(150, "compressed more than 100 to 1"), (300, "unpacks to more than 200 MB")],
)
def test_a_zip_bomb_is_refused_while_read_at_little_cost(other_user, unpacked_mb, refusal):
    """Under the upload limit, the ratio refuses it after the first megabytes read; over it, its
    declared size does, before any."""
    import tracemalloc

    file = bomb(unpacked_mb)
    assert len(file.getvalue()) < 1024 * 1024  # hundreds of MB in under 1 MB
    tracemalloc.start()
    try:
        with pytest.raises(DataFileError, match=refusal):
            import_export(other_user, file)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, f"{peak / 1e6:.0f} MB"


def test_an_export_larger_than_the_upload_limit_is_refused(other_user, settings):
    settings.NETCOACH_MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    with pytest.raises(DataFileError, match="unpacks to more than 2 MB"):
        import_export(other_user, zip_with(json.dumps({"x": "y" * 3 * 1024 * 1024})))


def test_a_zip_of_too_many_files_is_refused(other_user):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(portability.MAX_MEMBERS + 1):
            archive.writestr(f"{i}.csv", "")
    with pytest.raises(DataFileError, match="more than 100 files"):
        import_export(other_user, buffer)


def test_a_full_account_is_refused_before_the_file_is_read(user):
    make_contact(user)
    with pytest.raises(DataFileError, match="already holds data"):
        import_export(user, bomb(300))


def test_company_marks_go_out_in_their_own_file_and_come_back_working(user, client):
    from contacts.models import CompanyMark

    make_contact(user, company="Acme Inc.")
    CompanyMark.mark(user, "Acme Inc.", "target")
    CompanyMark.mark(user, "Hooli", "competitor")
    data = export_of(user)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("company_marks.csv").decode())))
    assert [(r["company_key"], r["name"], r["kind"]) for r in rows] == [
        ("acme", "Acme Inc.", "target"),
        ("hooli", "Hooli", "competitor"),
    ]
    fresh = make_user("bob")

    import_export(fresh, io.BytesIO(data))

    assert CompanyMark.objects.filter(owner=fresh).kinds_by_key() == {
        "acme": "target",
        "hooli": "competitor",
    }
    client.force_login(fresh)
    assert client.get("/companies/?mark=target").context["page"].paginator.count == 1

    delete_all_data(fresh)

    assert not CompanyMark.objects.filter(owner=fresh).exists()
    assert CompanyMark.objects.filter(owner=user).count() == 2
