"""A weekly review end to end in Chromium, and the dashboard on desktop and phone widths."""

import pytest
from playwright.sync_api import expect

from contacts.models import Contact, Note, Review
from contacts.relationships import Layer
from tests.browser.conftest import htmx_settled, screenshot, sign_in
from tests.factories import make_contact, make_job_change, make_user
from tests.netcoach.test_dashboard import craft_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_weekly_review_end_to_end(live_server, page):
    user = make_user()
    people = craft_network(user)
    sign_in(page, live_server, user, go_to=None)

    page.goto(live_server.url + "/")
    assert page.get_by_role("heading", name="Reconnect next").is_visible()
    assert page.locator(".reconnect li").first.get_by_text("Ed Lovelace").is_visible()
    screenshot(page, "dashboard")

    page.get_by_role("link", name="Start the weekly review").click()
    page.get_by_role("button", name="Start the review").click()
    page.wait_for_url(live_server.url + "/review/")
    assert page.get_by_role("heading", name="Refresh your data").is_visible()

    page.get_by_role("button", name="Next step").click()  # htmx: the step swaps in place
    page.get_by_role("heading", name="Triage invitations").wait_for()
    htmx_settled(page)
    page.keyboard.press("n")
    page.get_by_role("heading", name="Withdraw stale sent invitations").wait_for()
    htmx_settled(page)
    page.keyboard.press("n")
    page.get_by_role("heading", name="Congratulate").wait_for()
    htmx_settled(page)
    page.keyboard.press("n")
    page.get_by_role("heading", name="Reconnect").wait_for()
    screenshot(page, "review-reconnect")

    cy = page.locator(".people-list li", has_text="Cy Lovelace")
    cy.get_by_role("button", name="We met").click()
    page.locator(".people-list li", has_text="Cy Lovelace").wait_for(state="detached")
    page.locator(".people-list li", has_text="Fay Lovelace").get_by_role(
        "button", name="Snooze a week"
    ).click()
    page.locator(".people-list li", has_text="Fay Lovelace").wait_for(state="detached")

    page.get_by_role("button", name="Next step").click()
    page.get_by_role("heading", name="Follow-ups due").wait_for()
    assert page.get_by_role("button", name="Mark done").count() == 2
    page.get_by_role("button", name="Mark done").first.click()
    expect(page.get_by_role("button", name="Mark done")).to_have_count(1)
    page.get_by_role("button", name="Mark done").click()
    page.get_by_text("No follow-up due.").wait_for()

    page.get_by_role("button", name="Next step").click()
    page.get_by_role("heading", name="Layer suggestions").wait_for()
    screenshot(page, "review-suggestions")
    gus = page.locator(".suggestion", has_text="Gus Lovelace")
    gus.get_by_role("button", name="Move to").click()
    page.get_by_text("Gus Lovelace is now in").wait_for()

    # Leave half-way and come back: the review waits at its step.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Resume the weekly review").click()
    assert page.get_by_role("heading", name="Layer suggestions").is_visible()

    page.get_by_role("button", name="Next step").click()
    page.get_by_role("heading", name="Meet in real life").wait_for()
    htmx_settled(page)
    page.get_by_role("button", name="Next step").click()
    page.get_by_role("heading", name="Summary of the week").wait_for()
    screenshot(page, "review-summary")
    page.get_by_role("button", name="Finish the review").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_text("Weekly review done.").is_visible()
    assert page.get_by_text("1-week streak").is_visible()

    review = Review.objects.get(owner=user)
    assert review.finished_at is not None
    assert review.stats["interactions_logged"] == 1
    assert people["cy"].interactions.filter(kind="met").count() == 2
    assert Contact.objects.get(pk=people["fay"].pk).snoozed_until is not None
    assert Contact.objects.get(pk=people["gus"].pk).layer is not None
    assert not Note.objects.filter(owner=user).follow_ups_due().exists()


def test_the_congratulate_step_copies_a_draft_and_records_the_message(live_server, page):
    user = make_user()
    ada = make_contact(user, layer=Layer.CLOSE, profile_url="https://www.linkedin.com/in/ada")
    make_job_change(ada, "Acme", "Initech", old_position="Engineer", new_position="CTO")
    grace = make_contact(user, first_name="Grace", last_name="Hopper")
    make_job_change(grace, "Navy", "Univac", new_position="")
    Review.start(user)
    sign_in(page, live_server, user, go_to=None)
    page.goto(live_server.url + "/")
    screenshot(page, "dashboard-job-changes")

    page.goto(live_server.url + "/review/")
    for title in ("Triage invitations", "Withdraw stale sent invitations", "Congratulate"):
        htmx_settled(page)
        page.keyboard.press("n")
        page.get_by_role("heading", name=title).wait_for()
    expect(page.locator(".review-steps .current")).to_contain_text("Congratulate2")
    ada_row = page.locator(".congratulate li", has_text="Ada Lovelace")
    draft = ada_row.get_by_role("textbox")
    expect(draft).to_have_value("Congratulations on your new role as CTO at Initech, Ada!")
    draft.fill("Congratulations on the new role, Ada! Initech is lucky.")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    ada_row.get_by_role("button", name="Copy").click()
    expect(ada_row.get_by_role("button", name="Copied ✓")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == draft.input_value()
    screenshot(page, "review-congratulate")
    expect(ada_row.get_by_role("button", name="Copy", exact=True)).to_be_visible()  # after 2 s

    ada_row.get_by_role("button", name="I wrote").click()
    ada_row.wait_for(state="detached")
    expect(page.locator(".review-steps .current")).to_contain_text("Congratulate1")
    expect(page.locator(".congratulate li")).to_have_count(1)
    expect(page.get_by_text("Congratulations on your new role at Univac, Grace!")).to_be_visible()
    screenshot(page, "review-congratulate-after")

    written = ada.interactions.get()
    assert (written.kind, written.direction) == ("linkedin", "from_me")
    assert written.summary == "Congratulations on the new role, Ada! Initech is lucky."


def test_the_dashboard_reads_on_a_phone(live_server, phone_page):
    user = make_user()
    craft_network(user)
    sign_in(phone_page, live_server, user, go_to=None)

    phone_page.goto(live_server.url + "/")

    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone_page.get_by_text("at risk").is_visible()
    screenshot(phone_page, "dashboard-phone")
    phone_page.goto(live_server.url + "/review/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_job_changes_read_on_a_phone(live_server, phone_page):
    user = make_user()
    ada = make_contact(user, layer=Layer.CORE, first_name="Adalberta", last_name="Lovelace-Byron")
    make_job_change(
        ada,
        "Analytical Engines International",
        "Initech Worldwide Holdings",
        old_position="Senior Principal Staff Engineer, Platform",
        new_position="Chief Technology Officer",
    )
    make_job_change(make_contact(user, first_name="Grace"), "Analytical Engines International")
    Review.start(user).go_to(4)
    sign_in(phone_page, live_server, user, go_to=None)

    for name, path in [
        ("dashboard-job-changes-phone", "/"),
        ("review-congratulate-phone", "/review/"),
        ("company-leavers-phone", "/companies/analytical engines international/"),
        ("people-changed-jobs-phone", "/people/?changed_since=2026-01-01"),
    ]:
        phone_page.goto(live_server.url + path)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390, path
        screenshot(phone_page, name)
    expect(phone_page.get_by_label("Changed jobs since")).to_be_visible()  # a filter is set
    expect(phone_page.get_by_label("Changed jobs since")).to_have_value("2026-01-01")
