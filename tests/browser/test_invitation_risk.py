"""The restriction risk and the own-profile checklist in a browser, on a real-shaped archive:
the Sent page's risk and acceptance test, the warning before recording, the dashboard's
checklist; in English and in French, on a desktop and a phone."""

import re

import pytest
from playwright.sync_api import expect

from contacts.models import Preferences
from invitations.models import Invitation
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.sample import build_sample_export
from tests.browser.conftest import ARTIFACTS, htmx_settled, screenshot, sign_in
from tests.factories import make_contact, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL = {"connections": 120, "messages": 300, "invitations": 80}


def in_french(user):
    Preferences.objects.filter(owner=user).update(language="fr")


def section_shot(locator, name):
    """A screenshot of one section: the Sent page runs to 200 rows."""
    ARTIFACTS.mkdir(exist_ok=True)
    locator.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def nothing_focusable_in_the_chart(page):
    return page.evaluate(
        "() => document.querySelectorAll('svg.chart.rates a, svg.chart.rates button,"
        " svg.chart.rates [tabindex]').length === 0"
    )


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_sent_page_measures_the_risk_and_withdraws_the_oldest(
    live_server, page, phone_page, size
):
    page = page if size == "desktop" else phone_page
    user = make_user()
    import_file(build_sample_export(**SMALL), "Basic_LinkedInDataExport.zip", user)
    risky = list(Invitation.objects.filter(owner=user).at_risk())
    assert risky, "the sample has pending invitations without a note to strangers"
    sign_in(page, live_server)

    page.goto(live_server.url + "/invitations/sent/")
    risk = page.locator("#risk")
    expect(risk).to_contain_text(f"{len(risky)} of 5")
    expect(risk.locator("li").first).to_contain_text(risky[0].name)
    chart = page.locator("svg.chart.rates")
    expect(chart).to_have_attribute("role", "img")
    expect(chart).to_have_attribute("aria-label", re.compile(r"^With a note: .*% accepted, of"))
    assert nothing_focusable_in_the_chart(page)
    expect(page.locator("table.rates-table tbody tr")).to_have_count(4)
    assert fits(page)
    screenshot(page, f"invitation-risk-sent-{size}", full_page=False)
    section_shot(page.locator("#acceptance"), f"invitation-risk-acceptance-{size}")

    risk.get_by_role("button", name=re.compile(rf"^I withdrew it\W+{risky[0].name}$")).click()
    expect(page.get_by_role("status")).to_contain_text(
        f"you withdrew your invitation to {risky[0].name}"
    )
    expect(page.locator("#risk")).to_contain_text(f"{len(risky) - 1} of 5")

    in_french(user)
    page.goto(live_server.url + "/invitations/sent/")
    expect(page.locator("#risk")).to_contain_text("Risque de restriction")
    expect(page.locator("#acceptance")).to_contain_text("Vérifiez par vous-même")
    expect(page.locator("svg.chart.rates")).to_have_attribute(
        "aria-label", re.compile(r"^Avec une note\u00a0: .*\u00a0% acceptées, sur")
    )
    assert fits(page)
    screenshot(page, f"invitation-risk-sent-fr-{size}", full_page=False)
    section_shot(page.locator("#acceptance"), f"invitation-risk-acceptance-fr-{size}")


def test_recording_a_risky_invitation_by_hand_warns_first(live_server, page):
    user = make_user()
    sign_in(page, live_server)

    page.goto(live_server.url + "/invitations/new/")
    page.get_by_label("Sent", exact=True).check()
    page.get_by_label("Name").fill("Grace Hopper")
    page.get_by_role("button", name="Record it").click()

    warning = page.locator("#risk-warning")
    expect(warning).to_contain_text("Without a note, this invitation to Grace Hopper adds")
    expect(page.get_by_label("Personal note")).to_have_value(
        "Hi Grace, I would like to connect because…"
    )
    assert not Invitation.objects.exists()
    screenshot(page, "invitation-risk-record")

    page.get_by_role("button", name="Record it without a note").click()
    page.wait_for_url("**/invitations/sent/")
    expect(page.locator("#risk")).to_contain_text("1 of 5")
    assert Invitation.objects.get(owner=user).message == ""

    in_french(user)
    page.goto(live_server.url + "/invitations/new/")
    page.get_by_label("Envoyée", exact=True).check()
    page.get_by_label("Nom").fill("Ada Lovelace")
    page.get_by_role("button", name="La noter").click()
    expect(page.locator("#risk-warning")).to_contain_text("augmente votre risque de restriction")
    expect(page.locator("#risk-warning")).to_contain_text("1 invitation de ce genre")
    screenshot(page, "invitation-risk-record-fr")
    page.get_by_role("button", name="L’enregistrer avec cette note").click()
    page.wait_for_url("**/invitations/sent/")
    assert Invitation.objects.get(name="Ada Lovelace").has_note


def test_the_persons_draft_emptied_warns_and_gives_the_note_back(live_server, page):
    user = make_user()
    ada = make_contact(user, "Ada", "Lovelace", profile_url="https://www.linkedin.com/in/ada")
    sign_in(page, live_server)

    page.goto(live_server.url + f"/people/{ada.pk}/")
    page.get_by_role("link", name="Draft a LinkedIn invitation").click()
    page.locator("#invitation-text").fill("")
    htmx_settled(page)
    page.get_by_role("button", name="I sent it", exact=True).click()
    htmx_settled(page)

    invite = page.locator("#invite")
    expect(invite).to_contain_text("Without a note, this invitation adds to your restriction risk.")
    expect(page.locator("#invitation-text")).to_have_value(re.compile(r"^Hi Ada,"))
    assert not Invitation.objects.exists()
    screenshot(page, "invitation-risk-draft")

    page.get_by_role("button", name="I sent it without a note").click()
    htmx_settled(page)
    expect(invite).to_contain_text("Invitation recorded")
    assert Invitation.objects.get(contact=ada).message == ""


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_dashboard_checklist_shows_until_dismissed(live_server, page, phone_page, size):
    page = page if size == "desktop" else phone_page
    user = make_user()
    import_file(
        build_sample_export(**SMALL, profile=("headline",)), "Basic_LinkedInDataExport.zip", user
    )
    sign_in(page, live_server)

    checklist = page.locator("#profile-checklist")
    expect(checklist).to_contain_text("Your own profile first")
    expect(checklist).to_contain_text("A headline: “Head of Product at Kiwi Analytics")
    expect(checklist).to_contain_text("No summary yet")
    expect(checklist).to_contain_text("Current position unknown")
    assert fits(page)
    screenshot(page, f"own-profile-checklist-{size}", full_page=False)

    in_french(user)
    page.reload()
    expect(checklist).to_contain_text("D’abord votre propre profil")
    expect(checklist).to_contain_text("Pas encore de résumé")
    assert fits(page)
    screenshot(page, f"own-profile-checklist-fr-{size}", full_page=False)

    checklist.get_by_role("button", name="C’est fait, masquer").click()
    htmx_settled(page)
    expect(page.locator("#profile-checklist")).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text("La liste de votre profil est masquée")
    page.reload()
    expect(page.locator("#profile-checklist")).to_have_count(0)
