"""The installable portal: the web app manifest, the service worker script and the offline page are the same for
everyone, need no login, and the worker is told to keep nothing but /static/ files and the offline page."""

import json
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from gonghui.accounts.identity import decrypt_identifier
from gonghui.portal import pwa


def _config(script: str) -> dict[str, Any]:
    first, _, rest = script.partition("\n")
    assert first.startswith("const GONGHUI_PWA = ")
    assert first.endswith(";")
    assert 'self.addEventListener("fetch"' in rest
    config: dict[str, Any] = json.loads(first.removeprefix("const GONGHUI_PWA = ").removesuffix(";"))
    return config


def test_manifest_names_the_portal_and_its_icons(client, db):
    # when
    r = client.get(reverse("portal:manifest"))
    # then
    assert r.status_code == 200
    assert r["Content-Type"] == "application/manifest+json"
    manifest = json.loads(r.content)
    assert manifest["name"] == "工会会员服务"
    assert manifest["short_name"] == "会员服务"
    assert "工会会员服务" in r.content.decode()  # UTF-8, not \u escapes
    assert manifest["start_url"] == "/portal/"
    assert manifest["scope"] == "/portal/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#c8161d"
    assert manifest["background_color"] == "#f4f6fa"
    icons = {(icon["sizes"], icon["purpose"]): icon for icon in manifest["icons"]}
    assert set(icons) == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("192x192", "maskable"),
        ("512x512", "maskable"),
    }
    for (sizes, _purpose), icon in icons.items():
        assert icon["type"] == "image/png"
        assert icon["src"].startswith("/static/portal/icons/")
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert isinstance(path, str), icon["src"]
        with open(path, "rb") as f:
            header = f.read(24)
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(header[16:20]), int.from_bytes(header[20:24])
        assert f"{width}x{height}" == sizes


def test_service_worker_is_served_for_the_portal_scope_and_never_cached(client, db):
    # when
    r = client.get(reverse("portal:sw"))
    # then
    assert r.status_code == 200
    assert r["Content-Type"] == "application/javascript; charset=utf-8"
    assert r["Service-Worker-Allowed"] == "/portal/"
    assert r["Cache-Control"] == "no-cache"
    assert reverse("portal:sw") == "/portal/sw.js"
    config = _config(r.content.decode())
    assert config["offlineUrl"] == reverse("portal:offline")
    assert config["loginUrl"] == reverse("portal:login")
    assert config["staticUrl"] == "/static/"
    # It stores static files only; the offline page is its one HTML page.
    precache = config["precache"]
    assert isinstance(precache, list)
    assert "/static/css/app.css" in precache
    assert all(url.startswith("/static/") for url in precache)
    missing = [url for url in precache if finders.find(url.removeprefix("/static/")) is None]
    assert missing == []
    assert str(config["cacheName"]).startswith("gonghui-portal-")


def test_service_worker_cache_name_changes_with_its_code(client, db, monkeypatch, tmp_path):
    first = _config(client.get(reverse("portal:sw")).content.decode())["cacheName"]
    assert _config(client.get(reverse("portal:sw")).content.decode())["cacheName"] == first
    # when the worker's code changes
    changed = tmp_path / "sw.js"
    changed.write_text(pwa._sw_source_path().read_text(encoding="utf-8") + "\n// changed\n", encoding="utf-8")
    monkeypatch.setattr(pwa, "_sw_source_path", lambda: changed)
    # then
    assert _config(client.get(reverse("portal:sw")).content.decode())["cacheName"] != first


@pytest.mark.parametrize("url_name", ["portal:manifest", "portal:sw", "portal:offline"])
def test_pwa_answers_refuse_posts(client, db, url_name):
    assert client.post(reverse(url_name)).status_code == 405


def test_offline_page_needs_no_login_and_shows_nobody(client, world):
    # when a visitor (as the worker fetches it: without cookies)
    r = client.get(reverse("portal:offline"))
    # then
    assert r.status_code == 200
    page = r.content.decode()
    assert "<h1>网络未连接</h1>" in page
    assert "为保护您的个人信息" in page
    assert 'name="csrfmiddlewaretoken"' not in page
    assert "底部导航" not in page
    for secret in (world.member_a.name, world.member_a.phone, world.member_a.phone_masked, world.org_a.name):
        assert secret not in page


def test_offline_page_for_a_logged_in_member_shows_no_personal_data(client, world, org_member):
    # given
    client.force_login(org_member)
    # when
    r = client.get(reverse("portal:offline"))
    # then
    assert r.status_code == 200
    page = r.content.decode()
    member = world.member_a
    for secret in (member.name, member.phone, member.phone_masked, member.id_number_masked):
        assert secret not in page
    assert decrypt_identifier(member.id_number_encrypted) not in page


@pytest.mark.parametrize("url_name", ["portal:login", "portal:offline"])
def test_portal_pages_link_the_manifest_and_the_worker(client, db, url_name):
    # when
    page = client.get(reverse(url_name)).content.decode()
    # then
    assert '<link rel="manifest" href="/portal/manifest.webmanifest">' in page
    assert '<meta name="theme-color" content="#c8161d">' in page
    assert (
        'src="/static/js/pwa.js" data-sw="/portal/sw.js" data-scope="/portal/" data-logout="/accounts/logout/"'
        in page
    )


def test_portal_member_pages_link_the_worker(client, org_member):
    # given
    client.force_login(org_member)
    # when
    page = client.get(reverse("portal:home")).content.decode()
    # then
    assert 'data-sw="/portal/sw.js"' in page
