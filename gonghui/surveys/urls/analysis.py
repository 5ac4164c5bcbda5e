"""Console routes of part analysis (this part edits only this file): 职工诉求与思想状况分析."""

from django.urls import URLPattern, path

from ..views import analysis

urlpatterns: list[URLPattern] = [
    path("analyses/", analysis.analysis_list, name="analysis_list"),
    path("analyses/new/", analysis.analysis_create, name="analysis_create"),
    path("analyses/<uuid:public_id>/", analysis.analysis_detail, name="analysis_detail"),
    path("analyses/<uuid:public_id>/edit/", analysis.analysis_edit, name="analysis_edit"),
    path("analyses/<uuid:public_id>/redraft/", analysis.analysis_redraft, name="analysis_redraft"),
    path("analyses/<uuid:public_id>/issue/", analysis.analysis_issue, name="analysis_issue"),
    path("analyses/<uuid:public_id>/pdf/", analysis.analysis_pdf, name="analysis_pdf"),
    path("analyses/<uuid:public_id>/export/", analysis.analysis_export, name="analysis_export"),
]
