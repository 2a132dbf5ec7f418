"""Help in a browser: each page's Help link opens the guide at its section, on a desktop and a
phone; the table of contents and the links between docs work; the pages fit a phone and their
text is readable."""

import pytest

from tests.browser.conftest import ARTIFACTS, overflowing, sign_in, too_wide
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The lowest contrast ratio (WCAG 2) between a selector's text and its background, and where.
LOWEST_CONTRAST = """(selectors) => {
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = getComputedStyle(el).backgroundColor;
      if (rgb(c)[3] !== 0) return c;
    }
    return "rgb(255, 255, 255)";
  };
  let lowest = [99, ""];
  for (const selector of selectors) {
    for (const el of document.querySelectorAll(selector)) {
      const a = lum(rgb(getComputedStyle(el).color)), b = lum(rgb(background(el)));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < lowest[0]) lowest = [ratio, `${selector} «${el.textContent.trim().slice(0, 30)}»`];
    }
  }
  return lowest;
}"""
TEXT = [
    ".help-doc p",
    ".help-doc li",
    ".help-doc td",
    ".help-doc code",
    ".help-docs a",
    ".help-toc a",
]


def screenshot(page, name):
    """The window only: a whole doc, full page, is tens of thousands of pixels tall."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def in_view(page, selector):
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"]
    return box is not None and 0 <= box["y"] < height / 2


def fits(page):
    result = overflowing(page)
    return not too_wide(result), result


def test_help_on_a_desktop(live_server, page):
    sign_in(page, live_server, make_user(), go_to=None)
    page.goto(live_server.url + "/import/")

    page.locator("a[rel=help]").click()
    page.wait_for_url(live_server.url + "/help/importing/")
    assert page.locator("h1").inner_text() == "Importing your LinkedIn export"
    assert page.locator(".help-docs [aria-current=page]").inner_text() == "Importing"
    toc = page.locator(".help-toc")
    assert toc.get_attribute("open") is not None  # beside the page on a wide screen
    toc.get_by_role("link", name="How people are matched").click()
    page.wait_for_url("**#how-people-are-matched")
    assert in_view(page, "#how-people-are-matched")
    ratio, where = page.evaluate(LOWEST_CONTRAST, TEXT)
    assert ratio >= 4.5, where
    screenshot(page, "help-importing-desktop")

    page.goto(live_server.url + "/invitations/")
    page.locator("a[rel=help]").click()
    page.wait_for_url(live_server.url + "/help/#invitations-triage-by-your-own-rule")
    assert in_view(page, "#invitations-triage-by-your-own-rule")
    screenshot(page, "help-triage-desktop")

    # A link between docs, then one to a section of another doc.
    page.goto(live_server.url + "/help/methods/")
    page.locator(".help-doc").get_by_role("link", name="user guide").click()
    page.wait_for_url(live_server.url + "/help/")
    page.goto(live_server.url + "/help/methods/")
    link = page.locator('.help-doc a[href="/help/relationship-model/#the-weekly-review"]')
    link.click()
    page.wait_for_url("**/help/relationship-model/#the-weekly-review")
    assert in_view(page, "#the-weekly-review")


def test_help_on_a_phone(live_server, phone_page):
    page = phone_page
    sign_in(page, live_server, make_user(), go_to=None)
    page.goto(live_server.url + "/review/")

    page.locator("a[rel=help]").click()
    page.wait_for_url(live_server.url + "/help/#the-weekly-review")
    assert in_view(page, "#the-weekly-review")
    screenshot(page, "help-review-phone")

    page.evaluate("window.scrollTo(0, 0)")
    toc = page.locator(".help-toc")
    assert toc.get_attribute("open") is None  # folded above the page on a phone
    screenshot(page, "help-guide-phone")
    toc.locator("summary").click()
    toc.get_by_role("link", name="Keyboard shortcuts").click()
    page.wait_for_url("**#keyboard-shortcuts")
    assert in_view(page, "#keyboard-shortcuts")
    ratio, where = page.evaluate(LOWEST_CONTRAST, TEXT)
    assert ratio >= 4.5, where
    screenshot(page, "help-shortcuts-phone")

    for path in (
        "/help/",
        "/help/importing/",
        "/help/relationship-model/",
        "/help/methods/",
        "/help/data-format/",
    ):
        page.goto(live_server.url + path)
        ok, result = fits(page)
        assert ok, (path, result)
    screenshot(page, "help-data-format-phone")
