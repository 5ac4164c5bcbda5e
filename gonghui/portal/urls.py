from django.urls import path

from gonghui.accounts.views import portal_login_view

from . import pwa, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", portal_login_view, name="login"),
    path("services/", views.services, name="services"),
    path("inbox/", views.inbox, name="inbox"),
    path("me/", views.me, name="me"),
    path("care-mode/", views.care_mode, name="care_mode"),  # 长辈版 on/off (issue 14 item 6)
    path("requests/", views.requests, name="requests"),  # 我的办理 (issue 14 item 4)
    path("certificates/", views.certificates, name="certificates"),  # 我的证书 (issue 15 item 1)
    path("certificates/<uuid:public_id>/", views.certificate, name="certificate"),
    # Installable portal (issue 14 item 9): web app manifest, service worker, offline page.
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="sw"),
    path("offline/", pwa.offline, name="offline"),
]
