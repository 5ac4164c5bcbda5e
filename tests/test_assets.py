"""No asset is loaded from outside the app: templates, our CSS and the vendored files."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

from .routes import EXTERNAL_ASSET

ROOT = Path(settings.BASE_DIR)
CSS_IMPORT = re.compile(r"@import\s+(?:url\()?['\"]?(?:https?:)?//", re.IGNORECASE)


def _template_files() -> list[Path]:
    return sorted([*ROOT.glob("templates/**/*.html"), *ROOT.glob("gonghui/*/templates/**/*.html")])


def test_templates_load_no_outside_assets():
    offenders = [str(p.relative_to(ROOT)) for p in _template_files() if EXTERNAL_ASSET.search(p.read_text())]
    assert offenders == []


def test_static_css_and_js_reference_nothing_outside():
    offenders = []
    for path in sorted((ROOT / "static").rglob("*")):
        if path.suffix not in {".css", ".js"}:
            continue
        text = path.read_text(errors="replace")
        if CSS_IMPORT.search(text) or (path.suffix == ".css" and EXTERNAL_ASSET.search(text)):
            offenders.append(str(path.relative_to(ROOT)))
        if "sourceMappingURL" in text:
            offenders.append(f"{path.relative_to(ROOT)} (sourceMappingURL)")
    assert offenders == []


def test_vendored_libraries_ship_with_their_licences():
    for folder in ("tabler", "echarts"):
        assert (ROOT / "static" / "vendor" / folder / "LICENSE").is_file()


def test_htmx_is_served_by_the_app():
    assert finders.find("django_htmx/htmx-2.min.js") is not None
    assert finders.find("vendor/tabler/tabler.min.css") is not None
    assert finders.find("vendor/echarts/echarts.min.js") is not None
