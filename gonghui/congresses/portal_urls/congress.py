"""Portal routes of part congress (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_congress

urlpatterns: list[URLPattern] = [
    path("", portal_congress.home, name="home"),
]
