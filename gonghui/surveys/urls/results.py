"""Console routes of part results (this part edits only this file)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
