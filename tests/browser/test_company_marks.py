"""Companies you care about, in a browser: marking in one click (htmx), the filter, a target's
page, the dashboard after a newer export moved connections into the target, the triage's
competitor signal; in English, in French, and on a phone."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts import normalize
from contacts.models import CompanyMark, Contact, Preferences
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.sample import build_sample_export
from tests.browser.conftest import htmx_settled, screenshot
from tests.browser.test_people import fits, sign_in
from tests.factories import make_contact, make_interaction, make_invitation, make_user
from tests.netcoach.test_target_moves import SMALL, companies_by_profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def most_joined_company(older, newer) -> str:
    """The company the newer export moves the most connections into."""
    before, after = companies_by_profile(older), companies_by_profile(newer)
    moved = [after[u] for u in before if u in after and before[u] != after[u]]
    return max(sorted(set(moved)), key=moved.count)


def link_someone_to(user, company_key):
    """Someone outside the company who introduced the user to a person there."""
    insider = Contact.objects.filter(owner=user, company_key=company_key).first()
    introducer = make_contact(user, first_name="Ines", last_name="Duval", company="Freelance")
    insider.introduced_by = introducer
    insider.save()


def test_a_target_marked_in_one_click_then_a_newer_export_moves_people_into_it(live_server, page):
    user = make_user()
    older, newer = build_sample_export(**SMALL), build_sample_export(**SMALL, newer=True)
    target = most_joined_company(older, newer)
    key = normalize.company_key(target)
    import_file(older, "export.zip", user)
    link_someone_to(user, key)
    sign_in(page, live_server)

    page.goto(live_server.url + "/companies/?q=" + key.split()[0])
    htmx_settled(page)
    row = page.locator("#company-list li").filter(has_text=target.split(",")[0]).first
    row.get_by_role("button", name="Target").click()
    htmx_settled(page)
    pressed = row.get_by_role("button", name="Target")
    expect(pressed).to_have_attribute("aria-pressed", "true")
    # The focus comes back to it once app.js follows `data-autofocus` (the accessibility work).
    expect(pressed).to_have_attribute("data-autofocus", "")
    assert CompanyMark.objects.get(owner=user).kind == "target"
    row.get_by_role("button", name="Competitor").click()
    htmx_settled(page)
    expect(row.get_by_role("button", name="Competitor")).to_have_attribute("aria-pressed", "true")
    expect(row.locator('[aria-pressed="true"]')).to_have_count(1)
    row.get_by_role("button", name="Target").click()
    htmx_settled(page)
    screenshot(page, "companies-marked")

    page.get_by_role("navigation", name="Companies by mark").get_by_role(
        "link", name="Target"
    ).click()
    expect(page.locator("#company-list li")).to_have_count(1)
    page.locator("#company-list li a").first.click()
    page.wait_for_url(re.compile(r"/companies/[^/]+/$"))
    expect(page.get_by_role("heading", name="Who knows someone there")).to_be_visible()
    expect(page.locator(".ties")).to_contain_text("Ines Duval")
    screenshot(page, "company-target")

    import_file(newer, "newer.zip", user)
    page.goto(live_server.url + "/")
    panel = page.locator(".target-moves")
    expect(panel.get_by_role("heading", name="Moved to a target company")).to_be_visible()
    movers = Contact.objects.filter(owner=user, company_key=key, job_changes__isnull=False)
    expect(panel.locator("li").first).to_contain_text("Now")
    assert panel.locator("li").count() == min(10, movers.distinct().count())
    panel.scroll_into_view_if_needed()
    screenshot(page, "dashboard-target-moves", full_page=False)

    page.goto(live_server.url + "/people/?mark=target")
    expect(page.locator("#people-list")).to_contain_text(
        f"{Contact.objects.filter(owner=user, company_key=key).count()} people match"
    )


def test_the_marks_in_french_on_the_companies_the_company_the_dashboard_and_the_triage(
    live_server, page
):
    user = make_user()
    Preferences.objects.filter(owner=user).update(language="fr")
    older, newer = build_sample_export(**SMALL), build_sample_export(**SMALL, newer=True)
    target = most_joined_company(older, newer)
    key = normalize.company_key(target)
    import_file(older, "export.zip", user)
    link_someone_to(user, key)
    CompanyMark.mark(user, target, "target")
    CompanyMark.mark(user, "Globex", "competitor")
    CompanyMark.mark(user, "Initech", "client")
    import_file(newer, "newer.zip", user)
    insider = Contact.objects.filter(owner=user, company_key=key).first()
    met = make_interaction(insider, kind="met")
    other = make_interaction(make_contact(user, first_name="Hugo", last_name="Petit"), kind="met")
    other.meeting_key = met.meeting_key = "lunch"
    met.save()
    other.save()
    # The oldest invitation, first in the queue.
    make_invitation(
        user,
        name="Zoé Martin",
        headline="Directrice commerciale chez Globex",
        sent_at=timezone.now() - timedelta(days=3650),
    )
    sign_in(page, live_server)

    page.goto(live_server.url + "/companies/")
    expect(page.get_by_role("heading", name="Entreprises", exact=True)).to_be_visible()
    expect(page.locator('#company-list [aria-pressed="true"]')).not_to_have_count(0)
    screenshot(page, "companies-marked-fr")
    page.goto(live_server.url + f"/companies/{key}/")
    expect(page.get_by_role("heading", name="Qui y connaît quelqu’un")).to_be_visible()
    expect(page.locator(".ties")).to_contain_text("était avec vous et")
    expect(page.get_by_role("button", name="Cible")).to_have_attribute("aria-pressed", "true")
    screenshot(page, "company-target-fr")
    page.goto(live_server.url + "/")
    panel = page.locator(".target-moves")
    expect(panel.get_by_role("heading", name="Arrivés dans une entreprise cible")).to_be_visible()
    panel.scroll_into_view_if_needed()
    screenshot(page, "dashboard-target-moves-fr", full_page=False)
    page.goto(live_server.url + "/invitations/")
    expect(page.locator(".signal.warn")).to_contain_text("Travaille chez un concurrent")
    screenshot(page, "triage-competitor-fr")


def test_the_marked_companies_fit_a_phone(live_server, phone_page):
    user = make_user()
    for i, name in enumerate(["Société Générale de Conseil", "Acme", "Blue Harbor Capital"]):
        make_contact(user, first_name=f"P{i}", company=name)
    CompanyMark.mark(user, "Société Générale de Conseil", "partner")
    make_invitation(user, headline="CTO at Acme")
    CompanyMark.mark(user, "Acme", "competitor")
    page = phone_page
    sign_in(page, live_server)

    page.goto(live_server.url + "/companies/")
    expect(page.locator("#company-list li")).to_have_count(3)
    assert fits(page)
    screenshot(page, "companies-marked-phone")
    page.goto(live_server.url + "/invitations/")
    expect(page.locator(".signal.warn")).to_contain_text("Works at a competitor")
    assert fits(page)
    screenshot(page, "triage-competitor-phone")
