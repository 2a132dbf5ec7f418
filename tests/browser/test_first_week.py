"""A first week, played in Chromium at phone and desktop sizes: set up, import, triage three
invitations, place someone from a suggestion that fits, and a weekly review to its end. (Logging
a coffee to the wrong person, moving it and undoing a review action: tests/browser/test_undo.py.)
"""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from contacts.models import Contact, Review
from invitations.models import Invitation
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_first_week(live_server, browser, size):
    viewport = {"width": 390, "height": 844} if size == "phone" else {"width": 1280, "height": 800}
    context = browser.new_context(viewport=viewport, is_mobile=size == "phone")
    page = context.new_page()
    page.set_default_timeout(15_000)

    # Set up.
    page.goto(live_server.url + "/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password", exact=True).fill("a long enough passphrase")
    page.get_by_label("Password confirmation").fill("a long enough passphrase")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(live_server.url + "/")
    user = get_user_model().objects.get()

    # Import (the sample: a made-up export of 500 people) and follow the summary's first step.
    page.get_by_role("button", name="Try it with sample data").click()
    page.wait_for_url(f"{live_server.url}/import/*/")
    waiting = Invitation.objects.filter(owner=user).to_triage().count()
    first_step = page.locator(".next-steps li").first
    expect(first_step).to_contain_text(f"Triage {waiting} invitations waiting")
    assert fits(page)
    summary = page.locator(
        ".import-summary table"
    ).first  # every column in sight, none scrolled away
    assert (
        summary.bounding_box()["width"] <= page.locator(".import-summary").bounding_box()["width"]
    )
    screenshot(page, f"first-week-import-{size}")
    first_step.get_by_role("link").click()
    page.wait_for_url(live_server.url + "/invitations/")
    page.wait_for_load_state("load")  # the keys are wired by the page's scripts

    # Triage three invitations: the confirmation and the next person in view after each.
    for key in ("a", "i", "l"):
        name = page.locator("#person-name").inner_text()
        page.keyboard.press(key)
        expect(page.locator(".toast")).to_contain_text(name)
        expect(page.locator("#person-name")).not_to_have_text(name)
        expect(page.locator("#person-name")).to_be_in_viewport()
    expect(page.locator("#nav-triage-count")).to_contain_text(str(waiting - 3))
    assert fits(page)
    screenshot(page, f"first-week-triage-{size}")
    assert Invitation.objects.filter(owner=user).to_triage().count() == waiting - 3

    # Place someone from a suggestion that fits their history.
    page.goto(live_server.url + "/")
    suggestions = page.locator(".suggestions")
    expect(suggestions).to_contain_text("fits")
    move = suggestions.get_by_role("button", name="Move to").first
    move.click()
    expect(suggestions).to_contain_text("is now in")
    expect(page.locator("#budget")).to_contain_text("149 free")  # the budget follows, in place
    assert Contact.objects.filter(owner=user, layer__isnull=False).count() == 1
    assert fits(page)
    screenshot(page, f"first-week-placed-{size}")

    # The first weekly review, step by step to its end.
    page.goto(live_server.url + "/review/")
    page.get_by_role("button", name="Start the review").click()
    page.wait_for_url(live_server.url + "/review/")
    finish = page.get_by_role("button", name="Finish the review")
    while not finish.is_visible():
        step = page.locator("#step-title").inner_text()
        page.get_by_role("button", name="Next step").click()
        expect(page.locator("#step-title")).not_to_have_text(step)
        assert fits(page), step
    screenshot(page, f"first-week-review-summary-{size}")
    finish.click()
    page.wait_for_url(live_server.url + "/")
    expect(page.get_by_text("Weekly review done. See you next week.")).to_be_visible()
    expect(page.get_by_role("link", name="This week's review is done")).to_be_visible()
    assert Review.objects.get(owner=user).finished_at is not None
    screenshot(page, f"first-week-dashboard-{size}")
    context.close()
