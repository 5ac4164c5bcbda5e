"""Portal routes of part classes (this part edits only this file)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
