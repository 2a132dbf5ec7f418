"""Three invitations triaged and a weekly review finished with the keyboard alone: after each
step the focus is where the next action is (never on <body>), and the page's live region says
what happened. Then single-key shortcuts turned off: the keys do nothing, Tab and Enter still do."""

import re

import pytest
from playwright.sync_api import expect

from contacts.models import Preferences, Review
from invitations.models import Invitation
from tests.browser.conftest import htmx_settled, screenshot, sign_in
from tests.browser.test_triage import make_queue
from tests.factories import make_user
from tests.netcoach.test_dashboard import craft_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What has the focus: its id, its text, and whether it is <body>.
FOCUSED = """() => {
  const el = document.activeElement;
  return {id: el.id, tag: el.tagName.toLowerCase(), text: el.textContent.trim().replace(/\\s+/g, " ")};
}"""


def focus_on(page, element_id, text):
    """Until the element `element_id`, saying `text`, has the focus (htmx has settled then)."""
    page.wait_for_function(
        "([id, text]) => document.activeElement && document.activeElement.id === id"
        " && document.activeElement.textContent.includes(text)"
        " && !document.querySelector('.htmx-request, .htmx-settling')",
        arg=[element_id, text],
    )
    return page.evaluate(FOCUSED)


def announced(page, pattern):
    expect(page.locator("#announcer")).to_have_text(re.compile(pattern))


def decision(user, name):
    return Invitation.objects.get(owner=user, name=name).decision


def test_three_invitations_and_a_review_with_the_keyboard_alone(live_server, page):
    user = make_user()
    make_queue(user)
    craft_network(user)
    sign_in(page, live_server, user, go_to=None)
    page.goto(live_server.url + "/invitations/")
    page.locator("#person-name", has_text="Person 01").wait_for()
    htmx_settled(page)

    # Two criteria ticked: the live region says the new suggestion.
    page.keyboard.press("1")
    page.keyboard.press("2")
    announced(page, r"2 of \d+ → Accept")
    page.keyboard.press("Enter")
    assert focus_on(page, "person-name", "Person 02")["tag"] == "h2"
    announced(page, r"^Accept: Person 01\. Next: Person 02\.$")

    page.keyboard.press("i")
    focus_on(page, "person-name", "Person 03")
    announced(page, r"^Ignore: Person 02\. Next: Person 03\.$")

    # Talk first shows the reply draft; the focus is on the next person all the same.
    page.keyboard.press("t")
    focus_on(page, "person-name", "Person 04")
    announced(page, r"^Talk first: Person 03\. Next: Person 04\.$")
    expect(page.locator("#reply-draft")).to_be_visible()
    screenshot(page, "keyboard-triage-focus")

    # Two keys in a row, without waiting: the second waits for the swap, then acts on the
    # next person (it was lost before, or hit the card being replaced).
    page.keyboard.press("a")
    page.keyboard.press("l")
    focus_on(page, "person-name", "Person 06")
    announced(page, r"^Later: Person 05\. Next: Person 06\.$")
    assert [decision(user, f"Person {n:02d}") for n in range(1, 6)] == [
        "accept",
        "ignore",
        "talk_first",
        "accept",
        "later",
    ]

    # The weekly review, from the dashboard: r opens it, n starts it and moves on.
    page.goto(live_server.url + "/")
    page.keyboard.press("r")
    page.wait_for_url(live_server.url + "/review/")
    page.get_by_role("button", name="Start the review").wait_for()
    htmx_settled(page)
    page.keyboard.press("n")
    page.get_by_role("heading", name="Refresh your data").wait_for()
    htmx_settled(page)
    for step, title in enumerate(
        [
            "Triage invitations",
            "Withdraw stale sent invitations",
            "Congratulate",
            "Reconnect",
            "Follow-ups due",
        ],
        start=2,
    ):
        page.keyboard.press("n")
        focus_on(page, "step-title", title)
        announced(page, rf"^Step {step} of {Review.STEPS}: {title}")

    # Tab from the step's title reaches its first "Mark done"; once pressed, the focus comes
    # back to the title (the button is gone), not to <body>.
    tabs = 0
    while page.evaluate(FOCUSED)["text"] != "Mark done":
        page.keyboard.press("Tab")
        tabs += 1
        assert tabs <= 3, page.evaluate(FOCUSED)
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Mark done").first.wait_for()
    expect(page.get_by_role("button", name="Mark done")).to_have_count(1)
    focus_on(page, "step-title", "Follow-ups due")
    expect(page.locator("#flash")).to_contain_text("Done: the follow-up")

    page.keyboard.press("n")
    focus_on(page, "step-title", "Layer suggestions")
    page.keyboard.press("n")
    focus_on(page, "step-title", "Meet in real life")
    page.keyboard.press("n")
    focus_on(page, "step-title", "Summary of the week")
    screenshot(page, "keyboard-review-focus")
    page.keyboard.press("f")
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_text("Weekly review done.").is_visible()
    assert Review.objects.get(owner=user).finished_at is not None


def test_single_key_shortcuts_turned_off_leave_the_keys_alone(live_server, page):
    user = make_user()
    make_queue(user)
    Preferences.objects.filter(owner=user).update(single_key_shortcuts=False)
    sign_in(page, live_server, user, go_to=None)
    page.goto(live_server.url + "/invitations/")
    assert page.locator("body").get_attribute("data-single-key-shortcuts") == "off"
    expect(page.locator(".decide kbd").first).to_be_hidden()

    # "a" does nothing; Tab to Accept and Enter does.
    page.keyboard.press("a")
    page.keyboard.press("1")
    expect(page.locator("input[data-toggle-key='1']")).not_to_be_checked()
    page.get_by_role("button", name="Accept").focus()
    page.keyboard.press("Enter")
    focus_on(page, "person-name", "Person 02")
    assert Invitation.objects.filter(owner=user).exclude(decision="undecided").count() == 1
    assert decision(user, "Person 01") == "accept"

    # The shortcut sheet turns them back on.
    page.locator("summary[data-key='?']").click()
    page.get_by_role("button", name="Turn single-key shortcuts on").click()
    page.locator("body[data-single-key-shortcuts=on]").wait_for()
    htmx_settled(page)
    assert Preferences.objects.get(owner=user).single_key_shortcuts
    page.keyboard.press("i")
    focus_on(page, "person-name", "Person 03")
    assert decision(user, "Person 02") == "ignore"


def test_the_shortcut_sheet_and_the_focus_rings_in_french(live_server, page):
    """The switch on the sheet speaks French, and the ring shows on a segmented radio (the
    "How" of the meeting form, whose input is invisible: its segment carries the ring)."""
    user = make_user()
    make_queue(user)
    Preferences.objects.filter(owner=user).update(language="fr")
    sign_in(page, live_server, user, go_to=None)
    page.goto(live_server.url + "/invitations/")
    page.locator("#person-name", has_text="Person 01").wait_for()
    page.keyboard.press("?")
    switch = page.get_by_role("button", name="Désactiver les raccourcis d’une seule touche")
    expect(switch).to_be_visible()
    screenshot(page, "french-shortcut-sheet", full_page=False)

    page.goto(live_server.url + "/meetings/new/")
    page.locator("input[name=kind]").first.focus()
    page.keyboard.press("ArrowRight")  # the keyboard moved it: :focus-visible
    ring = page.evaluate(
        "() => getComputedStyle(document.activeElement.nextElementSibling).outlineStyle"
    )
    assert ring == "solid"
    screenshot(page, "french-meeting-focus-ring", full_page=False)
