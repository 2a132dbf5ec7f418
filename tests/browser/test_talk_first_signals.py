"""The closed loops of triage in a real browser, in English and French: netcoach's ticks that
the suggestion follows live, responsiveness among the signals, and talk first settled by the
answers (the list, the weekly review, the person's page). Screenshots: test-artifacts/loops-*."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import Preferences
from invitations.models import AcceptanceRule, Decision, Invitation
from tests.browser.conftest import htmx_settled, screenshot, sign_in
from tests.factories import make_contact, make_interaction, make_invitation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ago(days):
    return timezone.now() - timedelta(days=days)


def grace_invites(user):
    """Grace wrote the user a recommendation, answers most messages, and her note names one of
    the user's focus keywords: netcoach ticks Pertinence and Prescription."""
    rule = AcceptanceRule.for_user(user)
    rule.focus_keywords = "python, data engineering"
    rule.save()
    grace = make_contact(user, "Grace", "Hopper", profile_url="https://www.linkedin.com/in/grace")
    make_interaction(grace, kind="recommendation", direction="to_me", summary="A great lead.")
    for sent, answered in ((40, 38), (20, 19), (9, None)):
        make_interaction(grace, kind="linkedin", direction="from_me", occurred_at=ago(sent))
        if answered:
            make_interaction(grace, kind="linkedin", direction="to_me", occurred_at=ago(answered))
    make_invitation(
        user,
        name="Grace Hopper",
        profile_url=grace.profile_url,
        message="Fellow Python person, let's connect.",
        sent_at=ago(2),
    )


def test_netcoachs_ticks_feed_the_suggestion_live(live_server, page):
    user = make_user()
    grace_invites(user)
    sign_in(page, live_server, user, go_to=None)
    page.goto(live_server.url + "/invitations/")
    page.locator("#person-name", has_text="Grace Hopper").wait_for()
    htmx_settled(page)

    expect(page.locator(".responsiveness")).to_contain_text(
        "Answers 2 of your 3 messages, usually within 2 days"
    )
    expect(page.locator("label.toggle.auto-ticked")).to_have_count(2)
    expect(page.locator("[data-met]")).to_have_text("2")
    expect(page.locator("[data-suggestion]")).to_have_text("Accept")
    screenshot(page, "loops-triage-ticked-desktop")

    # Unticking netcoach's Pertinence (key 1) turns the suggestion; ticking it back restores it.
    page.keyboard.press("1")
    expect(page.locator("[data-met]")).to_have_text("1")
    expect(page.locator("[data-suggestion]")).to_have_text("Ignore")
    screenshot(page, "loops-triage-unticked-desktop")
    page.keyboard.press("1")
    expect(page.locator("[data-suggestion]")).to_have_text("Accept")
    page.keyboard.press("Enter")
    page.locator(".toast", has_text="Grace Hopper").wait_for()

    grace = Invitation.objects.get(owner=user, name="Grace Hopper")
    assert grace.decision == Decision.ACCEPT
    assert sorted(grace.auto_ticked) == ["Pertinence", "Prescription"]


def test_key_zero_toggles_the_tenth_criterion(live_server, page):
    user = make_user()
    rule = AcceptanceRule.for_user(user)
    for i in range(6):
        rule.add_criterion(f"Extra {i + 5}")
    make_invitation(user, name="Ada Lovelace")
    sign_in(page, live_server, user, go_to=None)
    page.goto(live_server.url + "/invitations/")
    page.locator("#person-name", has_text="Ada Lovelace").wait_for()

    page.keyboard.press("0")

    expect(page.locator('[data-toggle-key="0"]')).to_be_checked()
    expect(page.locator("[data-met]")).to_have_text("1")
    page.locator("details.shortcuts > summary").click()
    expect(page.locator(".shortcut-sheet")).to_contain_text("Toggle a criterion (0: the tenth)")


def talk_first_people(user):
    """Ana answered after her invitation; Bo stayed silent for 20 days; Cy was asked 3 days ago."""
    rule = AcceptanceRule.for_user(user)
    ana = make_contact(user, "Ana", "Silva", profile_url="https://www.linkedin.com/in/ana-silva")
    cases = [("Ana Silva", ana.profile_url, 6), ("Bo Quiet", "", 20), ("Cy Recent", "", 3)]
    for name, url, days in cases:
        invitation = make_invitation(user, name=name, profile_url=url, sent_at=ago(days + 1))
        invitation.decide(Decision.TALK_FIRST, rule=rule, reason="no note")
        Invitation.objects.filter(pk=invitation.pk).update(decided_at=ago(days))
    make_interaction(
        ana,
        kind="linkedin",
        direction="both",
        source="imported",
        summary="Me: What made you want to connect?\nThem: We met at PyCon, about your talk.",
        occurred_at=ago(4),
    )
    return ana


