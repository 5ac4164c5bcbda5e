"""学习培训 (console): one routes module per part; a part edits only its own."""

from django.urls import URLPattern

from . import classes, courses, guidance

app_name = "learning"

urlpatterns: list[URLPattern] = [
    *courses.urlpatterns,
    *classes.urlpatterns,
    *guidance.urlpatterns,
]
