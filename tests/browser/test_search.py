"""The search page in a browser: `/` from any page, a person found by a word of a conversation
and by a word of a note, in English and in French, hostile text shown, never run."""

import re

import pytest
from playwright.sync_api import expect

from contacts.models import Preferences
from tests.browser.conftest import htmx_settled, screenshot
from tests.browser.test_people import sign_in
from tests.factories import make_contact, make_interaction, make_invitation, make_note, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HOSTILE = "<img src=x onerror=\"document.title='pwned'\">"


def network(user):
    sam = make_contact(user, first_name="Sam", last_name="Lefèvre", company="Initech")
    make_interaction(
        sam, kind="linkedin", direction="both", summary=f"See you at the Lyon data meetup {HOSTILE}"
    )
    make_note(sam, text="Owes me the Q3 report")
    return sam


def search_from_anywhere(page, live_server, words):
    page.goto(live_server.url + "/")
    page.keyboard.press("/")
    expect(page.locator("#topbar-q")).to_be_focused()
    page.keyboard.type(words)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_person_found_by_a_conversation_and_by_a_note(live_server, page, language):
    user = make_user()
    Preferences.objects.filter(owner=user).update(language=language)
    sam = network(user)
    sign_in(page, live_server)

    search_from_anywhere(page, live_server, "lyon meetup")
    conversations = "Conversations"
    group = page.locator("section", has=page.get_by_role("heading", name=conversations))
    expect(group).to_contain_text("Sam Lefèvre")
    expect(group.locator("mark").first).to_have_text("Lyon")
    expect(group).to_contain_text("<img src=x")
    assert page.title() != "pwned"
    screenshot(page, f"search-conversation-{language}")

    box = page.locator("#id_q")
    box.fill("")
    box.press_sequentially("q3 rep", delay=30)
    htmx_settled(page)
    expect(page.locator("#search-groups")).to_contain_text("Owes me the Q3 report")
    screenshot(page, f"search-note-{language}")
    page.locator("#search-groups a.hit-title").first.click()
    page.wait_for_url(re.compile(rf"/people/{sam.pk}/#note-\d+$"))
    assert page.title() != "pwned"


def test_the_top_bar_search_and_the_page_on_a_phone(live_server, page, phone_page):
    user = make_user()
    network(user)
    sign_in(page, live_server, go_to="/")
    expect(page.locator("#topbar-q")).to_be_visible()
    screenshot(page, "search-top-bar", full_page=False)

    sign_in(phone_page, live_server, go_to="/search/?q=lefevre")
    expect(phone_page.locator("#search-groups")).to_contain_text("Sam Lefèvre")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= phone_page.viewport_size["width"]
    screenshot(phone_page, "search-phone")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_top_bar_holds_its_search_box_on_one_row(live_server, page, language):
    """Its widest state: the invitations' count beside Invitations, on a page of theirs."""
    user = make_user()
    Preferences.objects.filter(owner=user).update(language=language)
    for n in range(24):
        make_invitation(user, name=f"Person {n:02}")
    sign_in(page, live_server, go_to="/invitations/sent/")
    expect(page.locator("#nav-triage-count")).to_have_text(re.compile("24"))

    box = page.locator("#topbar-q").bounding_box()
    logout = page.locator(".logout").bounding_box()
    assert abs(box["y"] - logout["y"]) < 20
