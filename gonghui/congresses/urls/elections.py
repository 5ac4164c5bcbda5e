"""Console routes of part elections (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import elections

urlpatterns: list[URLPattern] = [
    path("elections/", elections.election_list, name="election_list"),
    path("elections/export/", elections.election_export, name="election_export"),
    path("elections/new/<str:code>/", elections.election_start, name="election_start"),
    path("elections/<uuid:public_id>/", elections.election_detail, name="election_detail"),
    path("elections/<uuid:public_id>/request/", elections.election_request, name="election_request"),
    path(
        "elections/<uuid:public_id>/approve-plan/",
        elections.election_approve_plan,
        name="election_approve_plan",
    ),
    path("elections/<uuid:public_id>/result/", elections.election_result, name="election_result"),
    path(
        "elections/<uuid:public_id>/approve-result/",
        elections.election_approve_result,
        name="election_approve_result",
    ),
    path("elections/<uuid:public_id>/cancel/", elections.election_cancel, name="election_cancel"),
]
