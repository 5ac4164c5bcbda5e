"""Platform warnings for admins, and the PDF service with embedded CJK fonts."""

import re
import zlib

import pytest

from conftest import make_cadre
from gonghui.core import health, pdf


def _pdf_objects(content: bytes) -> bytes:
    """The PDF with its compressed streams inflated (WeasyPrint packs objects into object streams)."""
    parts = [content]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_pdf_embeds_a_cjk_font():
    if not pdf.cjk_font_available():
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    content = pdf.render_pdf("core/pdf/base.html", {"title": "组织关系介绍信"})
    assert content.startswith(b"%PDF")
    objects = _pdf_objects(content)
    assert b"/FontFile" in objects  # the font is embedded, not merely referenced
    assert b"NotoSerifCJK" in objects


def test_pdf_response_names_the_file():
    response = pdf.pdf_response(b"%PDF-1.7", "介绍信.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "inline; filename*=UTF-8''%E4%BB%8B%E7%BB%8D%E4%BF%A1.pdf"


def test_admins_are_warned_when_no_cjk_font_is_installed(client, world, monkeypatch):
    # given: a platform without CJK fonts
    monkeypatch.setattr(health, "cjk_font_available", lambda: False)
    staff = make_cadre("staff_only", world.org_a, role="union_staff")
    # when / then: the union admin sees the warning, a 干事 does not
    client.force_login(world.org_admin)
    assert "服务器未安装中文字体" in client.get("/").content.decode()
    client.force_login(staff)
    assert "服务器未安装中文字体" not in client.get("/").content.decode()


def test_no_font_warning_when_fonts_exist(monkeypatch):
    monkeypatch.setattr(health, "cjk_font_available", lambda: True)
    assert health.cjk_font_warning() == ""
