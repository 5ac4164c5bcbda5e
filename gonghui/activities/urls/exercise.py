"""Console routes of part exercise (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import exercise

urlpatterns: list[URLPattern] = [
    path("exercise/", exercise.routine_list, name="routine_list"),
]
