"""Portal routes of part signup (this part edits only this file)."""

from django.urls import URLPattern, path  # noqa: F401

from ..views import portal_signup  # noqa: F401

urlpatterns: list[URLPattern] = []
