"""The people flows that need a browser: the meeting form on a phone, inline notes, keys."""

import re
import time

import pytest
from playwright.sync_api import expect

from contacts.models import Contact, Note
from invitations.models import Invitation
from tests.browser.conftest import screenshot, sign_in
from tests.factories import make_contact, make_interaction, make_note, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_a_meeting_with_a_new_person_is_logged_on_a_phone_in_under_15_seconds(
    live_server, phone_page
):
    user = make_user()
    make_contact(user, first_name="Grace", last_name="Hopper", company="Navy")
    make_interaction(make_contact(user, first_name="Old"), place="Web Summit")
    page = phone_page
    sign_in(page, live_server)

    start = time.monotonic()
    page.get_by_role("link", name="+ Meeting").click()
    page.wait_for_url("**/meetings/new/")
    # An existing contact through the type-ahead, picked with Enter...
    page.get_by_placeholder("Type a name, company or position…").press_sequentially("gra", delay=40)
    expect(page.locator("#search-results")).to_contain_text("Grace Hopper")
    page.get_by_placeholder("Type a name, company or position…").press("Enter")
    expect(page.locator("#chosen")).to_contain_text("Grace Hopper")
    # ...and someone new, not on LinkedIn yet.
    page.get_by_text("Someone new, not in your contacts yet").click()
    page.get_by_label("New person's name").press_sequentially("Linus Torvalds", delay=30)
    page.get_by_label("Company").press_sequentially("Linux Foundation", delay=30)
    page.get_by_label("How we met").press_sequentially("Lunch after the keynote", delay=30)
    page.get_by_label("Where / event").press_sequentially("Open Source Summit", delay=30)
    page.get_by_label("Notes").press_sequentially("Wants the report on kernel CI.", delay=30)
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "people-log-meeting-phone")
    page.get_by_role("button", name="Save the meeting").click()
    page.wait_for_url(re.compile(r"/people/\d+/\?met=1$"))
    elapsed = time.monotonic() - start

    print(f"Logging a meeting with two people took {elapsed:.1f} s")
    assert elapsed < 15, f"logging a meeting took {elapsed:.1f} s"
    linus = Contact.objects.get(first_name="Linus")
    assert linus.source == "manual"
    assert linus.interactions.get().place == "Open Source Summit"
    assert Note.objects.count() == 2
    assert fits(page)
    expect(page.get_by_role("heading", name="Grace Hopper")).to_be_visible()

    # The new person's page offers the invitation.
    page.goto(live_server.url + linus.get_absolute_url() + "?met=1")
    page.get_by_role("link", name="Draft a LinkedIn invitation").click()
    draft = page.locator("#invitation-text")
    expect(draft).to_have_value(
        re.compile(r"^Hi Linus, great to meet you at Open Source Summit on ")
    )
    assert len(draft.input_value()) <= 300
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied ✓")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == draft.input_value()
    expect(draft).not_to_be_focused()  # the draft stays as it is, keys still work
    expect(page.get_by_role("button", name="Copy", exact=True)).to_be_visible()  # after 2 s
    screenshot(page, "people-invitation-draft-phone")
    page.get_by_role("button", name="I sent it").click()
    expect(page.get_by_text("Invitation recorded")).to_be_visible()
    invitation = Invitation.objects.get()
    assert (invitation.direction, invitation.status, invitation.contact) == (
        "outgoing",
        "pending",
        linus,
    )
    screenshot(page, "people-person-phone")


def test_a_note_is_added_inline_on_a_persons_page(live_server, page):
    user = make_user()
    ada = make_contact(
        user, company="Analytical Engines", position="Mathematician", layer=2, is_connection=True
    )
    ada.add_tag("python")
    ada.add_tag("history")
    make_interaction(ada, kind="met", place="Royal Society", occurred_at="2026-09-01 18:00")
    make_interaction(ada, kind="linkedin", summary="Asked for the paper", direction="both")
    make_note(ada, text="Send her the Babbage letters", follow_up_on="2026-10-01")
    sign_in(page, live_server)

    page.goto(live_server.url + ada.get_absolute_url())
    page.get_by_label("Add a note").fill("Prefers tea to coffee.")
    page.get_by_role("button", name="Add note").click()

    expect(page.locator("#activity .timeline")).to_contain_text("Prefers tea to coffee.")
    assert page.url == live_server.url + ada.get_absolute_url()
    assert Note.objects.filter(text="Prefers tea to coffee.").exists()
    page.get_by_label("Layer").select_option("1")
    expect(page.locator("#layer .standing")).to_contain_text("Core · last LinkedIn exchange today")
    screenshot(page, "people-person-desktop")

    page.goto(live_server.url + "/companies/")
    screenshot(page, "people-companies-desktop")
    page.get_by_role("link", name=re.compile("Analytical Engines")).click()
    expect(page.get_by_role("heading", name="Analytical Engines")).to_be_visible()
    screenshot(page, "people-company-desktop")


