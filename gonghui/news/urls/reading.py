"""Console routes of part reading (this part edits only this file)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
