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
    page.screenshot(path=str(path), full_page=full_page)
    return path


def htmx_settled(page):
    """Until the page's deferred scripts have run (htmx binds its triggers then: a field filled
    before misses its request) and htmx has no request in flight and has settled its last swap:
    a key pressed before then may reach the region being replaced."""
    page.wait_for_function(
        "() => document.readyState === 'complete' && !!window.htmx && !!window.netcoach"
        " && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')"
    )
