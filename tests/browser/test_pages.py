"""Pages that finish the job, in a browser: the sent tracker by keyboard, a draft for someone
without a profile address, the settings; each looked at on a desktop and a phone."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import Contact, Preferences
from invitations.models import Invitation
from tests.browser.conftest import screenshot, sign_in
from tests.factories import make_contact, make_interaction, make_invitation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def sent_invitations(user):
    """Four pending (two stale), three accepted."""
    now = timezone.now()
    for i, (name, days, status) in enumerate(
        [
            ("Margaret Hamilton", 2, "pending"),
            ("Barbara Liskov", 5, "pending"),
            ("Frances Allen", 26, "pending"),
            ("Radia Perlman", 40, "pending"),
            ("Karen Spärck Jones", 10, "accepted"),
            ("Sophie Wilson", 33, "accepted"),
            ("Hedy Lamarr", 60, "accepted"),
        ]
    ):
        make_invitation(
            user,
            name=name,
            direction="outgoing",
            status=status,
            message="We met at PyCon" if i % 2 else "",
            profile_url=f"https://www.linkedin.com/in/person-{i}",
            sent_at=now - timedelta(days=days),
        )


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_sent_tracker_filters_and_records_withdrawals_by_keyboard(
    live_server, page, phone_page, size
):
    page = page if size == "desktop" else phone_page
    user = make_user()
    sent_invitations(user)
    sign_in(page, live_server, go_to="/invitations/sent/")

    filters = page.get_by_role("navigation", name="Show sent invitations")
    expect(filters.get_by_role("link", name="Pending 4")).to_have_attribute("aria-current", "page")
    expect(filters.get_by_role("link", name="Stale 2")).to_be_visible()
    expect(filters.get_by_role("link", name="Accepted 3")).to_be_visible()
    expect(page.get_by_role("navigation", name="Invitations", exact=True)).to_contain_text("Sent 4")
    expect(page.locator("table.sent-table tbody tr")).to_have_count(4)

    # j / k move the cursor, x ticks: the first and the third pending invitation.
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("x")
    expect(page.get_by_role("button", name="I withdrew these (2)")).to_be_visible()
    expect(page.locator("tr.selected")).to_have_count(2)
    assert fits(page)
    screenshot(page, f"sent-tracker-{size}")

    page.get_by_role("button", name="I withdrew these (2)").click()
    page.wait_for_url("**/invitations/sent/?show=pending")
    expect(page.get_by_role("status")).to_contain_text(
        "Recorded: you withdrew 2 invitations (Margaret Hamilton and Frances Allen)."
    )
    expect(filters.get_by_role("link", name="Pending 2")).to_be_visible()
    expect(page.get_by_role("navigation", name="Invitations", exact=True)).to_contain_text("Sent 2")
    withdrawn = Invitation.objects.filter(status="withdrawn").values_list("name", flat=True)
    assert sorted(withdrawn) == ["Frances Allen", "Margaret Hamilton"]

    # The stale one left, ticked with the box at the top; one row's own button still works.
    filters.get_by_role("link", name="Stale 1").click()
    expect(page.locator("table.sent-table tbody tr")).to_have_count(1)
    expect(page.locator("table.sent-table tbody")).to_contain_text("Radia Perlman")
    screenshot(page, f"sent-tracker-stale-{size}")
    page.get_by_role("button", name=re.compile(r"^I withdrew it\W+Radia Perlman$")).click()
    expect(page.get_by_role("status")).to_contain_text("you withdrew your invitation to Radia")
    assert Invitation.objects.filter(status="pending").count() == 1


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_draft_for_someone_without_a_profile_finds_and_keeps_it(
    live_server, page, phone_page, size
):
    page = page if size == "desktop" else phone_page
    user = make_user()
    linus = make_contact(user, first_name="Linus", last_name="Torvalds", company="Linux Foundation")
    make_interaction(linus, place="Open Source Summit")
    make_contact(user, first_name="Other", last_name="Linus", profile_url="linkedin.com/in/taken")
    sign_in(page, live_server, go_to=f"/people/{linus.pk}/")

    page.get_by_role("link", name="Draft a LinkedIn invitation").click()
    search = page.get_by_role("link", name="Search LinkedIn for “Linus Torvalds” ↗")
    expect(search).to_have_attribute(
        "href", "https://www.linkedin.com/search/results/people/?keywords=Linus+Torvalds"
    )
    expect(search).to_have_attribute("target", "_blank")
    page.locator("#invitation-text").fill("Hi Linus, great to meet you at the summit.")
    field = page.get_by_label("Their LinkedIn profile address")

    field.fill("https://www.linkedin.com/in/taken/")
    page.get_by_role("button", name="Save the profile").click()
    expect(page.locator("#invite")).to_contain_text("Other Linus already has this profile.")
    expect(page.locator("#invitation-text")).to_have_value(
        "Hi Linus, great to meet you at the summit."
    )
    assert fits(page)
    screenshot(page, f"invitation-draft-without-profile-{size}")

    page.get_by_label("Their LinkedIn profile address").fill("linkedin.com/in/torvalds")
    page.get_by_role("button", name="Save the profile").click()
    expect(page.locator("#invite")).to_contain_text("Saved their profile")
    expect(page.get_by_role("link", name="Open their profile ↗")).to_have_attribute(
        "href", "https://www.linkedin.com/in/torvalds"
    )
    expect(page.locator("#invitation-text")).to_have_value(
        "Hi Linus, great to meet you at the summit."
    )
    assert Contact.objects.get(pk=linus.pk).profile_key == "torvalds"
    screenshot(page, f"invitation-draft-profile-saved-{size}")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_settings_are_grouped_checked_and_reset(live_server, page, phone_page, size):
    page = page if size == "desktop" else phone_page
    user = make_user(is_staff=True, is_superuser=True)
    prefs = Preferences.objects.get(owner=user)
    prefs.cadence_close = 45
    prefs.save()
    sign_in(page, live_server, go_to="/settings/")

    expect(page.get_by_role("group", name="Cadences")).to_contain_text("about monthly")
    expect(page.get_by_role("link", name="Administration")).to_be_visible()
    assert fits(page)
    screenshot(page, f"settings-{size}")

    page.get_by_label("Core cadence (days)").fill("0")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Choose a number between 1 and 3650.")).to_be_visible()
    assert Preferences.objects.get(owner=user).cadence_core == 7

    page.get_by_role("link", name="Reset to the defaults…").click()
    expect(page.locator("tbody")).to_contain_text("Close cadence (days)")
    screenshot(page, f"settings-reset-{size}")
    page.get_by_role("button", name="Reset to the defaults").click()
    page.wait_for_url(re.compile(r"/settings/$"))
    expect(page.get_by_role("status")).to_contain_text("Close cadence (days) 45 → 30")
    assert Preferences.objects.get(owner=user).cadence_close == 30


def test_the_sign_in_page_tells_how_to_reset_a_forgotten_password(live_server, phone_page):
    make_user()
    phone_page.goto(live_server.url + "/login/")

    phone_page.get_by_text("Forgot your password?").click()
    expect(phone_page.locator(".command")).to_have_text(
        ".venv/bin/python manage.py changepassword USERNAME"
    )
    assert fits(phone_page)
    screenshot(phone_page, "sign-in-forgot-password-phone")
