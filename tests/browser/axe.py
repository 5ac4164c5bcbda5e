"""The accessibility harness every browser test uses: axe-core (vendored in `assets/axe-core/`, MPL-2.0, never
served) over the page as it is now, plus the structure checks axe leaves to best practice (`PAGE_STRUCTURE`).
A serious or critical finding fails."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE_SOURCE = (Path(__file__).parent / "assets" / "axe-core" / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}
RUN_AXE = """
async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary || ""})),
  }));
}
"""

# What axe 4.x no longer checks (or checks only as best practice) but every page here promises: unique ids, one
# <main>, one <h1>, and the skip link (跳到主要内容) as the first focusable element. Returns [rule, target] pairs.
PAGE_STRUCTURE = """
() => {
  const found = [];
  const counts = new Map();
  for (const el of document.querySelectorAll("[id]")) counts.set(el.id, (counts.get(el.id) || 0) + 1);
  for (const [id, n] of counts) if (n > 1) found.push(["unique-id", `#${id} ×${n}`]);
  const mains = document.querySelectorAll("main").length;
  if (mains !== 1) found.push(["one-main", `${mains} <main>`]);
  const h1s = document.querySelectorAll("h1").length;
  if (h1s !== 1) found.push(["one-h1", `${h1s} <h1>`]);
  const first = document.querySelector(
    "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])");
  if (!first || !first.matches("a.skip-link[href='#main-content']") || !document.getElementById("main-content"))
    found.push(["skip-link", first ? first.outerHTML.slice(0, 80) : "no focusable element"]);
  let level = 0;
  for (const h of document.querySelectorAll("h1, h2, h3, h4, h5, h6")) {
    const next = Number(h.tagName[1]);
    if (level && next > level + 1) found.push(["heading-order", `h${level} → h${next} ${h.textContent.trim().slice(0, 30)}`]);
    level = next;
  }
  return found;
}
"""


@dataclass
class PageResult:
    who: str
    path: str
    violations: list[dict[str, Any]] = field(default_factory=list)

    def failing(self) -> list[dict[str, Any]]:
        return [v for v in self.violations if v["impact"] in FAILING_IMPACTS]

    def summary(self) -> str:
        return ", ".join(f"{v['rule']} ({v['impact']}, {len(v['nodes'])})" for v in self.violations) or "ok"


def page_check(page: Page, who: str, base: str) -> PageResult:
    """axe and the structure checks over the page as it is now."""
    page.evaluate(AXE_SOURCE)
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    violations += [
        {"rule": rule, "impact": "serious", "help": rule, "nodes": [{"target": target, "summary": ""}]}
        for rule, target in page.evaluate(PAGE_STRUCTURE)
    ]
    return PageResult(who, page.url.removeprefix(base), violations)
