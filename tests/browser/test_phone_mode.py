"""The phone mode end to end: netcoach started with NETCOACH_LAN=1 serves HTTPS on its network
address (here 127.0.0.1 stands for it), a phone-sized Chromium signs in, logs a meeting with a
follow-up and finds it on the person's page; cookies are Secure, plain HTTP gets nothing."""

import os
import sqlite3
import subprocess
import sys
import threading
import urllib.error
import urllib.request

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.factories import PASSWORD, new_install
from tests.test_setup_race import free_port, wait_until_listening

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def phone_mode(tmp_path_factory, migrated_database):
    """netcoach in its phone mode, in its own process and data directory (one for the module:
    starting it costs seconds)."""
    tmp_path = new_install(tmp_path_factory.mktemp("phone-mode"), migrated_database)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {"NETCOACH_DATA_DIR": str(tmp_path), "NETCOACH_LAN_ADDRESS": "127.0.0.1"}
    run = {"cwd": settings.BASE_DIR, "env": env, "check": True, "capture_output": True}
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from tests.factories import make_user; make_user('alice')"],
        **run,
    )  # fmt: skip
    lan_port, local_port = free_port(), free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "netcoach.lan", str(lan_port), str(local_port)],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    try:
        wait_until_listening(lan_port, server)
        wait_until_listening(local_port, server)
        yield f"https://127.0.0.1:{lan_port}", lan_port, tmp_path
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_phone_logs_a_meeting_over_https(browser, phone_mode):
    url, _, data_dir = phone_mode
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        ignore_https_errors=True,  # the phone trusts the install's certificate once
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(url + "/meetings/new/")
        page.get_by_label("Username").fill("alice")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(url + "/meetings/new/")
        assert all(cookie["secure"] for cookie in context.cookies())

        page.get_by_text("Someone new, not in your contacts yet").click()
        page.get_by_label("New person's name").fill("Nadia Benali")
        page.get_by_label("Where / event").fill("Lyon data meetup")
        page.get_by_label("Notes").fill("Send her the Q3 report.")
        page.get_by_label("Follow up on").fill("2030-01-15")
        screenshot(page, "phone-mode-log-meeting")
        page.get_by_role("button", name="Save the meeting").click()
        page.wait_for_url("**/people/*/?met=1")

        expect(page.get_by_role("heading", level=1)).to_have_text("Nadia Benali")
        expect(page.locator("main")).to_contain_text("Lyon data meetup")
        expect(page.locator("main")).to_contain_text("Send her the Q3 report.")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width
        screenshot(page, "phone-mode-person")
    finally:
        context.close()

    with sqlite3.connect(data_dir / "netcoach.sqlite3") as db:
        follow_ups = db.execute("SELECT follow_up_on FROM contacts_note").fetchall()
    assert ("2030-01-15",) in follow_ups


def test_the_network_address_speaks_https_only(phone_mode):
    _, lan_port, _ = phone_mode
    answered = threading.Event()
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{lan_port}/login/", timeout=10)
        answered.set()
    except urllib.error.HTTPError:
        answered.set()  # any HTTP answer, even an error, would be plain HTTP served
    except (TimeoutError, urllib.error.URLError, ConnectionError, OSError):
        pass
    assert not answered.is_set()
