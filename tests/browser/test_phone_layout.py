"""Every page fits a phone: no content wider than a 390 px viewport, on a real network."""

import pytest

from contacts.models import Preferences
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.sample import build_sample_export
from tests.browser.conftest import screenshot
from tests.browser.test_review import sign_in
from tests.factories import app_pages, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_page_is_wider_than_a_phone(live_server, phone_page, language):
    """In both languages: French sentences run about a fifth longer than English ones."""
    user = make_user()
    Preferences.objects.filter(owner=user).update(language=language)
    sample = {"connections": 120, "messages": 400, "invitations": 60}
    import_file(build_sample_export(**sample), "sample.zip", user)
    sign_in(phone_page, live_server, user)

    too_wide = {}
    for name, url in app_pages(user).items():
        response = phone_page.goto(live_server.url + url)
        assert response.ok, (name, url, response.status)
        found = phone_page.evaluate(OVERFLOWING)
        shot = f"phone-{name}" if language == "en" else f"phone-{language}-{name}"
        # The help is the whole user guide: its first screen is the picture worth keeping.
        screenshot(phone_page, shot, full_page=name != "help")
        if found["scroll"] > found["width"] or found["out"]:
            too_wide[name] = found

    assert not too_wide, "\n".join(f"{name}: {found}" for name, found in too_wide.items())
