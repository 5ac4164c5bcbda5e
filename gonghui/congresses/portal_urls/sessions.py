"""Portal routes of part sessions (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_sessions

urlpatterns: list[URLPattern] = [
    path("sessions/<uuid:public_id>/", portal_sessions.session_detail, name="session_detail"),
]
