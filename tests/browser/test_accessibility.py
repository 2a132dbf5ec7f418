"""axe-core over every page and main state of netcoach: no serious and no critical violation
anywhere. Two crawls: English at the desktop width (1280 px) and French at the phone width
(390 px), so that each language and each width is audited. The phone crawl is the French one
because French sentences run about a fifth longer than English ones: it also checks that no
page is wider than the phone, and keeps a screenshot of each page
(test-artifacts/phone-fr-<page>.png). The two other pairs were crawled too until every crawl
reported no violation of any impact (59 states each); each crawl costs about 40 s of the suite
(docs/architecture.md, "Accessibility"). The French main pages at the desktop width are read by
test_french.py.

One test per crawl, so that the test processes share the audit (each imports its own small
network). Every violation of every impact is written to
test-artifacts/axe-report-<language>-<width>.json (with a tally per rule) for a person to read."""

import pytest

from contacts.models import Preferences, Review
from netcoach.linkedin.apply import import_file
from netcoach.linkedin.sample import build_sample_export
from tests.browser.axe import audit_context, blocking, describe, violations, write_report
from tests.browser.conftest import (
    ARTIFACTS,
    htmx_settled,
    overflowing,
    screenshot,
    sign_in,
    too_wide,
)
from tests.factories import app_pages, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 860}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}
LANGUAGES = {"en": "en-GB", "fr": "fr-FR"}
CRAWLS = [("en", "desktop"), ("fr", "phone")]

# What has the focus after a failed submit: the first field to correct (aria-invalid, its error
# read with it), or the form's error summary when no field is at fault.
FOCUSED_ERROR = """() => {
  const el = document.activeElement;
  return el.getAttribute("aria-invalid") === "true" ? "field " + el.name
    : el.hasAttribute("data-error-summary") ? "summary" : el.tagName;
}"""


def focused_error(tab):
    """FOCUSED_ERROR once the page with the errors has run its scripts (DOMContentLoaded)."""
    tab.wait_for_load_state("load")
    return tab.evaluate(FOCUSED_ERROR)


# A form submitted with what the browser would refuse: its fields' own checks are skipped, so
# that the server's errors are the ones shown.
SUBMIT = """(selector) => {
  const form = document.querySelector(selector);
  form.noValidate = true;
  form.requestSubmit(form.querySelector('[type=submit]'));
}"""


class Audit:
    """The violations found, per state ("fr-phone triage"), and the tab each state is seen in."""

    def __init__(self, live_server):
        self.live_server = live_server
        self.report = {}
        self.too_wide = {}

    def check(self, tab, state):
        self.report[f"{tab.audit_name} {state}"] = violations(tab)

    def visit(self, tab, state, url):
        response = tab.goto(self.live_server.url + url)
        assert response.status < 500, (state, url, response.status)
        assert tab.locator("html").get_attribute("lang") == tab.language, (state, url)
        self.check(tab, state)

    def fits_a_phone(self, tab, name):
        """At the phone width: nothing passes the screen's edge; a screenshot to look at."""
        found = overflowing(tab)
        shot = f"phone-{tab.language}-{name}"
        # The help is the whole user guide: its first screen is the picture worth keeping.
        screenshot(tab, shot, full_page=name != "help")
        if too_wide(found):
            self.too_wide[name] = found

    def failing(self):
        return {state: blocking(found) for state, found in self.report.items() if blocking(found)}


def audit_tab(browser, language, size):
    """A tab in its own context (cookies, locale) for the language and size."""
    context = audit_context(browser, locale=LANGUAGES[language], **SIZES[size])
    tab = context.new_page()
    tab.audit_name = f"{language}-{size}"
    tab.language = language
    return tab


def set_up_page(audit, tab):
    """Before any account exists, untouched and with errors."""
    audit.visit(tab, "set-up", "/setup/")
    tab.locator("form button[type=submit]").click()
    tab.locator(".has-error").first.wait_for()
    assert focused_error(tab).startswith("field ")
    audit.check(tab, "set-up with errors")


def sign_in_page(audit, tab):
    audit.visit(tab, "sign-in", "/login/")
    tab.locator("input[name=username]").fill("nobody")
    tab.locator("input[name=password]").fill("wrong")
    tab.locator("form button[type=submit]").click()
    tab.locator("[data-error-summary]").wait_for()
    assert focused_error(tab) == "summary"
    audit.check(tab, "sign-in with errors")


