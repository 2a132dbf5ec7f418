"""axe-core in the browser tests: injected into a page of a context opened with the app's
Content Security Policy bypassed (the policy forbids any script the app does not serve, and the
app must never serve axe), then run over WCAG 2.1 A/AA and axe's best practices.

axe.min.js is vendored under tests/browser/vendor/ (MPL-2.0, its licence beside it) for the tests
only: collectstatic never sees it."""

import json
from collections import Counter
from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}

# Violations only, without iframes (the app has none) or the preloading of style sheets that
# one rule needs: an audit of a page takes a third of the time. Selectors are asked for only
# when there is something to show.
RUN = """async ([tags, rules, selectors]) => {
  const results = await axe.run(document, {
    runOnly: rules ? {type: "rule", values: rules} : {type: "tag", values: tags},
    resultTypes: ["violations"],
    iframes: false, preload: false, selectors: selectors, performanceTimer: false,
  });
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: (n.target || []).join(" "), summary: n.failureSummary})),
  }));
}"""


# axe is loaded as a script of the page's own origin, which the tests' browser answers itself
# (the server never sees the request): Chromium keeps its compiled code from page to page.
AXE_PATH = "/__axe-core-for-the-tests.js"
AXE_URL = AXE_PATH


def audit_context(browser, **options):
    """A browser context in which axe can be injected: the CSP is bypassed for it alone."""
    context = browser.new_context(bypass_csp=True, **options)
    context.set_default_timeout(10_000)
    source = AXE.read_bytes()
    context.route(
        "**" + AXE_PATH,
        lambda route: route.fulfill(
            body=source,
            content_type="text/javascript",
            headers={"Cache-Control": "max-age=3600"},
        ),
    )
    return context


def violations(page) -> list[dict]:
    """axe's violations on the page as it is now, every impact."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(url=AXE_URL)
    found = page.evaluate(RUN, [TAGS, None, False])
    if not found:
        return found
    # Again, for the rules that failed only, with the selectors of their elements.
    return page.evaluate(RUN, [TAGS, [v["id"] for v in found], True])


def blocking(found: list[dict]) -> list[dict]:
    return [v for v in found if v["impact"] in BLOCKING]


def describe(state: str, found: list[dict]) -> str:
    """One violation a line with its targets, for a failing assertion."""
    lines = []
    for v in found:
        targets = "; ".join(f"{n['target']}" for n in v["nodes"][:6])
        more = f" (+{len(v['nodes']) - 6})" if len(v["nodes"]) > 6 else ""
        lines.append(f"{state}: [{v['impact']}] {v['id']} — {v['help']}: {targets}{more}")
    return "\n".join(lines)


def tally(report: dict[str, list[dict]]) -> dict:
    """Counts per rule and impact over every state: {"rule (impact)": states, nodes}."""
    states, nodes = Counter(), Counter()
    for found in report.values():
        for v in found:
            key = f"{v['id']} ({v['impact']})"
            states[key] += 1
            nodes[key] += len(v["nodes"])
    return {key: {"states": states[key], "nodes": nodes[key]} for key in sorted(states)}


def write_report(path: Path, report: dict[str, list[dict]]):
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps({"tally": tally(report), "states": report}, indent=1))