def test_the_people_list_is_searched_and_filtered_by_keyboard(live_server, page, phone_page):
    user = make_user()
    make_contact(user, first_name="Grace", last_name="Hopper", company="US Navy", layer=2)
    make_contact(user, first_name="Ada", last_name="Lovelace", company="Analytical Engines")
    make_contact(user, first_name="Alan", last_name="Turing", company="Bletchley Park", layer=3)
    sign_in(page, live_server)

    page.goto(live_server.url + "/people/")
    page.keyboard.press("/")
    page.keyboard.type("hop")
    expect(page.locator("#people-list tbody tr")).to_have_count(1)
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    expect(page.locator("tr.selected")).to_contain_text("Grace Hopper")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Grace Hopper")).to_be_visible()

    page.goto(live_server.url + "/people/")
    page.get_by_text("Filters").click()
    page.locator("#id_layer_1").focus()  # "Close"
    page.keyboard.press("Space")
    expect(page.locator("#people-list tbody tr")).to_have_count(1)
    page.locator("#id_layer_2").focus()  # and "Regular": several layers at once
    page.keyboard.press("Space")
    expect(page.locator("#people-list tbody tr")).to_have_count(2)
    page.keyboard.press("Space")
    expect(page.locator("#people-list tbody tr")).to_have_count(1)
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    page.keyboard.press("k")
    expect(page.locator("tr.selected")).to_contain_text("Grace Hopper")
    page.goto(live_server.url + "/people/")
    screenshot(page, "people-list-desktop")

    sign_in(phone_page, live_server, go_to="/people/")
    assert fits(phone_page)
    screenshot(phone_page, "people-list-phone")


def test_the_people_list_cursor_ticks_rows_and_stays_on_its_row_when_the_list_is_swapped(
    live_server, page
):
    user = make_user()
    for first, last in [("Grace", "Hopper"), ("Ada", "Lovelace"), ("Alan", "Turing")]:
        make_contact(user, first_name=first, last_name=last, company="Acme")
    sign_in(page, live_server, go_to="/people/")
    rows = page.locator("#people-list tbody tr")
    expect(rows).to_have_count(3)
    second = rows.nth(1).locator(".person-link").inner_text()

    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(page.locator("tr.selected")).to_have_count(1)
    expect(rows.nth(1)).to_have_class(re.compile(r"\bselected\b"))
    page.keyboard.press("x")
    expect(rows.nth(1).get_by_role("checkbox")).to_be_checked()
    expect(rows.nth(0).get_by_role("checkbox")).not_to_be_checked()
    page.keyboard.press("x")
    expect(rows.nth(1).get_by_role("checkbox")).not_to_be_checked()

    # A search swaps the list in; the cursor comes back on the same person.
    page.keyboard.press("/")
    page.keyboard.type(second.split()[-1][:4])
    expect(rows).to_have_count(1)
    expect(page.locator("tr.selected")).to_contain_text(second)
    # Escape leaves the field, which changes it: the filters swap the list in once more.
    page.locator("#people-list").evaluate("list => { list.dataset.before = '1'; }")
    page.keyboard.press("Escape")
    expect(page.locator("#people-list[data-before]")).to_have_count(0)
    expect(page.locator("tr.selected")).to_contain_text(second)
    page.keyboard.press("x")
    expect(page.locator("tr.selected").get_by_role("checkbox")).to_be_checked()


def test_m_opens_the_meeting_form_with_the_cursor_in_who(live_server, page):
    user = make_user()
    make_contact(user, "Tomasz", "Nowak", company="Initech", position="Head of Sales")
    sign_in(page, live_server)

    page.keyboard.press("m")
    page.wait_for_url(live_server.url + "/meetings/new/")
    page.keyboard.type("tomasz")

    expect(page.locator("#who-search")).to_have_value("tomasz")
    expect(page.locator("#search-results .result-meta")).to_have_text(
        "Head of Sales at Initech · no real interaction yet"
    )


def test_a_company_page_lines_up_names_and_job_titles(live_server, page):
    """Every row has the same columns whatever its badges and dates: job titles start at one
    edge, not where each row's badges left room."""
    user = make_user()
    core = make_contact(user, first_name="Ada", company="Initech", position="CTO", layer=1)
    make_interaction(core, kind="met")
    make_contact(user, first_name="Bo", company="Initech", position="Head of Sales, EMEA")
    make_contact(
        user,
        first_name="Cy",
        last_name="Papadopoulos-Andersson",
        company="Initech",
        position="Principal Engineer, Developer Experience and Platform Reliability",
        layer=3,
    )
    sign_in(page, live_server, go_to="/companies/initech/")

    starts = page.eval_on_selector_all(
        ".person-rows li > span.small",
        "els => els.map(e => Math.round(e.getBoundingClientRect().left))",
    )
    assert len(starts) == 3 and len(set(starts)) == 1, starts
    assert fits(page)
    screenshot(page, "company-lined-up-desktop")
