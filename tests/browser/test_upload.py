import pytest

from contacts.models import Contact
from netcoach.linkedin.sample import build_sample_export, sample_file_name
from tests.browser.conftest import screenshot, sign_in_owner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_uploading_a_sample_archive_shows_the_summary(live_server, page):
    user = sign_in_owner(page, live_server)
    page.get_by_role("link", name="Import", exact=True).click()
    page.wait_for_url(live_server.url + "/import/")

    archive = build_sample_export(connections=120, messages=300, invitations=30)
    page.get_by_label("LinkedIn export").set_input_files(
        {"name": sample_file_name(), "mimeType": "application/zip", "buffer": archive}
    )
    page.get_by_role("button", name="Import", exact=True).click()

    summary = page.locator(".import-summary")
    summary.wait_for()
    assert "Imported: " + sample_file_name() in summary.inner_text()
    assert "Hidden or closed profiles skipped" in summary.inner_text()
    assert "Address book (Contacts.csv): rows " in summary.inner_text()
    # htmx swapped the fragment in place: no page load, the URL did not change.
    assert page.url == live_server.url + "/import/"
    assert page.locator("#history-title").is_visible()
    screenshot(page, "import-summary")
    assert Contact.objects.filter(owner=user, is_connection=True).count() > 100


def test_the_empty_dashboard_imports_sample_data(live_server, page):
    sign_in_owner(page, live_server)

    page.get_by_role("button", name="Try it with sample data").click()

    page.locator(".import-summary").wait_for()
    assert "Sample data imported" in page.content()
