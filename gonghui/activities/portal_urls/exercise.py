"""Portal routes of part exercise (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_exercise

urlpatterns: list[URLPattern] = [
    path("exercise/", portal_exercise.exercise, name="exercise"),
]
