"""The "Your data" page in a browser: back up, export everything, delete all (with the typed
confirmation), on a desktop and a phone."""

import io
import json
import zipfile

import pytest

from contacts.models import Contact
from tests.browser.conftest import screenshot, sign_in_owner
from tests.factories import make_contact, make_interaction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def open_your_data(page, live_server):
    page.get_by_role("link", name="Settings").first.click()
    page.get_by_role("link", name="Your data").click()
    page.wait_for_url(live_server.url + "/settings/data/")


def test_backing_up_exporting_and_deleting_everything(live_server, page):
    user = sign_in_owner(page, live_server)
    ada = make_contact(user, first_name="<b>Ada</b>")
    make_interaction(ada, kind="met")
    open_your_data(page, live_server)

    page.get_by_role("button", name="Back up now").click()
    page.locator("#backups .just-taken").wait_for()
    assert "manual" in page.locator("#backups").inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="Export everything").click()
    with zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read())) as archive:
        data = json.loads(archive.read("netcoach.json"))
    names = [row["first_name"] for row in data["models"]["contacts.contact"]]
    assert names == ["<b>Ada</b>"]
    screenshot(page, "your-data")

    confirm = page.get_by_label("Type DELETE to confirm")
    confirm.fill("delete")
    page.get_by_role("button", name="Delete all my data").click()
    page.get_by_text("Type DELETE, in capital letters, to confirm.").wait_for()
    assert Contact.objects.filter(owner=user).count() == 1

    page.get_by_label("Type DELETE to confirm").fill("DELETE")
    page.get_by_role("button", name="Delete all my data").click()
    page.get_by_text("Deleted all your data").wait_for()
    assert page.locator(".holdings").count() == 0
    assert Contact.objects.filter(owner=user).count() == 0


def test_the_page_fits_a_phone(live_server, phone_page):
    user = sign_in_owner(phone_page, live_server)
    make_contact(user)
    phone_page.goto(live_server.url + "/settings/data/")

    overflow = phone_page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
    assert phone_page.get_by_role("button", name="Delete all my data").is_visible()
    # Every link of the main navigation is in sight: none hides past the right edge.
    links = phone_page.get_by_role("navigation", name="Main").get_by_role("link")
    assert links.count() == 8
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, links.nth(i).inner_text()
    screenshot(phone_page, "your-data-phone")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_owner_restores_a_snapshot_from_the_page(live_server, page, phone_page, size):
    page = page if size == "desktop" else phone_page
    owner = sign_in_owner(page, live_server)
    make_contact(owner, first_name="Before")
    page.goto(live_server.url + "/settings/data/")
    page.get_by_role("button", name="Back up now").click()
    page.locator("#backups .just-taken").wait_for()
    make_contact(owner, first_name="After")
    page.reload()
    assert fits(page)
    # The list's actions are in sight, not past the edge of its scrolling table.
    table = page.locator("#backups .table-wrap").bounding_box()
    for name in ("Download", "Restore…"):
        box = page.get_by_role("link", name=name).first.bounding_box()
        assert table["x"] <= box["x"] and box["x"] + box["width"] <= table["x"] + table["width"]
    screenshot(page, f"your-data-owner-{size}")

    page.get_by_role("link", name="Restore…").first.click()
    page.get_by_role("heading", name="Restore the database as it was on").wait_for()
    assert fits(page)
    screenshot(page, f"backup-restore-{size}")
    page.get_by_role("button", name="Restore the snapshot of").click()

    page.get_by_text("Restored the database as it was on").wait_for()
    screenshot(page, f"backup-restored-{size}")
    assert list(Contact.objects.values_list("first_name", flat=True)) == ["Before"]
    assert "pre-restore" in page.locator("#backups").inner_text()
    page.goto(live_server.url + "/people/")
    assert page.url == live_server.url + "/people/"  # still signed in


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
