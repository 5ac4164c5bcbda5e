"""Portal routes of part moderation (this part edits only this file)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
