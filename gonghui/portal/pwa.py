"""The member portal as an installable web app: its manifest, its service worker and the page shown offline.

The worker (static/js/sw.js, served here at /portal/sw.js so its scope is /portal/) caches only /static/ files, the
offline page and the one member page 我的会员码 (/portal/member-code/, so the rotating code shows offline; network
first, dropped when the answer is a redirect) — no other member page's HTML, never an /api/ answer — and empties its
caches on logout. Nothing here reads the user: the three answers are the same for everyone.
"""

import hashlib
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

APP_NAME = "工会会员服务"
SHORT_NAME = "会员服务"
THEME_COLOR = "#c8161d"  # the portal header's red (static/css/app.css .portal-header)
BACKGROUND_COLOR = "#f4f6fa"  # the portal body's grey
SCOPE = "/portal/"
SW_SOURCE = "js/sw.js"
CACHE_PREFIX = "gonghui-portal-"
# What the offline page needs to look like the portal; the worker stores these when it installs.
PRECACHED_STATIC = (
    "vendor/tabler/tabler.min.css",
    "css/app.css",
    "css/portal.css",
    "favicon.svg",
    "vendor/tabler-icons/sprite.svg",
    "js/app.js",
    "js/portal.js",
    "js/pwa.js",
    "django_htmx/htmx-2.min.js",
)
ICONS = (
    ("portal/icons/icon-192.png", "192x192", "any"),
    ("portal/icons/icon-512.png", "512x512", "any"),
    ("portal/icons/maskable-192.png", "192x192", "maskable"),
    ("portal/icons/maskable-512.png", "512x512", "maskable"),
)


def web_app_manifest() -> dict[str, Any]:
    return {
        "id": SCOPE,
        "name": APP_NAME,
        "short_name": SHORT_NAME,
        "description": "工会会员的入会、会员卡、诉求、答题等服务",
        "lang": "zh-CN",
        "dir": "ltr",
        "start_url": reverse("portal:home"),
        "scope": SCOPE,
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": static(path), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for path, sizes, purpose in ICONS
        ],
    }


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        web_app_manifest(),
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
        headers={"Cache-Control": "no-cache"},
    )


def _sw_source_path() -> Path:
    """static/js/sw.js from the app's static folders, else from collectstatic's STATIC_ROOT."""
    found = finders.find(SW_SOURCE)
    if isinstance(found, str):
        return Path(found)
    return Path(staticfiles_storage.path(SW_SOURCE))


def cache_version(source: str) -> str:
    """Names the worker's cache: changes with the worker's code and, in production, with every collectstatic
    (the static manifest's hash), so a deploy drops the old cache."""
    manifest_hash = str(getattr(staticfiles_storage, "manifest_hash", ""))
    return hashlib.sha256(f"{manifest_hash}\n{source}".encode()).hexdigest()[:12]


def worker_config(source: str) -> dict[str, Any]:
    return {
        "cacheName": CACHE_PREFIX + cache_version(source),
        "cachePrefix": CACHE_PREFIX,
        "staticUrl": settings.STATIC_URL,
        "offlineUrl": reverse("portal:offline"),
        "loginUrl": reverse("portal:login"),
        "precache": [static(path) for path in PRECACHED_STATIC],
    }


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The worker script with its settings on the first line. Browsers check it for updates on every visit (no-cache);
    its bytes change when the cache version does, which installs the new worker."""
    source = _sw_source_path().read_text(encoding="utf-8")
    config = json.dumps(worker_config(source), ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(
        f"const GONGHUI_PWA = {config};\n{source}",
        content_type="application/javascript; charset=utf-8",
        headers={"Service-Worker-Allowed": SCOPE, "Cache-Control": "no-cache"},
    )


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the worker shows when a page cannot be loaded. Open to everyone and the same for everyone; the worker
    fetches it without cookies, so the stored copy belongs to no member."""
    return render(request, "portal/offline.html")
