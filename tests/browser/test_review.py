"""A weekly review end to end in Chromium, and the dashboard on desktop and phone widths."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from contacts.models import Contact, Note, Review
from tests.browser.conftest import screenshot
from tests.conftest import make_user
from tests.contacts.test_dashboard import craft_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_a_weekly_review_end_to_end(live_server, page):
    user = make_user()
    people = craft_network(user)
    sign_in(page, live_server, user)

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
    page.keyboard.press("n")
    page.get_by_role("heading", name="Withdraw stale sent invitations").wait_for()
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


def test_the_dashboard_reads_on_a_phone(live_server, phone_page):
    user = make_user()
    craft_network(user)
    sign_in(phone_page, live_server, user)

    phone_page.goto(live_server.url + "/")

    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone_page.get_by_text("at risk").is_visible()
    screenshot(phone_page, "dashboard-phone")
    phone_page.goto(live_server.url + "/review/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
