from django.urls import path

from .views import judging, rounds, self_assessment, sheet_templates

app_name = "reviews"

urlpatterns = [
    # console: 评审管理 (the organiser)
    path("", rounds.round_list, name="round_list"),
    path("new/", rounds.round_create_view, name="round_create"),
    path("<int:pk>/", rounds.round_detail, name="round_detail"),
    path("<int:pk>/entries/new/", rounds.entry_add_view, name="entry_add"),
    path("<int:pk>/judges/new/", rounds.judge_add_view, name="judge_add"),
    path("<int:pk>/entries/<int:entry_id>/remove/", rounds.entry_remove_view, name="entry_remove"),
    path("<int:pk>/judges/<int:judge_id>/remove/", rounds.judge_remove_view, name="judge_remove"),
    path("<int:pk>/rules/", rounds.round_rules_view, name="round_rules"),
    path("<int:pk>/open/", rounds.round_open_view, name="round_open"),
    path("<int:pk>/close/", rounds.round_close_view, name="round_close"),
    path("<int:pk>/results/", rounds.round_results_view, name="round_results"),
    path("<int:pk>/export/sheets/", rounds.export_sheets, name="export_sheets"),
    path("<int:pk>/export/results/", rounds.export_results, name="export_results"),
    path("sheets/<int:pk>/", rounds.sheet_detail, name="sheet_detail"),
    path("sheets/<int:pk>/reopen/", rounds.sheet_reopen_view, name="sheet_reopen"),
    path("templates/", sheet_templates.template_list, name="template_list"),
    path("templates/new/", sheet_templates.template_create_view, name="template_create"),
    path("templates/<int:pk>/", sheet_templates.template_detail, name="template_detail"),
    path("templates/<int:pk>/edit/", sheet_templates.template_edit_view, name="template_edit"),
    # console: 我的评审 (the judge, on a phone)
    path("judging/", judging.judge_round_list, name="judge_list"),
    path("judging/<int:judge_id>/", judging.judge_round, name="judge_round"),
    path("judging/<int:judge_id>/entries/<int:entry_id>/", judging.judge_sheet, name="judge_sheet"),
    path(
        "judging/<int:judge_id>/entries/<int:entry_id>/conflict/",
        judging.judge_conflict,
        name="judge_conflict",
    ),
    # console: 自评 (the entrant union in a 自评+考评 round)
    path("self/", self_assessment.self_list, name="self_list"),
    path("self/<int:entry_id>/", self_assessment.self_sheet, name="self_sheet"),
    path("self/<int:entry_id>/evidence/", self_assessment.self_evidence_add, name="self_evidence_add"),
    path(
        "self/<int:entry_id>/evidence/<uuid:public_id>/delete/",
        self_assessment.self_evidence_delete,
        name="self_evidence_delete",
    ),
]
