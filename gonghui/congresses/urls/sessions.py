"""Console routes of part sessions (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import sessions

urlpatterns: list[URLPattern] = [
    path("<uuid:public_id>/sessions/new/", sessions.session_create, name="session_create"),
    path("sessions/<uuid:public_id>/", sessions.session_detail, name="session_detail"),
]
