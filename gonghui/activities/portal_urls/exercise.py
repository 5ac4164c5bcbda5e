"""Portal routes of part exercise (this part edits only this file)."""

from django.urls import URLPattern, path  # noqa: F401

from ..views import portal_exercise  # noqa: F401

urlpatterns: list[URLPattern] = []
