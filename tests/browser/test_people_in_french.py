"""The people pages in French in a browser: the scripts' words come from the JavaScript
catalogue (people.js), the meeting form and the person page speak French."""

import re

import pytest
from playwright.sync_api import expect

from contacts.models import Preferences
from tests.browser.conftest import screenshot
from tests.browser.test_people import sign_in
from tests.factories import make_contact, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_meeting_logged_in_french_and_its_invitation_copied(live_server, page):
    user = make_user()
    Preferences.objects.filter(owner=user).update(language="fr")
    make_contact(user, first_name="Grace", last_name="Hopper", company="Navy")
    sign_in(page, live_server)

    page.goto(live_server.url + "/meetings/new/")
    expect(page.get_by_role("heading", name="Noter une rencontre")).to_be_visible()
    search = page.get_by_placeholder("Tapez un nom, une entreprise ou un poste…")
    search.press_sequentially("gra", delay=40)
    expect(page.locator("#search-results")).to_contain_text("Grace Hopper")
    search.press("Enter")
    expect(page.locator("#chosen")).to_contain_text("Grace Hopper")
    page.get_by_label("Où / événement").fill("Salon du livre")
    page.get_by_role("button", name="Enregistrer la rencontre").click()
    page.wait_for_url(re.compile(r"/people/\d+/\?met=1$"))
    expect(page.locator("#flash")).to_contain_text("Rencontre notée avec Grace Hopper.")
    expect(page.locator("#activity")).to_contain_text("Historique")
    screenshot(page, "person-fr")

    page.get_by_role("link", name="Rédiger une invitation LinkedIn").click()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.get_by_role("button", name="Copier").click()
    expect(page.get_by_role("button", name="Copié ✓")).to_be_visible()
    expect(page.get_by_role("button", name="Copier")).to_be_visible(timeout=4000)


def test_the_people_list_offers_both_exports_in_french(live_server, page):
    user = make_user()
    Preferences.objects.filter(owner=user).update(language="fr")
    make_contact(user, company="Acme")
    sign_in(page, live_server)

    page.goto(live_server.url + "/people/")

    expect(page.locator(".export-links")).to_contain_text("Exporter ces 1")
    with page.expect_download() as download:
        page.get_by_role("link", name="pour un tableur").click()
    path = download.value.path()
    with open(path, "rb") as f:
        data = f.read()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines()[0].startswith("Nom complet;Prénom;Nom;")
    assert download.value.suggested_filename == "personnes.csv"