@pytest.mark.parametrize("language", ["en", "fr"])
def test_talk_first_settles_with_one_click(live_server, page, language):
    user = make_user()
    Preferences.objects.filter(owner=user).update(language=language)
    talk_first_people(user)
    sign_in(page, live_server, user, go_to=None)

    page.goto(live_server.url + "/invitations/talk-first/")
    words = {
        "en": ("1 answered: accept?", "Accept (suggested)", "Ignore (suggested)"),
        "fr": ("1 a répondu : accepter ?", "Accepter (suggéré)", "Ignorer (suggéré)"),
    }[language]
    expect(page.locator("#group-answered")).to_have_text(words[0])
    screenshot(page, f"loops-talk-first-{language}-desktop")
    ana = page.locator("section.talk-item", has_text="Ana Silva")
    ana.get_by_role("button", name=words[1]).click()
    page.wait_for_url("**/invitations/talk-first/")
    expect(page.locator("section.talk-item", has_text="Ana Silva")).to_have_count(0)
    bo = page.locator("section.talk-item", has_text="Bo Quiet")
    bo.get_by_role("button", name=words[2]).click()
    page.wait_for_url("**/invitations/talk-first/")
    expect(page.locator("section.talk-item")).to_have_count(1)

    decisions = dict(Invitation.objects.filter(owner=user).values_list("name", "decision"))
    assert decisions == {"Ana Silva": "accept", "Bo Quiet": "ignore", "Cy Recent": "talk_first"}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_weekly_review_settles_talk_first(live_server, page, phone_page, language):
    user = make_user()
    Preferences.objects.filter(owner=user).update(language=language)
    talk_first_people(user)
    sign_in(page, live_server, user, go_to=None)
    page.goto(live_server.url + "/review/")
    page.locator("form[action='/review/start/'] button").click()
    page.locator("button.step", has_text="2").first.click()
    htmx_settled(page)
    listed = page.locator(".talk-first-settled li")
    expect(listed).to_have_count(2)
    screenshot(page, f"loops-review-talk-first-{language}-desktop")

    suggested = listed.filter(has_text="Bo Quiet").locator("button.suggested")
    suggested.click()
    htmx_settled(page)
    expect(page.locator(".talk-first-settled li")).to_have_count(1)
    assert Invitation.objects.get(owner=user, name="Bo Quiet").decision == Decision.IGNORE

    sign_in(phone_page, live_server, user, go_to=None)
    phone_page.goto(live_server.url + "/review/")
    expect(phone_page.locator(".talk-first-settled li")).to_have_count(1)
    screenshot(phone_page, f"loops-review-talk-first-{language}-phone")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_persons_page_shows_the_answer(live_server, page, language):
    user = make_user()
    Preferences.objects.filter(owner=user).update(language=language)
    ana = talk_first_people(user)
    sign_in(page, live_server, user, go_to=None)
    page.goto(live_server.url + ana.get_absolute_url())

    entry = page.locator(".talk-first-answer")
    expect(entry).to_contain_text("Answered on" if language == "en" else "A répondu le")
    screenshot(page, f"loops-person-talk-first-{language}-desktop")
    entry.locator("button.suggested").click()
    page.wait_for_url("**" + ana.get_absolute_url())
    assert Invitation.objects.get(owner=user, name="Ana Silva").decision == Decision.ACCEPT


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_rule_page_says_what_netcoach_ticks(live_server, page, language):
    user = make_user()
    Preferences.objects.filter(owner=user).update(language=language)
    sign_in(page, live_server, user, go_to=None)
    page.goto(live_server.url + "/invitations/rule/")
    label = "Ticked by netcoach when" if language == "en" else "Coché par netcoach quand"
    utility = page.locator("li.criterion").nth(3).get_by_label(label)
    utility.select_option("known")
    page.locator("li.criterion").nth(3).get_by_role("button").first.click()
    page.wait_for_url("**/invitations/rule/")
    expect(page.locator("li.criterion").nth(3).get_by_label(label)).to_have_value("known")
    screenshot(page, f"loops-rule-signals-{language}-desktop")


def test_the_triage_signals_in_french(live_server, page, phone_page):
    user = make_user()
    Preferences.objects.filter(owner=user).update(language="fr")
    grace_invites(user)
    for tab in (page, phone_page):
        sign_in(tab, live_server, user, go_to=None)
        tab.goto(live_server.url + "/invitations/")
        tab.locator("#person-name", has_text="Grace Hopper").wait_for()
        expect(tab.locator(".responsiveness")).to_contain_text("Répond à 2 de vos 3 messages")
        expect(tab.locator(".ticked-by").first).to_have_text("coché par netcoach")
    screenshot(page, "loops-triage-ticked-fr-desktop")
    screenshot(phone_page, "loops-triage-ticked-fr-phone")
