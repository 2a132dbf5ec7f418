"""The contacts import page: choose a file, preview, decide, import, and the summary."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from contacts.models import Contact, ContactDetail, ImportRun
from tests.contacts.address_book.helpers import FILES
from tests.factories import make_contact

pytestmark = pytest.mark.django_db

START = reverse("contacts:import_contacts")
PREVIEW = reverse("contacts:import_contacts_preview")
APPLY = reverse("contacts:import_contacts_apply")
CANCEL = reverse("contacts:import_contacts_cancel")


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.ADDRESS_BOOK_UPLOAD_DIR = tmp_path / "uploads"
    return settings.ADDRESS_BOOK_UPLOAD_DIR


def upload(client, name, data=None, content_type="text/vcard"):
    data = (FILES / name).read_bytes() if data is None else data
    return client.post(START, {"file": SimpleUploadedFile(name, data, content_type)})


def token_of(response) -> str:
    return re.search(rb'name="token" value="([^"]+)"', response.content).group(1).decode()


def test_the_page_offers_the_file_and_says_how_to_get_one(client_logged_in):
    response = client_logged_in.get(START)
    assert response.status_code == 200
    assert b"Contacts file (.vcf or .csv)" in response.content
    assert b"contacts.google.com" in response.content
    assert b"Nothing imported yet." in response.content


def test_a_file_is_previewed_before_anything_is_written(client_logged_in, user, upload_dir):
    response = upload(client_logged_in, "ios.vcf")
    assert response.status_code == 302 and response["Location"] == PREVIEW

    preview = client_logged_in.get(PREVIEW)
    assert preview.status_code == 200
    assert b"Preview of ios.vcf" in preview.content
    assert b"Lovelace" in preview.content
    assert re.search(rb"<strong>2</strong>\s*new people", preview.content)
    assert not Contact.objects.filter(owner=user).exists()
    # The file is kept under a random name, never its own.
    kept = list(upload_dir.iterdir())
    assert len(kept) == 1 and "ios" not in kept[0].name


def test_applying_imports_all_and_shows_the_summary(client_logged_in, user, upload_dir):
    upload(client_logged_in, "ios.vcf")
    token = token_of(client_logged_in.get(PREVIEW))

    response = client_logged_in.post(APPLY, {"token": token}, follow=True)

    ada = Contact.objects.get(owner=user, last_name="Lovelace")
    assert response.status_code == 200
    assert b"Imported: ios.vcf" in response.content
    assert ada.get_absolute_url().encode() in response.content
    assert ada.emails() and ada.phones()
    assert not list(upload_dir.iterdir())  # the kept copy is gone
    assert client_logged_in.get(PREVIEW)["Location"] == START  # nothing pending any more
    assert b"ios.vcf" in client_logged_in.get(START).content  # in the history


def test_the_same_file_again_says_nothing_is_new(client_logged_in, user):
    upload(client_logged_in, "ios.vcf")
    client_logged_in.post(APPLY, {"token": token_of(client_logged_in.get(PREVIEW))})
    details = ContactDetail.objects.filter(owner=user).count()

    upload(client_logged_in, "ios.vcf")
    preview = client_logged_in.get(PREVIEW)

    assert b"Nothing new" in preview.content
    assert Contact.objects.filter(owner=user).count() == 2
    assert ContactDetail.objects.filter(owner=user).count() == details


def test_a_card_sharing_only_a_name_is_the_users_to_decide(client_logged_in, user):
    ada = make_contact(user, first_name="Ada", last_name="Lovelace", company="Engines")
    upload(client_logged_in, "ios.vcf")
    preview = client_logged_in.get(PREVIEW)
    assert b"maybe someone you have" in preview.content
    number = re.search(rb'name="card-(\d+)" value="c%d"' % ada.pk, preview.content).group(1)

    client_logged_in.post(
        APPLY, {"token": token_of(preview), f"card-{number.decode()}": f"c{ada.pk}"}
    )

    assert Contact.objects.filter(owner=user, last_name="Lovelace").count() == 1
    assert ada.emails(), "the card completed the person chosen"


def test_skipping_a_card_leaves_it_out(client_logged_in, user):
    make_contact(user, first_name="Ada", last_name="Lovelace")
    upload(client_logged_in, "ios.vcf")
    preview = client_logged_in.get(PREVIEW)
    number = re.search(rb'name="card-(\d+)" value="skip"', preview.content).group(1).decode()

    client_logged_in.post(APPLY, {"token": token_of(preview), f"card-{number}": "skip"})

    assert Contact.objects.filter(owner=user, last_name="Lovelace").count() == 1
    assert Contact.objects.filter(owner=user, last_name="Babbage").exists()


def test_a_broken_card_is_a_clear_error_and_nothing_is_kept(client_logged_in, user, upload_dir):
    response = upload(client_logged_in, "broken_middle.vcf")
    assert response.status_code == 422
    assert re.search(rb"broken_middle\.vcf.{0,40}card 2", response.content)
    assert not Contact.objects.filter(owner=user).exists()
    assert not upload_dir.exists() or not list(upload_dir.iterdir())


def test_a_file_that_is_no_address_book_is_refused(client_logged_in, user):
    response = upload(client_logged_in, "photo.png", b"\x89PNG\r\n\x1a\n\0\0", "image/png")
    assert response.status_code == 422
    assert b'aria-invalid="true"' in response.content
    assert not Contact.objects.filter(owner=user).exists()


def test_an_empty_form_says_what_is_missing(client_logged_in):
    response = client_logged_in.post(START, {})
    assert response.status_code == 422
    assert b"This field is required." in response.content


def test_a_file_over_the_limit_is_refused(client_logged_in, settings, user):
    settings.NETCOACH_MAX_UPLOAD_BYTES = 1024
    response = upload(client_logged_in, "big.vcf", b"BEGIN:VCARD\r\n" + b"x" * 2000)
    assert response.status_code == 422
    assert b"larger than" in response.content


def test_cancelling_writes_nothing_and_forgets_the_file(client_logged_in, user, upload_dir):
    upload(client_logged_in, "google.vcf")
    response = client_logged_in.post(CANCEL, follow=True)
    assert b"Import cancelled: nothing was written." in response.content
    assert not list(upload_dir.iterdir())
    assert not Contact.objects.filter(owner=user).exists()


def test_apply_without_the_previewed_token_writes_nothing(client_logged_in, user):
    upload(client_logged_in, "ios.vcf")
    response = client_logged_in.post(APPLY, {"token": "A" * 32})
    assert response["Location"] == START
    assert not Contact.objects.filter(owner=user).exists()


def test_hostile_text_is_escaped_in_the_preview_and_summary(client_logged_in):
    upload(client_logged_in, "hostile.vcf")
    preview = client_logged_in.get(PREVIEW)
    assert b"<script" not in preview.content.lower().replace(b'<script src="', b"")
    summary = client_logged_in.post(APPLY, {"token": token_of(preview)}, follow=True)
    assert b"<script>" not in summary.content
    assert b"&lt;" in summary.content


def test_another_users_summary_is_a_404(client_logged_in, other_user, client):
    from tests.contacts.address_book.helpers import book, import_book

    run = import_book(other_user, book("ios.vcf"))
    url = reverse("contacts:import_contacts_run", args=[run.pk])
    assert client_logged_in.get(url).status_code == 404


def test_an_address_book_stays_out_of_the_linkedin_import_history(client_logged_in, user):
    upload(client_logged_in, "ios.vcf")
    client_logged_in.post(APPLY, {"token": token_of(client_logged_in.get(PREVIEW))})
    run = ImportRun.objects.get(owner=user)
    assert client_logged_in.get(reverse("import_run", args=[run.pk])).status_code == 404
    assert b"ios.vcf" not in client_logged_in.get(reverse("import_export")).content


def test_the_pages_need_a_sign_in(client, user):
    for url in (START, PREVIEW):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_summary_takes_the_same_queries_for_two_and_for_many_people(
    client_logged_in, user, django_assert_max_num_queries
):
    from tests.contacts.address_book.helpers import import_book, vcf

    cards = "".join(
        f"BEGIN:VCARD\nVERSION:3.0\nN:Person{i};Some;;;\nFN:Some Person{i}\n"
        f"EMAIL:p{i}@example.org\nEND:VCARD\n"
        for i in range(300)
    )
    run = import_book(user, vcf(cards))
    url = reverse("contacts:import_contacts_run", args=[run.pk])
    with django_assert_max_num_queries(12):
        response = client_logged_in.get(url)
    assert re.search(rb"<strong>300</strong>\s*new people", response.content)
    assert response.content.count(b'href="/people/') >= 100


def test_the_preview_and_the_summary_are_in_french_for_a_french_user(client_logged_in, user):
    from contacts.models import Preferences

    Preferences.objects.update_or_create(owner=user, defaults={"language": "fr"})
    make_contact(user, first_name="Ada", last_name="Lovelace")
    upload(client_logged_in, "ios.vcf")
    preview = client_logged_in.get(PREVIEW).content.decode()
    assert "Aperçu de ios.vcf" in preview and "Trancher" in preview
    assert "Compléter Ada Lovelace" in preview and "Quelqu’un de nouveau" in preview
    assert "2 numéros de téléphone" in preview and "phone number" not in preview

    summary = client_logged_in.post(APPLY, {"token": token_of_text(preview)}, follow=True)
    assert "Ce qui a été importé" in summary.content.decode()


def token_of_text(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def test_a_second_click_on_import_writes_nothing_more(client_logged_in, user):
    make_contact(user, first_name="Ada", last_name="Lovelace")
    upload(client_logged_in, "ios.vcf")
    preview = client_logged_in.get(PREVIEW)
    number = re.search(rb'name="card-(\d+)" value="new"', preview.content).group(1).decode()
    posted = {"token": token_of(preview), f"card-{number}": "new"}

    client_logged_in.post(APPLY, posted)
    again = client_logged_in.post(APPLY, posted)

    assert again["Location"] == START
    assert Contact.objects.filter(owner=user, last_name="Lovelace").count() == 2
    assert ImportRun.objects.address_books().filter(owner=user).count() == 1


def test_signing_out_deletes_the_kept_file(client_logged_in, upload_dir):
    upload(client_logged_in, "ios.vcf")
    assert list(upload_dir.iterdir())
    client_logged_in.post(reverse("logout"))
    assert not list(upload_dir.iterdir())


def test_deleting_all_ones_data_deletes_the_kept_file(client_logged_in, user, upload_dir):
    upload(client_logged_in, "ios.vcf")
    client_logged_in.post(reverse("delete_all_data"), {"confirm": "DELETE"})
    assert not Contact.objects.filter(owner=user).exists()
    assert not list(upload_dir.iterdir())


def test_a_file_kept_over_an_hour_is_swept_by_the_next_preview(client_logged_in, upload_dir):
    import os
    import time

    upload(client_logged_in, "ios.vcf")
    [kept] = upload_dir.iterdir()
    hour_ago = time.time() - 3700
    os.utime(kept, (hour_ago, hour_ago))
    response = client_logged_in.get(PREVIEW)
    assert response["Location"] == START
    assert not list(upload_dir.iterdir())


def test_a_choice_the_people_no_longer_allow_is_said_on_the_summary(client_logged_in, user):
    ada = make_contact(user, first_name="Ada", last_name="Lovelace")
    make_contact(user, first_name="Ada", last_name="Lovelace", company="Another one")
    upload(client_logged_in, "ios.vcf")
    preview = client_logged_in.get(PREVIEW)
    number = re.search(rb'name="card-(\d+)" value="c%d"' % ada.pk, preview.content).group(1)
    ada.delete()  # in another tab, before the import

    summary = client_logged_in.post(
        APPLY, {"token": token_of(preview), f"card-{number.decode()}": f"c{ada.pk}"}, follow=True
    )

    assert b"One of your choices no longer matched your people" in summary.content
    # The default for a card sharing only a name: someone new, beside the other Ada.
    assert Contact.objects.filter(owner=user, last_name="Lovelace").count() == 2
