"""Console routes of part assessing (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import assessing

urlpatterns: list[URLPattern] = [
    path("self/", assessing.self_list, name="self_list"),
    path("targets/<uuid:public_id>/self/", assessing.self_assess, name="self_assess"),
    path(
        "targets/<uuid:public_id>/self/evidence/<uuid:attachment_id>/delete/",
        assessing.self_evidence_delete,
        name="self_evidence_delete",
    ),
    path("targets/<uuid:public_id>/self/return/", assessing.self_return, name="self_return"),
    path("assess/", assessing.assess_list, name="assess_list"),
    path("targets/<uuid:public_id>/assess/", assessing.assess, name="assess"),
]
