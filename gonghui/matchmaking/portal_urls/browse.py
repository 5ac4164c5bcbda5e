"""Portal routes of part browse (this part edits only this file)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
