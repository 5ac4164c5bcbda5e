"""Console routes of part courses (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import courses

urlpatterns: list[URLPattern] = [
    path("courses/", courses.course_list, name="course_list"),
]
