"""One PDF service for every app that prints (介绍信, 公文, certificates): a Django template rendered to PDF
by WeasyPrint with embedded CJK fonts (Noto CJK; a FangSong face for 公文 bodies where installed).

GB/T 9704 names 方正小标宋 and 仿宋_GB2312, which are proprietary; the stylesheet lists free substitutes after
them, so a deployment that installs the licensed fonts gets them without a code change."""

import shutil
import subprocess
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.csp import CSP, build_policy

from .downloads import file_response

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimSun")
FANGSONG_FAMILIES = ("FangSong_GB2312", "仿宋_GB2312", "FangSong", "cwTeX Q Fangsong", "AR PL UKai CN")


@cache
def installed_font_families() -> frozenset[str]:
    """Font families fontconfig knows for Chinese text (empty when fc-list is missing)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return frozenset()
    result = subprocess.run(  # noqa: S603 - fixed arguments, no user input
        [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=10, check=False
    )
    families: set[str] = set()
    for line in result.stdout.splitlines():
        families.update(part.strip() for part in line.split(",") if part.strip())
    return frozenset(families)


def cjk_font_available() -> bool:
    return bool(installed_font_families())


def fangsong_font_available() -> bool:
    return any(f in installed_font_families() for f in FANGSONG_FAMILIES)


def render_pdf(template_name: str, context: dict[str, Any], *, request: HttpRequest | None = None) -> bytes:
    """Render `template_name` (HTML with @page CSS) to PDF bytes. Fonts are embedded and subset."""
    from weasyprint import HTML

    html = render_to_string(
        template_name,
        {**context, "cjk_font_available": cjk_font_available()},
        request=request,
    )
    base_url = str(settings.BASE_DIR)
    return bytes(HTML(string=html, base_url=base_url).write_pdf())


# The Content-Security-Policy of a PDF response: the site policy (settings.SECURE_CSP) says object-src 'none', and
# Chromium-based browsers before the out-of-process PDF viewer show an inline PDF through an <embed> that this
# blocks. A PDF runs no page script, so only framing is restricted.
PDF_CSP = {"frame-ancestors": [CSP.NONE]}


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = file_response(pdf, filename, content_type="application/pdf", inline=inline)
    # The CSP middleware keeps a header already set. str(): WSGI servers accept only plain str header names.
    response[str(CSP.HEADER_ENFORCE)] = build_policy(PDF_CSP)
    return response
