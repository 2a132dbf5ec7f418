"""netcoach in French in a real browser: the main pages and their scripts' words (screenshots
under test-artifacts/french-*). Every page in French at the phone width is crawled, checked and
photographed by tests/browser/test_accessibility.py."""

import pytest

from contacts.models import Contact, Preferences
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.sample import build_sample_export
from tests.browser.conftest import screenshot, sign_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAIN_PAGES = {
    "dashboard": ("/", "Tableau de bord"),
    "triage": ("/invitations/", "Invitations"),
    "people": ("/people/", "Personnes"),
    "log-meeting": ("/meetings/new/", "Noter une rencontre"),
    "review": ("/review/", "Revue de la semaine"),
    "import": ("/import/", "Importer"),
    "settings": ("/settings/", "Réglages"),
}


@pytest.fixture
def french_user():
    user = make_user()
    Preferences.objects.filter(owner=user).update(language="fr")
    import_file(build_sample_export(connections=60, messages=200, invitations=30), "s.zip", user)
    return user


def test_the_main_pages_are_in_french(live_server, page, french_user):
    tab = page
    sign_in(tab, live_server, french_user, go_to=None)
    person = Contact.objects.filter(owner=french_user, is_connection=True).first()
    pages = {**MAIN_PAGES, "person": (person.get_absolute_url(), person.full_name)}
    for name, (url, title) in pages.items():
        response = tab.goto(live_server.url + url)
        assert response.ok, (name, response.status)
        assert tab.locator("html").get_attribute("lang") == "fr"
        assert title in tab.locator("body").inner_text(), name
        screenshot(tab, f"french-{name}-desktop")


def test_the_scripts_speak_french(live_server, page, french_user):
    """The words the JavaScript writes come from the JavaScript catalogue: the triage card's
    suggestion, relabelled by static/js/triage.js as criteria are ticked, stays French."""
    sign_in(page, live_server, french_user, go_to=None)
    page.goto(live_server.url + "/invitations/")
    page.wait_for_function("() => typeof window.gettext === 'function'")
    assert page.evaluate("gettext('Copy')") == "Copier"
    assert page.evaluate("pgettext('decision', 'Talk first')") == "Discuter d’abord"
    screenshot(page, "french-triage-scripts-desktop")
