import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from invitations.models import AcceptanceRule, Decision, Invitation
from tests.browser.conftest import ARTIFACTS, htmx_settled, screenshot
from tests.factories import PASSWORD, make_contact, make_interaction, make_invitation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTES = [
    "Hi Alice, we met at PyCon Lisbon after your talk on data pipelines. Would love to stay in touch!",
    "",
    "",
    "I'm a recruiter with exciting fintech opportunities.",
    "",
    "Loved your article on Python packaging.",
    "",
    "We both work in data engineering, let's connect.",
    "",
    "Hello!",
]


def make_queue(user):
    rule = AcceptanceRule.for_user(user)
    rule.focus_keywords = "data engineering, python, fintech"
    rule.save()
    ada = make_contact(user, first_name="Person", last_name="01", company="Acme")
    make_interaction(ada, kind="met")
    make_interaction(ada, kind="linkedin", direction="both")
    for name in ["Linus Turing", "Grace Liskov", "Dennis Hamilton"]:
        first, last = name.split()
        make_contact(user, first_name=first, last_name=last, company="Acme")
    start = timezone.now() - timedelta(days=30)
    for i in range(10):
        make_invitation(
            user,
            name=f"Person {i + 1:02d}",
            message=NOTES[i],
            profile_url=f"https://www.linkedin.com/in/person-{i + 1:02d}",
            headline="Senior data engineer at Acme" if i == 0 else "",
            sent_at=start + timedelta(days=i),
        )


def log_in(page, live_server):
    page.goto(live_server.url + "/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/")


def in_focus(page, name):
    """Until `name` is the queue's person and htmx has settled: the next key then reaches the
    new card, not the one being replaced."""
    page.locator("#person-name", has_text=name).wait_for()
    htmx_settled(page)


def test_a_queue_of_ten_is_triaged_with_the_keyboard_alone(live_server, page):
    user = make_user()
    make_queue(user)
    log_in(page, live_server)
    page.goto(live_server.url + "/invitations/")
    in_focus(page, "Person 01")
    assert page.get_by_text("1 of 10 to triage").is_visible()

    # Two criteria toggled: the suggestion turns to accept, and Enter takes it.
    page.keyboard.press("1")
    page.keyboard.press("2")
    assert page.locator("[data-suggestion]").inner_text() == "Accept"
    assert page.locator("[data-met]").inner_text() == "2"
    screenshot(page, "triage-queue-desktop")
    page.keyboard.press("Enter")
    in_focus(page, "Person 02")
    assert page.locator(".toast").get_by_text("Person 01").is_visible()
    expect(page.locator("#announcer")).to_contain_text("Person 01")

    page.keyboard.press("i")
    in_focus(page, "Person 03")
    page.keyboard.press("t")
    in_focus(page, "Person 04")
    assert page.locator("#reply-draft").input_value().startswith("Hello Person")
    screenshot(page, "triage-talk-first-draft")

    # Accepting against the rule, then undoing it brings Person 04 back.
    page.keyboard.press("a")
    in_focus(page, "Person 05")
    page.keyboard.press("u")
    in_focus(page, "Person 04")
    page.keyboard.press("3")
    page.keyboard.press("l")
    in_focus(page, "Person 05")

    page.keyboard.press("j")
    in_focus(page, "Person 06")
    page.keyboard.press("k")
    in_focus(page, "Person 05")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.keyboard.press("?")
    assert page.get_by_text("Toggle a criterion").is_visible()
    expect(page.locator(".shortcut-sheet")).to_be_in_viewport(ratio=1)  # not below the fold
    page.keyboard.press("?")

    decisions = {i.name: i for i in Invitation.objects.filter(owner=user)}
    first = decisions["Person 01"]
    assert (first.decision, first.criteria_met, first.suggestion, first.overridden) == (
        Decision.ACCEPT,
        ["Pertinence", "Interaction"],
        Decision.ACCEPT,
        False,
    )
    assert first.contact is not None and first.contact.full_name == "Person 01"
    assert decisions["Person 02"].decision == Decision.IGNORE
    assert decisions["Person 03"].decision == Decision.TALK_FIRST
    fourth = decisions["Person 04"]
    assert fourth.decision == Decision.LATER
    # "fintech", a focus keyword, is in the note: netcoach ticked Pertinence, the user Prescription.
    assert fourth.criteria_met == ["Pertinence", "Prescription"]
    assert fourth.auto_ticked == ["Pertinence"]
    assert fourth.later_until == timezone.localdate() + timedelta(days=7)
    assert all(decisions[f"Person {n:02d}"].decision == Decision.UNDECIDED for n in range(5, 11))


def test_the_queue_fits_a_phone_screen(live_server, phone_page):
    user = make_user()
    make_queue(user)
    log_in(phone_page, live_server)
    phone_page.goto(live_server.url + "/invitations/")
    in_focus(phone_page, "Person 01")
    phone_page.locator("label.toggle").first.click()

    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone_page, "triage-queue-phone")

    phone_page.locator("button.ignore").scroll_into_view_if_needed()
    phone_page.locator("button.ignore").click()

    # After a decision: its confirmation, the next person, their criteria and the decision
    # buttons on one screen, without scrolling.
    in_focus(phone_page, "Person 02")
    phone_page.screenshot(path=str(ARTIFACTS / "triage-after-a-decision-phone.png"))
    for part in (".toast", "#person-name", "label.toggle >> nth=-1", "button.accept"):
        expect(phone_page.locator(part)).to_be_in_viewport(ratio=1)


