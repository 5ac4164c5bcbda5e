"""Portal routes of part volunteers (this part edits only this file)."""

from django.urls import URLPattern, path  # noqa: F401

from ..views import portal_volunteers  # noqa: F401

urlpatterns: list[URLPattern] = []
