"""Portal routes of part sessions (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_sessions

urlpatterns: list[URLPattern] = [
    path("sessions/<uuid:public_id>/", portal_sessions.session_detail, name="session_detail"),
    path("motions/<uuid:public_id>/vote/", portal_sessions.motion_vote, name="motion_vote"),
    path("petitions/", portal_sessions.petition_list, name="petition_list"),
    path("petitions/new/", portal_sessions.petition_create, name="petition_create"),
    path("petitions/<uuid:public_id>/", portal_sessions.petition_detail, name="petition_detail"),
    path("petitions/<uuid:public_id>/sign/", portal_sessions.petition_sign, name="petition_sign"),
    path("petitions/<uuid:public_id>/withdraw/", portal_sessions.petition_withdraw, name="petition_withdraw"),
]
