"""Importing a phone's contacts through the page: choose, preview, decide, import, and the
calendar downloaded with the birthdays the file brought."""

from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import expect

from contacts.models import Contact, Preferences
from tests.browser.axe import audit_context, blocking, describe, violations
from tests.browser.conftest import overflowing, screenshot, sign_in, too_wide
from tests.contacts.address_book.helpers import FILES
from tests.factories import make_contact, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.ADDRESS_BOOK_UPLOAD_DIR = tmp_path / "uploads"


def test_a_vcf_is_previewed_decided_and_imported_through_the_page(live_server, browser):
    user = make_user()
    ada = make_contact(user, first_name="Ada", last_name="Lovelace", company="Engines")
    context = audit_context(browser, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server)

    page.goto(live_server.url + "/people/")
    page.get_by_role("link", name="Import contacts").click()
    page.wait_for_url("**/people/import-contacts/")
    page.get_by_label("Contacts file (.vcf or .csv)").set_input_files(str(FILES / "ios.vcf"))
    page.get_by_role("button", name="Preview the import").click()

    page.wait_for_url("**/people/import-contacts/preview/")
    expect(page.get_by_role("heading", name="Preview of ios.vcf")).to_be_visible()
    decision = page.get_by_role("group", name="maybe someone you have")
    expect(decision).to_be_visible()
    found = blocking(violations(page))
    assert not found, describe("the preview", found)
    screenshot(page, "import-contacts-preview")
    assert not Contact.objects.filter(owner=user, last_name="Babbage").exists()

    # Ada of the file is the Ada the user has: the card completes her.
    decision.get_by_label("Complete Ada Lovelace").check()
    page.get_by_role("button", name="Import", exact=True).click()

    page.wait_for_url("**/people/import-contacts/*/")
    expect(page.get_by_role("heading", name="Imported: ios.vcf")).to_be_visible()
    screenshot(page, "import-contacts-summary")
    page.get_by_role("link", name="Ada Lovelace").first.click()
    page.wait_for_url(f"**{ada.get_absolute_url()}")
    expect(page.locator("a[href^='tel:']").first).to_be_visible()
    assert Contact.objects.filter(owner=user, last_name="Lovelace").count() == 1
    assert Contact.objects.filter(owner=user, last_name="Babbage").exists()

    # The birthday the file brought is in the calendar the user downloads.
    page.goto(live_server.url + "/settings/calendar/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the calendar (.ics)").click()
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    birthdays = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert "Charles Babbage's birthday" in birthdays
    assert "FREQ=YEARLY" in birthdays["Charles Babbage's birthday"]["RRULE"].to_ical().decode()
    context.close()


def test_a_broken_file_is_refused_with_where_and_nothing_is_written(live_server, page):
    user = make_user()
    sign_in(page, live_server, go_to="/people/import-contacts/")
    field = page.get_by_label("Contacts file (.vcf or .csv)")
    field.set_input_files(str(FILES / "broken_middle.vcf"))
    page.get_by_role("button", name="Preview the import").click()

    expect(page.locator("#id_file_error")).to_contain_text("card 2")
    expect(field).to_be_focused()
    expect(field).to_have_attribute("aria-invalid", "true")
    assert not Contact.objects.filter(owner=user).exists()


def test_the_preview_fits_a_phone_in_french(live_server, browser):
    user = make_user()
    make_contact(user, first_name="Ada", last_name="Lovelace", company="Engines")
    Preferences.objects.filter(owner=user).update(language="fr")
    context = audit_context(
        browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    sign_in(page, live_server, go_to="/people/import-contacts/")
    page.get_by_label("Fichier de contacts (.vcf ou .csv)").set_input_files(str(FILES / "ios.vcf"))
    page.get_by_role("button", name="Voir l’aperçu de l’import").click()
    page.wait_for_url("**/people/import-contacts/preview/")
    expect(page.get_by_role("heading", name="Aperçu de ios.vcf")).to_be_visible()

    found = overflowing(page)
    assert not too_wide(found), found
    serious = blocking(violations(page))
    assert not serious, describe("the preview in French on a phone", serious)
    screenshot(page, "phone-fr-import-contacts-preview")
    context.close()