def test_the_other_invitation_pages_fit_a_phone_and_look_finished(live_server, page, phone_page):
    user = make_user()
    make_queue(user)
    rule = AcceptanceRule.for_user(user)
    queue = list(Invitation.objects.filter(owner=user).to_triage())
    queue[0].decide(
        Decision.ACCEPT, rule=rule, criteria_met=["Pertinence", "Utility"], reason="met at PyCon"
    )
    queue[1].decide(Decision.IGNORE, rule=rule, reason="recruiter spam")
    queue[2].decide(Decision.TALK_FIRST, rule=rule)
    for i in range(3):
        make_invitation(
            user,
            name=f"Sent {i}",
            direction="outgoing",
            message="We met at the meetup" if i else "",
            sent_at=timezone.now() - timedelta(days=10 * i + 2),
        )
    for browser_page, suffix in ((page, "desktop"), (phone_page, "phone")):
        log_in(browser_page, live_server)
        for path, name in [
            ("/invitations/todo/", "todo"),
            ("/invitations/sent/", "sent"),
            ("/invitations/rule/", "rule"),
            ("/invitations/talk-first/", "talk-first"),
        ]:
            browser_page.goto(live_server.url + path)
            screenshot(browser_page, f"invitations-{name}-{suffix}")
            wide = browser_page.evaluate(
                "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1).map(e => e.tagName + '.' + e.className).slice(0, 8).join(' ')"
            )
            assert browser_page.evaluate("document.documentElement.scrollWidth") <= (
                390 if suffix == "phone" else 1280
            ), (path, wide)
            screenshot(browser_page, f"invitations-{name}-{suffix}")


def test_the_bulk_list_is_walked_and_ticked_with_j_k_and_x(live_server, page):
    user = make_user()
    make_queue(user)
    log_in(page, live_server)
    page.goto(live_server.url + "/invitations/bulk/")
    rows = page.locator("table.bulk-table tbody tr")
    expect(rows).to_have_count(10)
    cursor = page.locator("table.bulk-table tr.cursor")

    page.keyboard.press("j")
    expect(cursor).to_have_count(1)
    expect(rows.nth(0)).to_have_class(re.compile(r"\bcursor\b"))
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(rows.nth(1)).to_have_class(re.compile(r"\bcursor\b"))
    expect(cursor).to_have_count(1)

    page.keyboard.press("x")
    expect(rows.nth(1).get_by_role("checkbox")).to_be_checked()
    expect(rows.nth(1)).to_have_class(re.compile(r"\bselected\b"))
    page.keyboard.press("k")
    page.keyboard.press("k")  # stays on the first row
    page.keyboard.press("x")
    expect(rows.nth(0).get_by_role("checkbox")).to_be_checked()
    page.keyboard.press("j")
    page.keyboard.press("x")
    expect(rows.nth(1).get_by_role("checkbox")).not_to_be_checked()
    expect(rows.nth(1)).not_to_have_class(re.compile(r"\bselected\b"))
    expect(page.locator("table.bulk-table tr.selected")).to_have_count(1)


def test_the_talk_first_draft_is_copied_with_its_button(live_server, page):
    user = make_user()
    make_queue(user)
    invitation = Invitation.objects.filter(owner=user).to_triage().first()
    invitation.decide(Decision.TALK_FIRST, rule=AcceptanceRule.for_user(user))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    log_in(page, live_server)
    page.goto(live_server.url + "/invitations/talk-first/")

    page.get_by_role("button", name="Copy the draft").click()
    expect(page.get_by_role("button", name="Copied", exact=True)).to_be_visible()
    draft = page.get_by_label("Reply draft")
    expect(draft).to_be_focused()
    assert page.evaluate("navigator.clipboard.readText()") == draft.input_value()
    assert draft.input_value().startswith("Hello Person")


def test_the_queue_reads_french_and_its_script_too(live_server, page, phone_page):
    """A French user: the suggestion the script writes as criteria are toggled, the toast and
    the talk-first draft are French (the JavaScript catalogue is loaded before triage.js)."""
    from django.utils import translation

    from contacts.models import Preferences

    with translation.override("fr"):
        user = make_user()
    Preferences.objects.filter(owner=user).update(language="fr")
    make_queue(user)
    log_in(page, live_server)
    page.goto(live_server.url + "/invitations/")
    in_focus(page, "Person 01")
    expect(page.get_by_text("1 sur 10 à trier")).to_be_visible()
    assert page.locator("[data-suggestion]").inner_text() == "Ignorer"

    page.keyboard.press("1")
    page.keyboard.press("2")
    assert page.locator("[data-suggestion]").inner_text() == "Accepter"
    assert page.locator("[data-suggestion-button]").inner_text() == "Accepter"
    screenshot(page, "triage-queue-desktop-fr")
    page.keyboard.press("Enter")
    in_focus(page, "Person 02")
    expect(page.locator(".toast")).to_contain_text("Accepter\u00a0:")

    page.keyboard.press("t")
    in_focus(page, "Person 03")
    draft = page.locator("#reply-draft")
    expect(draft).to_have_value(re.compile(r"^Bonjour Person, merci pour votre invitation\."))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.get_by_role("button", name="Copier le brouillon").click()
    expect(page.get_by_role("button", name="Copié", exact=True)).to_be_visible()

    log_in(phone_page, live_server)
    phone_page.goto(live_server.url + "/invitations/")
    in_focus(phone_page, "Person 03")
    screenshot(phone_page, "triage-queue-phone-fr")
    for path, name in [("talk-first/", "talk-first"), ("sent/", "sent"), ("rule/", "rule")]:
        page.goto(live_server.url + f"/invitations/{path}")
        screenshot(page, f"invitations-{name}-desktop-fr")
