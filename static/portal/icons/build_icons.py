"""Rebuild the portal's app icons from static/favicon.svg: `.venv/bin/python static/portal/icons/build_icons.py`.

Renders with headless Chromium (Playwright on /usr/bin/chromium), the renderer the browser tests use; no ImageMagick
or cairo needed. `icon-*` keep the emblem's rounded corners on a transparent ground ("any"); `maskable-*` and the
apple-touch icon fill the square and shrink the star into the central safe zone (80 %) that launchers never crop.
"""

import base64
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
EMBLEM = (HERE.parent.parent / "favicon.svg").read_text()
STAR = EMBLEM.split("<path", 1)[1].removesuffix("</svg>").rstrip().removesuffix("</svg>")
FULL_BLEED = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#c8161d"/>'
    f'<g transform="translate(16 16.4) scale(0.72) translate(-16 -15)"><path{STAR}</g></svg>'
)
ICONS = {
    "icon-192.png": (EMBLEM, 192),
    "icon-512.png": (EMBLEM, 512),
    "maskable-192.png": (FULL_BLEED, 192),
    "maskable-512.png": (FULL_BLEED, 512),
    "apple-touch-icon-180.png": (FULL_BLEED, 180),
}


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for name, (svg, size) in ICONS.items():
            page = browser.new_page(viewport={"width": size, "height": size})
            data = base64.b64encode(svg.encode()).decode()
            page.set_content(
                f'<body style="margin:0"><img src="data:image/svg+xml;base64,{data}" width="{size}" height="{size}"'
                ' style="display:block"></body>'
            )
            page.wait_for_function("document.images[0].complete")
            clip = {"x": 0, "y": 0, "width": size, "height": size}
            page.screenshot(path=str(HERE / name), omit_background=True, clip=clip)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
