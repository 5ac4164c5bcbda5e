"""Portal routes of part review (this part edits only this file)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
