"""Browser tests: Playwright for Python driving Debian's Chromium against a live server."""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("NETCOACH_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required for the browser tests: apt-get install chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def screenshot(page, name, *, full_page=True):
    """Saves a screenshot (of the whole page, unless told: the user guide runs to tens of
    thousands of pixels on a phone) under test-artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page, scale="css")
    return path


# Elements whose right edge passes the viewport, as "tag.class text" (the first few).
OVERFLOWING = """() => {
  for (const details of document.querySelectorAll("details")) details.open = true;
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    // Content inside a region that scrolls sideways on purpose is not an overflow.
    if (el.closest(".table-wrap, pre")) continue;
    if (box.right > width + 1) {
      out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.right)}px «${el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 40)}»`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, out: out.slice(0, 5)};
}"""


def overflowing(page) -> dict:
    """What passes the viewport's right edge (`OVERFLOWING`), every <details> opened first: the
    phone-width check of every page (tests/browser/test_accessibility.py) and of the help."""
    return page.evaluate(OVERFLOWING)


def too_wide(found: dict) -> bool:
    return found["scroll"] > found["width"] or bool(found["out"])


def htmx_settled(page):
    """Until the page's deferred scripts have run (htmx binds its triggers then: a field filled
    before misses its request) and htmx has no request in flight and has settled its last swap:
    a key pressed before then may reach the region being replaced."""
    page.wait_for_function(
        "() => document.readyState === 'complete' && !!window.htmx && !!window.netcoach"
        " && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )


def sign_in(page, live_server, user="alice", *, go_to="/"):
    """Signs `user` (a user, or the username of one) in: the session cookie Django's test client
    gets from `force_login`, set in the page's browser context, then the page opened at `go_to`
    (None: where it is). The sign-in form itself is driven by test_setup_flow.py, test_triage.py
    and test_phone_mode.py."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    if isinstance(user, str):
        user = get_user_model().objects.get(username=user)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    if go_to is not None:
        page.goto(live_server.url + go_to)


def sign_in_owner(page, live_server):
    """Makes the install's one account, as set-up makes it (its owner, "alice"), and signs it in
    on the dashboard; returns it."""
    from django.contrib.auth import get_user_model

    from tests.factories import PASSWORD

    owner = get_user_model().objects.create_user(
        "alice", password=PASSWORD, is_superuser=True, is_staff=True
    )
    sign_in(page, live_server, owner)
    return owner
