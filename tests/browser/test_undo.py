"""Mistakes that can be undone, in Chromium at phone and desktop widths: a coffee logged to the
wrong Tomasz is moved to the right one in its edit form, and a review's "I wrote" is undone."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import Interaction, Note, Review
from contacts.relationships import Layer
from tests.browser.conftest import htmx_settled, screenshot, sign_in
from tests.factories import make_contact, make_layered, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WHO = "Type a name, company or position…"


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_coffee_moved_to_the_right_person_and_a_review_action_undone(live_server, request, size):
    page = request.getfixturevalue("phone_page" if size == "phone" else "page")
    user = make_user()
    wrong = make_contact(user, first_name="Tomasz", last_name="Kowalski", company="Acme")
    right = make_contact(user, first_name="Tomasz", last_name="Lewandowski", company="Initech")
    today = timezone.localdate()
    ana = make_layered(user, Layer.CLOSE, 50, today=today, first_name="Ana", last_name="Lima")
    make_layered(user, Layer.REGULAR, 400, today=today, first_name="Bo", last_name="Berg")
    sign_in(page, live_server, user, go_to=None)

    # A coffee logged from the meeting form, to the wrong Tomasz.
    page.goto(live_server.url + "/meetings/new/")
    page.get_by_placeholder(WHO).press_sequentially("tomasz", delay=30)
    htmx_settled(page)  # the answer to "tomasz", not one for "toma" replaced while clicked
    page.locator("#search-results .result", has_text="Kowalski").click()
    expect(page.locator("#chosen")).to_contain_text("Tomasz Kowalski")
    page.get_by_label("Where / event").fill("Café Nero")
    page.get_by_label("Notes").fill("Wants the pricing deck.")
    page.get_by_label("Follow up on").fill("2030-01-15")
    page.get_by_role("button", name="Save the meeting").click()
    page.wait_for_url(re.compile(rf"/people/{wrong.pk}/\?met=1$"))
    expect(page.get_by_text("Meeting logged with Tomasz Kowalski.")).to_be_visible()

    # Its edit form has who was there and what was typed: move it to the right Tomasz.
    page.locator(".entry-interaction").get_by_role("link", name="Edit").click()
    page.wait_for_url(re.compile(r"/interactions/\d+/edit/$"))
    expect(page.get_by_label("Notes")).to_have_value("Wants the pricing deck.")
    expect(page.get_by_label("Follow up on")).to_have_value("2030-01-15")
    page.locator("#chosen").get_by_text("Tomasz Kowalski").click()  # unticks: out of the meeting
    expect(page.locator("#chosen")).not_to_contain_text("Kowalski")
    page.get_by_placeholder(WHO).press_sequentially("lewan", delay=30)
    expect(page.locator("#search-results")).to_contain_text("Tomasz Lewandowski")
    page.get_by_placeholder(WHO).press("Enter")
    expect(page.locator("#chosen")).to_contain_text("Tomasz Lewandowski")
    assert fits(page)
    screenshot(page, f"undo-edit-meeting-{size}")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(rf"/people/{right.pk}/$"))
    expect(page.get_by_text("Moved: the meeting with Tomasz Lewandowski.")).to_be_visible()
    expect(page.locator(".follow-ups")).to_contain_text("Wants the pricing deck.")
    screenshot(page, f"undo-moved-meeting-{size}")
    assert right.interactions.get().place == "Café Nero"
    assert not wrong.interactions.exists() and not wrong.notes.exists()
    assert Note.objects.get().contact == right

    # The person page logs with the same form, the person picked; "Who wrote" is for an email.
    page.get_by_text("Log a call, message or meeting").click()
    form = page.locator(".log-interaction form")
    expect(form.locator("#chosen")).to_contain_text("Tomasz Lewandowski")
    expect(form.get_by_label("In person")).to_be_checked()
    expect(form.get_by_text("Who wrote")).to_be_hidden()
    form.get_by_label("Email").check()
    expect(form.get_by_text("Who wrote")).to_be_visible()
    assert fits(page)
    screenshot(page, f"undo-person-form-{size}")

    # The review: "I wrote" says what it did, and Undo puts it back.
    page.goto(live_server.url + "/review/")
    page.get_by_role("button", name="Start the review").click()
    page.wait_for_url(live_server.url + "/review/")
    Review.objects.filter(owner=user).update(step=5)
    page.reload()
    rows = page.locator(".people-list li .name")
    expect(rows).to_have_text(["Ana Lima", "Bo Berg"])
    page.locator(".people-list li", has_text="Ana Lima").get_by_role(
        "button", name="I wrote"
    ).click()
    toast = page.get_by_role("status").locator(".message.undoable")
    expect(toast).to_contain_text("Logged: you wrote to Ana Lima.")
    expect(rows).to_have_text(["Bo Berg", "Ana Lima"])
    assert ana.interactions.filter(kind="email", direction="from_me").count() == 1
    assert (
        toast.bounding_box()["y"] + toast.bounding_box()["height"] <= page.viewport_size["height"]
    )  # in view, at the bottom
    assert fits(page)
    screenshot(page, f"undo-review-wrote-{size}")

    toast.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Undone: the email to Ana Lima is no longer logged."
    )
    expect(rows).to_have_text(["Ana Lima", "Bo Berg"])
    assert not Interaction.objects.filter(kind="email").exists()
    screenshot(page, f"undo-review-undone-{size}")
