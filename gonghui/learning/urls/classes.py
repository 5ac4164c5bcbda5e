"""Console routes of part classes (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import classes

urlpatterns: list[URLPattern] = [
    path("classes/", classes.class_list, name="class_list"),
    path("hours/", classes.hours_report, name="hours_report"),
]
