"""Portal routes of part profiles (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_profiles

urlpatterns: list[URLPattern] = [
    path("", portal_profiles.home, name="home"),
]
