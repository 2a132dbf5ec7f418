import pytest
from django.contrib.auth import get_user_model

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_user_creates_the_account_and_lands_on_the_dashboard(live_server, page):
    page.goto(live_server.url + "/")

    # With no account yet, every page leads to the set-up page.
    assert page.url.endswith("/setup/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password", exact=True).fill("a long enough passphrase")
    page.get_by_label("Password confirmation").fill("a long enough passphrase")
    page.get_by_role("button", name="Create my account").click()

    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    assert page.get_by_text("Your network is empty, for now").is_visible()
    screenshot(page, "dashboard-empty")
    assert get_user_model().objects.get().username == "alice"


def test_the_dashboard_fits_a_phone_screen(live_server, phone_page, django_user_model):
    django_user_model.objects.create_user("alice", password="a long enough passphrase")
    phone_page.goto(live_server.url + "/login/")
    phone_page.get_by_label("Username").fill("alice")
    phone_page.get_by_label("Password").fill("a long enough passphrase")
    phone_page.get_by_role("button", name="Sign in").click()
    phone_page.wait_for_url(live_server.url + "/")

    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(phone_page, "dashboard-empty-phone")


def test_the_new_account_takes_the_browsers_time_zone(live_server, browser):
    from contacts.models import Preferences

    context = browser.new_context(timezone_id="America/Toronto")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/setup/")
        page.get_by_label("Username").fill("alice")
        page.get_by_label("Password", exact=True).fill("a long enough passphrase")
        page.get_by_label("Password confirmation").fill("a long enough passphrase")
        page.get_by_role("button", name="Create my account").click()
        page.wait_for_url(live_server.url + "/")
    finally:
        context.close()
    assert Preferences.objects.get(owner__username="alice").time_zone == "America/Toronto"
