"""The member's 我的会员码, mounted under /portal/ (at /portal/member-code/) so that the portal's service worker,
whose scope is /portal/, can keep this one page for showing the code offline (static/js/sw.js)."""

from django.urls import path

from .views import portal

app_name = "checkins_portal"

urlpatterns = [
    path("", portal.member_code, name="member_code"),
    path("issue/", portal.member_code_issue, name="member_code_issue"),
]
