"""What the user corrected and what LinkedIn says, side by side on the person page."""

from contacts.models import Contact
from tests.browser.conftest import screenshot
from tests.browser.test_people import sign_in
from tests.factories import make_contact, make_user


def test_linkedin_s_value_is_shown_beside_the_users_and_taken_in_one_click(live_server, page):
    user = make_user()
    ana = make_contact(user, "Ana", "Silva", company="Initech Lisbon", position="CTO",
                       is_connection=True, source=Contact.Source.LINKEDIN)  # fmt: skip
    ana.linkedin_says = {"company": "Initech"}
    ana.save()
    sign_in(page, live_server)

    page.goto(live_server.url + ana.get_absolute_url())
    says = page.locator(".linkedin-says")
    assert says.locator("q").inner_text() == "Initech"
    assert says.inner_text().startswith("LinkedIn says company:")
    screenshot(page, "person-linkedin-says")
    says.get_by_role("button", name="Use LinkedIn's").click()

    page.locator(".person-job").get_by_role("link", name="Initech", exact=True).wait_for()
    assert page.locator(".linkedin-says").count() == 0
    ana.refresh_from_db()
    assert (ana.company, ana.linkedin_says) == ("Initech", {})
