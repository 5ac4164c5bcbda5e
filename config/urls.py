"""URL root: the console home, each app's URLconf from the registry, the API, and /favicon.ico."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from config.api import api
from gonghui.accounts import views as account_views
from gonghui.core.registry import url_includes


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever a page links: the emblem of static/ (favicon.svg is its vector twin)."""
    icon = (settings.BASE_DIR / "static" / "favicon.ico").read_bytes()
    return HttpResponse(icon, content_type="image/x-icon", headers={"Cache-Control": "public, max-age=86400"})


urlpatterns = [
    path("", account_views.home, name="home"),
    path("favicon.ico", favicon, name="favicon"),
    *[path(entry.prefix, include(entry.module)) for entry in url_includes],
    path("api/v1/", api.urls),
]

handler400 = "gonghui.core.views.bad_request"
handler403 = "gonghui.core.views.permission_denied"
handler404 = "gonghui.core.views.page_not_found"
handler500 = "gonghui.core.views.server_error"
