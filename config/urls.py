"""URL root: the console home, each app's URLconf from the registry, and the API."""

from django.urls import include, path

from config.api import api
from gonghui.accounts import views as account_views
from gonghui.core.registry import url_includes

urlpatterns = [
    path("", account_views.home, name="home"),
    *[path(entry.prefix, include(entry.module)) for entry in url_includes],
    path("api/v1/", api.urls),
]

handler400 = "gonghui.core.views.bad_request"
handler403 = "gonghui.core.views.permission_denied"
handler404 = "gonghui.core.views.page_not_found"
handler500 = "gonghui.core.views.server_error"