def empty_states(audit, tab, newcomer):
    sign_in(tab, audit.live_server, newcomer, go_to=None)
    for name, url in {
        "dashboard": "/",
        "triage": "/invitations/",
        "talk-first": "/invitations/talk-first/",
        "todo": "/invitations/todo/",
        "sent": "/invitations/sent/",
        "people": "/people/",
        "companies": "/companies/",
        "review": "/review/",
        "import": "/import/",
    }.items():
        audit.visit(tab, f"empty {name}", url)
    tab.context.clear_cookies()


def triage_states(audit, tab):
    """A decision's confirmation, with the talk-first reply draft."""
    tab.goto(audit.live_server.url + "/invitations/")
    htmx_settled(tab)
    tab.locator("body").press("t")
    tab.locator(".toast").wait_for()
    htmx_settled(tab)
    audit.check(tab, "triage after a decision")


def review_steps(audit, tab):
    tab.goto(audit.live_server.url + "/review/")
    start = tab.locator("form[action$='/review/start/'] button")
    if start.count():
        start.click()
        tab.locator("#step-title").wait_for()
    for step in range(1, Review.STEPS + 1):
        tab.locator(f".review-steps button[value='{step}']").click()
        tab.locator(f".review-steps button[value='{step}'][aria-current=step]").wait_for()
        htmx_settled(tab)
        audit.check(tab, f"review step {step}")


def forms_with_errors(audit, tab, pages):
    tab.goto(audit.live_server.url + pages["person-edit"])
    tab.locator("input[name=email]").fill("not an address")
    tab.locator("input[name=profile_url]").fill("nope")
    tab.evaluate(SUBMIT, "main form.card")
    tab.locator(".has-error").first.wait_for()
    assert focused_error(tab) == "field email"
    audit.check(tab, "person edit with errors")

    tab.goto(audit.live_server.url + pages["log-meeting"])
    tab.evaluate(SUBMIT, "form.meeting-form")
    tab.locator(".has-error").first.wait_for()
    assert focused_error(tab) == "field q"
    audit.check(tab, "log meeting with errors")

    tab.goto(audit.live_server.url + pages["rule"])
    tab.locator("form[action$='/invitations/rule/'] input[type=number]").first.fill("-4")
    tab.evaluate(SUBMIT, "form[action$='/invitations/rule/']")
    tab.locator(".has-error").first.wait_for()
    assert focused_error(tab).startswith("field ")
    audit.check(tab, "rule with errors")

    tab.goto(audit.live_server.url + pages["settings"])
    tab.locator("input[name=budget]").fill("5")
    tab.evaluate(SUBMIT, "form.settings-form")
    tab.locator(".has-error").first.wait_for()
    assert focused_error(tab) == "field budget"
    audit.check(tab, "settings with errors")


@pytest.mark.parametrize(("language", "size"), CRAWLS)
def test_no_page_or_state_has_a_serious_or_critical_violation(live_server, browser, language, size):
    audit = Audit(live_server)
    tab = audit_tab(browser, language, size)
    try:
        set_up_page(audit, tab)

        newcomer = make_user(username="newcomer")
        user = make_user()
        import_file(
            build_sample_export(connections=60, messages=200, invitations=30), "s.zip", user
        )
        pages = app_pages(user)
        sign_in_page(audit, tab)
        Preferences.objects.filter(owner__in=[user, newcomer]).update(language=language)
        empty_states(audit, tab, newcomer)
        sign_in(tab, live_server, user, go_to=None)
        for name, url in pages.items():
            audit.visit(tab, name, url)
            if size == "phone":
                audit.fits_a_phone(tab, name)
        triage_states(audit, tab)
        review_steps(audit, tab)
        forms_with_errors(audit, tab, pages)
    finally:
        write_report(ARTIFACTS / f"axe-report-{language}-{size}.json", audit.report)
        tab.context.close()

    assert not audit.too_wide, "\n".join(f"{n}: {found}" for n, found in audit.too_wide.items())
    failing = audit.failing()
    assert not failing, "\n" + "\n".join(describe(s, found) for s, found in failing.items())
    assert len(audit.report) > 40, "every page and state was audited"
