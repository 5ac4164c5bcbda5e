"""Portal routes of part attendance (this part edits only this file)."""

from django.urls import URLPattern, path  # noqa: F401

from ..views import portal_attendance  # noqa: F401

urlpatterns: list[URLPattern] = []
