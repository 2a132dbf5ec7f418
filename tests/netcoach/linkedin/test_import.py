import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contacts.models import Contact, ImportRun, Interaction
from invitations.models import Invitation
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.sample import build_sample_export
from tests.factories import htmx
from tests.netcoach.linkedin.zips import CONNECTIONS_2023, PREAMBLE, csv_text, make_zip

pytestmark = pytest.mark.django_db

SMALL = {"connections": 60, "messages": 120, "invitations": 20}


def upload(data=None, name="Basic_LinkedInDataExport_02-08-2026.zip"):
    return {"archive": SimpleUploadedFile(name, data or build_sample_export(**SMALL))}


def test_it_shows_the_upload_form_the_guide_and_the_history(client_logged_in, user):
    import_file(build_sample_export(**SMALL), "older.zip", user)

    response = client_logged_in.get("/import/")

    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content
    assert b"Get a copy of your data" in response.content
    assert b"older.zip" in response.content


def test_a_plain_upload_imports_and_redirects_to_the_summary(client_logged_in, user):
    response = client_logged_in.post("/import/", upload())

    run = ImportRun.objects.get(owner=user)
    assert response.status_code == 302
    assert response.url == f"/import/{run.pk}/"
    assert Contact.objects.filter(owner=user).exists()
    page = client_logged_in.get(response.url)
    assert b"Imported:" in page.content
    assert b"Hidden or closed profiles skipped" in page.content


def test_an_htmx_upload_answers_with_the_summary_fragment(client_logged_in, user):
    response = client_logged_in.post("/import/", upload(), headers=htmx())

    assert response.status_code == 200
    assert b"<html" not in response.content
    assert b'id="importer"' in response.content
    assert b"Imported:" in response.content


def test_the_same_archive_twice_says_nothing_changed(client_logged_in, user):
    data = build_sample_export(**SMALL)
    client_logged_in.post("/import/", upload(data))

    response = client_logged_in.post("/import/", upload(data), follow=True)

    assert b"This exact archive was imported before: nothing changed." in response.content


def test_a_bad_upload_shows_the_error_and_writes_nothing(client_logged_in, user):
    response = client_logged_in.post("/import/", upload(b"hello", name="notes.txt"))

    assert response.status_code == 422
    assert b"notes.txt is not a ZIP archive or a LinkedIn CSV file." in response.content
    assert not Contact.objects.filter(owner=user).exists()


def test_a_bad_htmx_upload_returns_the_fragment_with_the_error(client_logged_in):
    response = client_logged_in.post("/import/", upload(b"hello", name="x.zip"), headers=htmx())

    assert response.status_code == 422
    assert b"x.zip is not a ZIP archive" in response.content


def test_it_requires_a_file(client_logged_in):
    response = client_logged_in.post("/import/", {})

    assert response.status_code == 422
    assert b"This field is required." in response.content


def test_it_rejects_other_methods(client_logged_in):
    assert client_logged_in.put("/import/").status_code == 405
    assert client_logged_in.get("/import/sample/").status_code == 405


def test_another_users_import_is_not_found(client_logged_in, other_user):
    run = import_file(build_sample_export(**SMALL), "theirs.zip", other_user)

    assert client_logged_in.get(f"/import/{run.pk}/").status_code == 404


def test_it_needs_a_signed_in_user(client, user):
    response = client.get("/import/")

    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_warnings_and_names_from_the_export_are_shown_escaped(client_logged_in, user):
    hostile = "<script>alert(1)</script>"
    text = csv_text(
        CONNECTIONS_2023,
        f"Eve,{hostile},https://www.linkedin.com/in/eve,,Acme,CTO,{hostile}",
        preamble=PREAMBLE,
    )
    client_logged_in.post("/import/", upload(make_zip({"Connections.csv": text})))
    newer = text.replace("Acme,CTO", "Evil,<b>CEO</b>").replace(f",{hostile}\n", ",\n")

    response = client_logged_in.post("/import/", upload(make_zip({"Connections.csv": newer})),
                                     follow=True)  # fmt: skip

    assert hostile.encode() not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
    assert b"&lt;b&gt;CEO&lt;/b&gt;" in response.content


def test_the_empty_dashboard_offers_sample_data(client_logged_in):
    response = client_logged_in.get("/")

    assert b"Try it with sample data" in response.content
    assert b'action="/import/sample/"' in response.content


def test_sample_data_is_imported_for_the_signed_in_user(client_logged_in, user, other_user):
    response = client_logged_in.post("/import/sample/")

    run = ImportRun.objects.get(owner=user)
    assert response.status_code == 302
    assert response.url == f"/import/{run.pk}/"
    assert 480 < Contact.objects.filter(owner=user, is_connection=True).count() <= 500
    assert Interaction.objects.filter(owner=user).exists()
    assert Invitation.objects.filter(owner=user).exists()
    assert not Contact.objects.filter(owner=other_user).exists()


def test_after_a_first_import_the_summary_leads_to_triage_then_layers_then_the_review(
    client_logged_in, user
):
    response = client_logged_in.post("/import/", upload(), follow=True)

    waiting = Invitation.objects.filter(owner=user).to_triage().count()
    assert waiting > 0
    page = response.content.decode()
    steps = page[page.index('class="next-steps"') :]
    triage = steps.index(f"Triage {waiting} invitations waiting")
    place = steps.index("Place your closest people")
    review = steps.index("Do your first weekly review")
    assert triage < place < review


def test_the_next_steps_leave_out_what_is_done(client_logged_in, user):
    run = import_file(build_sample_export(**SMALL), "a.zip", user)
    Invitation.objects.filter(owner=user).update(decision="ignore")
    Contact.objects.filter(owner=user).filter(pk__in=Contact.objects.filter(owner=user)[:1]).update(
        layer=2
    )
    client_logged_in.post("/review/start/")

    page = client_logged_in.get(f"/import/{run.pk}/").content.decode()

    assert "invitations waiting" not in page
    assert "Place your closest people" not in page
    assert "Do your first weekly review" not in page
    assert "See your dashboard" in page


def test_an_in_page_import_updates_the_navigation_count(client_logged_in, user):
    response = client_logged_in.post("/import/", upload(), headers=htmx())

    waiting = Invitation.objects.filter(owner=user).to_triage().count()
    page = response.content.decode()
    assert f'id="nav-triage-count" hx-swap-oob="true">{waiting}<' in page
