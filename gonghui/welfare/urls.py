"""困难职工帮扶 (console): one section per part; a part edits only its own section."""

from django.urls import path

from .views import aid, classing, cycle, files, households, intake

app_name = "welfare"

urlpatterns = [
    # part files (views/files.py): the list, the file page, the flow 初审 → 入户调查 → 审核 → 公示 → 建档
    path("", files.file_list, name="list"),
    path("export/", files.file_export, name="export"),
    path("<int:pk>/", files.file_detail, name="detail"),
    path("<int:pk>/unit-check/", files.unit_check_view, name="unit_check"),
    path("<int:pk>/survey/", files.survey_view, name="survey"),
    path("<int:pk>/review/", files.review_view, name="review"),
    path("<int:pk>/publicise/", files.publicise_view, name="publicise"),
    path("<int:pk>/file/", files.file_view, name="file"),
    path("<int:pk>/reject/", files.reject_view, name="reject"),
    # part intake (views/intake.py): applications entered by the union, from a 诉求, edits, the consent upload
    path("new/", intake.file_create_view, name="create"),
    path("from-appeal/<int:appeal_id>/", intake.from_appeal_view, name="from_appeal"),
    path("<int:pk>/edit/", intake.file_edit_view, name="edit"),
    path("<int:pk>/consent/", intake.consent_upload_view, name="consent_upload"),
    # part households (views/households.py): the people of the household, the audited reveal
    path("<int:pk>/people/new/", households.person_add_view, name="person_add"),
    path("people/<int:person_id>/edit/", households.person_edit_view, name="person_edit"),
    path("people/<int:person_id>/remove/", households.person_remove_view, name="person_remove"),
    path("<int:pk>/reveal/", households.reveal_view, name="reveal"),
    # part classing (views/classing.py): 低保 lines, rigid spending and events, the computed class and decision
    path("lines/", classing.line_list, name="lines"),
    path("lines/new/", classing.line_create_view, name="line_create"),
    path("lines/<int:line_id>/edit/", classing.line_edit_view, name="line_edit"),
    path("<int:pk>/expenses/", classing.expenses_view, name="expenses"),
    path("<int:pk>/classify/", classing.classify_view, name="classify"),
    # part cycle (views/cycle.py): yearly 复核, 脱困, 注销, follow-ups, counts
    path("reviews/", cycle.reviews_due, name="reviews_due"),
    path("<int:pk>/annual-review/", cycle.annual_review_view, name="annual_review"),
    path("<int:pk>/lift/", cycle.lift_view, name="lift"),
    path("<int:pk>/close/", cycle.close_view, name="close"),
    path("follow-ups/<int:follow_up_id>/", cycle.follow_up_view, name="follow_up"),
    path("stats/", cycle.stats_view, name="stats"),
    # part aid (views/aid.py): aid through the ledger, totals, the export in the national system's columns
    path("aid/", aid.aid_list, name="aid_list"),
    path("aid/export/", aid.aid_export, name="aid_export"),
    path("<int:pk>/aid/new/", aid.aid_add_view, name="aid_add"),
    path("aid/layouts/", aid.layout_list, name="aid_layouts"),
    path("aid/layouts/new/", aid.layout_create_view, name="aid_layout_create"),
    path("aid/layouts/<int:layout_id>/edit/", aid.layout_edit_view, name="aid_layout_edit"),
]
