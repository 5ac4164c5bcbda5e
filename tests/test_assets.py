"""No asset is loaded from outside the app: templates, our CSS and the vendored files."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.test import Client, RequestFactory
from django.urls import reverse

from gonghui.core.pdf import pdf_response
from gonghui.documents.tests.factories import make_draft, officer

from .routes import EXTERNAL_ASSET, all_routes

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


# --- Content-Security-Policy -----------------------------------------------------------------------------------

# The policy every page carries (config/settings.py SECURE_CSP): directive → its exact sources.
EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
}
# Attribute patterns are searched in the whole template text, not tag by tag: a tag may hold template syntax or
# a script expression with "<" or ">" in it.
EVENT_HANDLER = re.compile(r"""\s(?:on[a-z]+|hx-on[:\w-]*)\s*=\s*["']""", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""\s(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
DATA_SCRIPT_TYPE = re.compile(r"""\btype\s*=\s*["']application/(?:ld\+)?json["']""", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style\b", re.IGNORECASE)


def _matches(pattern: re.Pattern[str], path: Path) -> list[str]:
    text = path.read_text()
    name = path.relative_to(ROOT)
    return [
        f"{name}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0).strip()}"
        for m in pattern.finditer(text)
    ]


def _policy(header: str) -> dict[str, list[str]]:
    directives = (part.split() for part in header.split(";") if part.strip())
    return {d[0]: d[1:] for d in directives}


def _is_pdf_template(path: Path) -> bool:
    """Templates rendered only by WeasyPrint into a PDF (never sent to a browser) may carry their own styles."""
    return "pdf" in path.relative_to(ROOT).parts


def test_no_template_has_an_inline_event_handler_or_executable_inline_script():
    offenders = []
    for path in _template_files():
        offenders += _matches(EVENT_HANDLER, path) + _matches(JAVASCRIPT_URL, path)
        for attributes in SCRIPT_TAG.findall(path.read_text()):
            if "src=" not in attributes and not DATA_SCRIPT_TYPE.search(attributes):
                offenders.append(f"{path.relative_to(ROOT)}: inline <script{attributes}>")
    assert offenders == []


def test_no_page_template_has_a_style_attribute_or_style_block():
    offenders = []
    for path in _template_files():
        if not _is_pdf_template(path):
            offenders += _matches(STYLE_ATTRIBUTE, path) + _matches(STYLE_BLOCK, path)
    assert offenders == []


def test_htmx_is_configured_to_need_no_eval_and_inject_no_style():
    bases = [p for p in _template_files() if "{% htmx_script" in p.read_text()]
    assert bases, "no template loads htmx"
    for path in bases:
        meta = re.search(r"""<meta name="htmx-config" content='([^']*)'>""", path.read_text())
        assert meta, f"{path.relative_to(ROOT)} loads htmx without <meta name=htmx-config>"
        config = json.loads(meta.group(1))
        assert config["allowEval"] is False
        assert config["includeIndicatorStyles"] is False


def test_our_scripts_use_no_eval():
    for path in sorted((ROOT / "static" / "js").glob("*.js")):
        text = path.read_text()
        assert not re.search(r"\beval\(|new Function\(|set(?:Timeout|Interval)\(\s*[\"']", text), path.name


def _assert_site_policy(response, label: str) -> None:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"{label}: no Content-Security-Policy header"
    assert _policy(header) == EXPECTED_CSP, f"{label}: {header}"


@pytest.mark.django_db
def test_every_page_without_parameters_carries_the_policy(world):
    routes = [r for r in all_routes() if not r.params]
    assert len(routes) > 50
    for user in (None, world.org_admin, world.org_member):
        client = Client()
        if user is not None:
            client.force_login(user)
        for route in routes:
            url = "/" + route.route
            if url.endswith("/logout/"):
                continue
            response = client.get(url)
            _assert_site_policy(response, f"GET {url} as {user or 'anonymous'} → {response.status_code}")


@pytest.mark.django_db
def test_htmx_partials_error_pages_and_the_print_page_carry_the_policy(world):
    client = Client()
    _assert_site_policy(client.get("/no-such-page/"), "404")
    client.force_login(world.org_admin)
    for url in ("/orgs/", "/members/", "/documents/"):
        response = client.get(url, headers={"HX-Request": "true"})
        assert response.status_code == 200
        _assert_site_policy(response, f"HTMX {url}")
    county = officer("csp_officer", world.county_x)
    document = make_draft(world.county_x, county, main_to="甲县第一中学工会")
    client.force_login(county)
    response = client.get(reverse("documents:document_print", args=[document.public_id]))
    assert response.status_code == 200
    _assert_site_policy(response, "print page")
    assert b"js/app.js" in response.content
    assert b"data-print" in response.content


def test_an_inline_pdf_carries_a_policy_its_viewer_can_live_with():
    request = RequestFactory().get("/x.pdf")
    middleware = ContentSecurityPolicyMiddleware(lambda r: pdf_response(b"%PDF-1.7", "x.pdf"))
    middleware.process_request(request)
    response = middleware.process_response(request, pdf_response(b"%PDF-1.7", "x.pdf"))
    assert _policy(response.headers["Content-Security-Policy"]) == {"frame-ancestors": ["'none'"]}
    assert all(type(name) is str for name, _ in response.items())  # wsgiref refuses str subclasses


def test_no_view_relaxes_the_policy():
    offenders = []
    for path in sorted((ROOT / "gonghui").rglob("*.py")) + sorted((ROOT / "config").rglob("*.py")):
        if "tests" in path.parts or path.name == "settings.py":
            continue
        text = path.read_text()
        if re.search(r"csp_override|csp_report_only_override|unsafe-inline|unsafe-eval|UNSAFE_", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
