"""活动与志愿服务 (the member's pages on the portal): one module per part; a part edits only its own."""

from django.urls import URLPattern

from . import attendance, events, exercise, signup, teams, volunteers

app_name = "activities_portal"

urlpatterns: list[URLPattern] = [
    *events.urlpatterns,
    *signup.urlpatterns,
    *attendance.urlpatterns,
    *teams.urlpatterns,
    *exercise.urlpatterns,
    *volunteers.urlpatterns,
]
