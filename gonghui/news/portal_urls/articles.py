"""Portal routes of part articles (this part edits only this file)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
