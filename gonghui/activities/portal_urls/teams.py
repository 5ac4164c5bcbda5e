"""Portal routes of part teams (this part edits only this file)."""

from django.urls import URLPattern, path  # noqa: F401

from ..views import portal_teams  # noqa: F401

urlpatterns: list[URLPattern] = []
