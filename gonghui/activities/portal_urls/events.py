"""Portal routes of part events (this part edits only this file)."""

from django.urls import URLPattern, path  # noqa: F401

from ..views import portal_events  # noqa: F401

urlpatterns: list[URLPattern] = []
