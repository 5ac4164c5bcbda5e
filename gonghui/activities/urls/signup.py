"""Console routes of part signup (this part edits only this file)."""

from django.urls import URLPattern, path  # noqa: F401

from ..views import signup  # noqa: F401

urlpatterns: list[URLPattern] = []
