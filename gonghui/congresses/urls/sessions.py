"""Console routes of part sessions (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import sessions

urlpatterns: list[URLPattern] = [
    path("<uuid:public_id>/sessions/new/", sessions.session_create, name="session_create"),
    path("sessions/<uuid:public_id>/", sessions.session_detail, name="session_detail"),
    path("sessions/<uuid:public_id>/edit/", sessions.session_edit, name="session_edit"),
    path("sessions/<uuid:public_id>/open/", sessions.session_open, name="session_open"),
    path("sessions/<uuid:public_id>/close/", sessions.session_close, name="session_close"),
    path("sessions/<uuid:public_id>/quorum/", sessions.session_quorum, name="session_quorum"),
    path("sessions/<uuid:public_id>/scan/", sessions.session_scan, name="session_scan"),
    path("sessions/<uuid:public_id>/documents/", sessions.session_attach, name="session_attach"),
    path(
        "sessions/<uuid:public_id>/documents/<uuid:attachment_id>/delete/",
        sessions.session_detach,
        name="session_detach",
    ),
    path("sessions/<uuid:public_id>/motions/new/", sessions.motion_create, name="motion_create"),
    path("motions/<uuid:public_id>/edit/", sessions.motion_edit, name="motion_edit"),
    path("motions/<uuid:public_id>/delete/", sessions.motion_delete, name="motion_delete"),
    path("motions/<uuid:public_id>/count/", sessions.motion_count, name="motion_count"),
    path("motions/<uuid:public_id>/ballot/open/", sessions.motion_ballot_open, name="motion_ballot_open"),
    path("motions/<uuid:public_id>/ballot/close/", sessions.motion_ballot_close, name="motion_ballot_close"),
    path("motions/<uuid:public_id>/publish/", sessions.motion_publish, name="motion_publish"),
    path("petitions/", sessions.petition_list, name="petition_list"),
]
