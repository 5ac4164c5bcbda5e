"""学习培训 (the member's pages on the portal): one routes module per part; a part edits only its own."""

from django.urls import URLPattern

from . import classes, courses, guidance

app_name = "learning_portal"

urlpatterns: list[URLPattern] = [
    *courses.urlpatterns,
    *classes.urlpatterns,
    *guidance.urlpatterns,
]
