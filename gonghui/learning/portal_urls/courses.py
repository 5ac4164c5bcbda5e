"""Portal routes of part courses (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_courses

urlpatterns: list[URLPattern] = [
    path("", portal_courses.home, name="home"),
]
