"""Console routes of part rounds (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import rounds

urlpatterns: list[URLPattern] = [
    path("rounds/", rounds.round_list, name="round_list"),
    path("rounds/new/", rounds.round_create, name="round_create"),
    path("rounds/<uuid:public_id>/", rounds.round_detail, name="round_detail"),
    path("rounds/<uuid:public_id>/assessors/", rounds.round_assessors_view, name="round_assessors"),
    path("rounds/<uuid:public_id>/compute/", rounds.round_compute_view, name="round_compute"),
    path("rounds/<uuid:public_id>/open-self/", rounds.round_open_self_view, name="round_open_self"),
    path(
        "rounds/<uuid:public_id>/open-assessment/",
        rounds.round_open_assessment_view,
        name="round_open_assessment",
    ),
    path("rounds/<uuid:public_id>/open-recheck/", rounds.round_open_recheck_view, name="round_open_recheck"),
    path("rounds/<uuid:public_id>/freeze/", rounds.round_freeze_view, name="round_freeze"),
    path("rounds/<uuid:public_id>/publish/", rounds.round_publish_view, name="round_publish"),
    path("rounds/<uuid:public_id>/document/", rounds.round_document_view, name="round_document"),
    path("targets/<uuid:public_id>/", rounds.target_detail, name="target_detail"),
    path("targets/<uuid:public_id>/recheck/", rounds.recheck_submit_view, name="recheck_submit"),
    path("rechecks/<uuid:public_id>/decide/", rounds.recheck_decide_view, name="recheck_decide"),
]
