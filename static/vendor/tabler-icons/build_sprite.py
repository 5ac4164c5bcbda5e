"""Build `sprite.svg`: one <symbol> per Tabler icon the portal uses, from the npm package @tabler/icons.

    cd /tmp && npm pack @tabler/icons@3.54.0 && tar xzf tabler-icons-3.54.0.tgz
    python static/vendor/tabler-icons/build_sprite.py /tmp/package

The icons taken: every `icon="…"` of the code outside tests (the apps' registrations in apps.py — portal tiles,
menu items — and the home cards' items in selectors), the (key, label, url name, icon, …) tuples of apps.py, every
`{% icon "…" %}` of the templates, and EXTRA below (names the templates pass as variables: the tab bar, the back
arrow, 长辈版). A name missing from the package stops the build. Run it again after an app registers a new icon:
gonghui/portal/tests/test_home_cards.py fails while a registered tile's icon has no symbol in the sprite.
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
SVG = "http://www.w3.org/2000/svg"
EXTRA = {
    # tab bar, header, 我的 hub, home sections (gonghui/portal/templates/portal/*.html pass these as variables too)
    "home",
    "layout-grid",
    "message-circle",
    "user",
    "arrow-left",
    "chevron-right",
    "eyeglass",
    "clipboard-list",
    "clipboard-check",
    "certificate",
    "trophy",
    "credit-card",
    "lock",
    "logout",
    "speakerphone",
    "news",
    "bell",
    "calendar-event",
    "user-plus",
    "login",
}
# on each symbol: a <use> clones the symbol alone, so attributes of the sprite's root would not reach it
ATTRIBUTES = (
    'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"'
)
FRAME = 'd="M0 0h24v24H0z"'  # the invisible 24 × 24 frame every Tabler icon starts with
ICON_ARG = re.compile(r"""\bicon=["']([a-z0-9-]+)["']""")
ICON_TAG = re.compile(r"""\{%\s*icon\s+["']([a-z0-9-]+)["']""")
TUPLE_ICON = re.compile(
    r"""\(\s*"[^"]+",\s*"[^"]+",\s*"[^"]+",\s*"([a-z0-9-]+)","""
)  # (key, label, url, icon, …)


def used_icons() -> set[str]:
    names = set(EXTRA)
    for module in (ROOT / "gonghui").glob("**/*.py"):
        if "tests" in module.parts:
            continue
        text = module.read_text(encoding="utf-8")
        names |= set(ICON_ARG.findall(text))
        if module.name == "apps.py":
            names |= set(TUPLE_ICON.findall(text))
    for template in (ROOT / "gonghui").glob("**/templates/**/*.html"):
        names |= set(ICON_TAG.findall(template.read_text(encoding="utf-8")))
    return names


def symbol(package: Path, name: str) -> str:
    source = package / "icons" / "outline" / f"{name}.svg"
    if not source.exists():
        raise SystemExit(f"@tabler/icons has no outline icon {name!r}")
    text = source.read_text(encoding="utf-8")
    inner = text[text.index(">", text.index("<svg")) + 1 : text.rindex("</svg>")]
    body = "".join(line.strip() for line in inner.splitlines() if line.strip() and FRAME not in line)
    return f'<symbol id="{name}" viewBox="0 0 24 24" {ATTRIBUTES}>{body}</symbol>'


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit("usage: build_sprite.py <unpacked @tabler/icons package folder>")
    package = Path(sys.argv[1])
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    names = sorted(used_icons())
    symbols = "\n".join(symbol(package, name) for name in names)
    (HERE / "sprite.svg").write_text(
        f'<svg xmlns="{SVG}"><!-- @tabler/icons {version}, MIT; built by build_sprite.py -->\n{symbols}\n</svg>\n',
        encoding="utf-8",
    )
    sys.stdout.write(f"{len(names)} icons from @tabler/icons {version}: {', '.join(names)}\n")


if __name__ == "__main__":
    main()
