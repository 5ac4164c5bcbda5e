"""Portal routes of part guidance (this part edits only this file)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
