"""Portal routes of part reading (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_reading

urlpatterns: list[URLPattern] = [
    path("", portal_reading.portal_list, name="portal_list"),
]
