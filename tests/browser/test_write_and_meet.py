"""The two loops in a browser, in English and in French: "Write to these" (a message with fields,
each person's copied as their profile opens, then "I wrote to them" and Undo) and "Talk online,
never met" (a coffee proposal copied, "We met", the review's step)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import Interaction, Preferences, Review
from tests.browser.conftest import htmx_settled, screenshot
from tests.browser.test_people import sign_in
from tests.factories import make_contact, make_interaction, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def days_ago(n):
    return timezone.now() - timedelta(days=n)


LINKEDIN = re.compile(r"https://www\.linkedin\.com/.*")


def offline_linkedin(page):
    """The profiles open on a page of our own: the tests never reach LinkedIn."""
    page.context.route(
        LINKEDIN,
        lambda route: route.fulfill(body="<title>Profile</title>", content_type="text/html"),
    )
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])


def speakers(user):
    people = []
    for first, last, company, position in [
        ("Ana", "Lima", "Acme", "CTO"),
        ("Ben", "Ode", "Initech", "Designer"),
        ("Chloé", "Martin", "Globex", ""),
    ]:
        person = make_contact(
            user,
            first_name=first,
            last_name=last,
            company=company,
            position=position,
            profile_url=f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}",
        )
        person.add_tag("conference")
        people.append(person)
    nobody = make_contact(user, first_name="Dan", last_name="Noprofile", company="Hooli")
    nobody.add_tag("conference")
    return people


def talking(user, name, times=1, **kwargs):
    person = make_contact(
        user,
        first_name=name,
        last_name="Talker",
        profile_url=f"https://www.linkedin.com/in/{name.lower()}-talker",
        **kwargs,
    )
    for n in range(times):
        make_interaction(person, kind="linkedin", direction="both", occurred_at=days_ago(5 + n))
    return person


def test_writing_to_the_people_of_a_tag_then_undoing_it(live_server, page):
    user = make_user()
    speakers(user)
    sign_in(page, live_server)
    offline_linkedin(page)

    page.goto(live_server.url + "/people/?tag=conference")
    page.get_by_role("link", name="Write to these").click()
    expect(page.get_by_role("heading", name="Write to these")).to_be_visible()
    message = page.get_by_label("Your message")
    htmx_settled(page)
    message.fill("Hi {first_name}, I speak on {topic} next week.")
    expect(page.locator("#write-previews")).to_contain_text("Unknown field {topic}")
    htmx_settled(page)
    message.fill("Hi {first_name}, I speak at the Lyon meetup next week: is {company} coming?")
    preview = page.locator("#write-previews textarea").first
    expect(preview).to_have_value("Hi Ana, I speak at the Lyon meetup next week: is Acme coming?")
    expect(page.locator("#write-previews")).to_contain_text("No LinkedIn profile known")
    screenshot(page, "write-en")

    with page.expect_popup() as popup:
        page.get_by_role("link", name="Copy and open their profile").first.click()
    assert popup.value.url == "https://www.linkedin.com/in/ana-lima"
    popup.value.close()
    expect(page.get_by_role("link", name="Copied ✓")).to_be_visible()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == "Hi Ana, I speak at the Lyon meetup next week: is Acme coming?"

    page.get_by_role("button", name="I wrote to them").click()
    page.wait_for_url(re.compile(r"/people/\?tag=conference$"))
    expect(page.locator("#flash")).to_contain_text("Logged: your message to 3 people")
    assert Interaction.objects.filter(owner=user, direction="from_me").count() == 3
    screenshot(page, "write-logged-en")

    page.locator("#flash").get_by_role("button", name="Undo").click()
    expect(page.locator("#flash")).to_contain_text("no longer logged")
    assert not Interaction.objects.filter(owner=user, direction="from_me").exists()


def test_the_composer_and_the_meet_list_in_french(live_server, page):
    user = make_user()
    Preferences.objects.filter(owner=user).update(language="fr")
    speakers(user)
    talking(user, "Inès", times=3, company="Acme")
    talking(user, "Jonas")
    sign_in(page, live_server)
    offline_linkedin(page)

    page.goto(live_server.url + "/people/?tag=conference")
    page.get_by_role("link", name="Leur écrire").click()
    expect(page.get_by_role("heading", name="Leur écrire")).to_be_visible()
    expect(page.locator("#write-previews textarea").first).to_have_value(
        re.compile("^Bonjour Ana,")
    )
    htmx_settled(page)
    page.get_by_label("Votre message").fill("Bonjour {prenom}")
    expect(page.locator("#write-previews")).to_contain_text("Champ inconnu {prenom}")
    htmx_settled(page)
    page.get_by_label("Votre message").fill("Bonjour {first_name}, je serai à Lyon mardi.")
    expect(page.locator("#write-previews textarea").first).to_have_value(
        "Bonjour Ana, je serai à Lyon mardi."
    )
    screenshot(page, "write-fr")

    page.goto(live_server.url + "/")
    page.get_by_role("link", name=re.compile("Échangés en ligne, jamais vus")).click()
    expect(page.get_by_role("heading", name="Échangés en ligne, jamais vus")).to_be_visible()
    expect(
        page.locator("#coffee-" + str(user.contact_set.get(first_name="Inès").pk))
    ).to_have_value(re.compile("^Bonjour Inès, nous échangeons ici depuis un moment"))
    screenshot(page, "meet-fr")
    page.locator("li", has_text="Inès Talker").get_by_role("button", name="On s'est vus").click()
    expect(page.locator("#flash")).to_contain_text("Noté : vous avez vu Inès Talker aujourd'hui.")
    expect(page.locator("#meet-list")).not_to_contain_text("Inès Talker")
    expect(page.locator("#meet-list")).to_contain_text("Jonas Talker")


def test_meeting_the_people_you_talk_to_from_the_list_and_the_review(live_server, page):
    user = make_user()
    talking(user, "Ana", times=3, company="Acme", position="CTO")
    talking(user, "Ben")
    met = talking(user, "Met")
    make_interaction(met, kind="met", occurred_at=days_ago(300))
    sign_in(page, live_server)
    offline_linkedin(page)

    page.get_by_role("link", name=re.compile("Talk online, never met")).click()
    expect(page.get_by_role("heading", name="Talk online, never met")).to_be_visible()
    names = page.locator("#meet-list .name")
    expect(names).to_have_text(["Ana Talker", "Ben Talker"])
    screenshot(page, "meet-en")
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Copy and open their profile").first.click()
    popup.value.close()
    assert page.evaluate("() => navigator.clipboard.readText()").startswith(
        "Hello Ana, we have been talking here for a while: shall we meet for a coffee?"
    )
    page.locator("li", has_text="Ana Talker").get_by_role("button", name="We met").click()
    expect(page.locator("#flash")).to_contain_text("Logged: you met Ana Talker today.")
    expect(names).to_have_text(["Ben Talker"])

    page.goto(live_server.url + "/review/")
    page.get_by_role("button", name="Start the review").click()
    review = Review.objects.get(owner=user)
    review.go_to(8)
    page.goto(live_server.url + "/review/")
    expect(page.get_by_role("heading", name="Meet in real life")).to_be_visible()
    screenshot(page, "review-meet-en")
    page.get_by_role("button", name="We met").click()
    expect(
        page.get_by_text("Nobody you talk with lately is still to meet in person.")
    ).to_be_visible()
    assert Interaction.objects.filter(owner=user, kind="met").count() == 3
