"""评选表彰与劳模工匠: one section per part; a part edits only its own section."""

from django.urls import path

from .views import campaigns, homes, naming, nominations, records, studios, workers

app_name = "honours"

urlpatterns = [
    # part campaigns (views/campaigns.py)
    path("", campaigns.campaign_list, name="list"),
    path("new/", campaigns.campaign_create_view, name="create"),
    path("<int:pk>/", campaigns.campaign_detail, name="detail"),
    path("<int:pk>/edit/", campaigns.campaign_edit, name="edit"),
    path("<int:pk>/start/", campaigns.campaign_start_view, name="start"),
    path("<int:pk>/advance/", campaigns.campaign_advance_view, name="advance"),
    path("<int:pk>/cancel/", campaigns.campaign_cancel_view, name="cancel"),
    # part nominations (views/nominations.py)
    path("<int:pk>/nominations/", nominations.nomination_list, name="nominations"),
    path("<int:pk>/nominations/new/", nominations.nomination_create_view, name="nomination_create"),
    path("<int:pk>/nominations/export/", nominations.nominations_export, name="nominations_export"),
    path("nominations/<int:nomination_id>/", nominations.nomination_detail, name="nomination_detail"),
    path("nominations/<int:nomination_id>/edit/", nominations.nomination_edit_view, name="nomination_edit"),
    path(
        "nominations/<int:nomination_id>/submit/",
        nominations.nomination_submit_view,
        name="nomination_submit",
    ),
    path(
        "nominations/<int:nomination_id>/withdraw/",
        nominations.nomination_withdraw_view,
        name="nomination_withdraw",
    ),
    path(
        "nominations/<int:nomination_id>/return/",
        nominations.nomination_return_view,
        name="nomination_return",
    ),
    path(
        "nominations/<int:nomination_id>/review/",
        nominations.nomination_review_view,
        name="nomination_review",
    ),
    path(
        "nominations/<int:nomination_id>/materials/",
        nominations.nomination_material_add_view,
        name="nomination_material_add",
    ),
    path(
        "nominations/<int:nomination_id>/materials/remove/",
        nominations.nomination_material_remove_view,
        name="nomination_material_remove",
    ),
    # part naming (views/naming.py)
    path("<int:pk>/city-review/", naming.city_review, name="city_review"),
    path("<int:pk>/city-review/start/", naming.city_review_start_view, name="city_review_start"),
    path("<int:pk>/city-review/finalise/", naming.city_review_finalise_view, name="city_review_finalise"),
    path("<int:pk>/city-review/export/", naming.city_review_export_view, name="city_review_export"),
    path("<int:pk>/meeting/", naming.meeting, name="meeting"),
    path("<int:pk>/publication/", naming.publication, name="publication"),
    path("<int:pk>/naming/", naming.naming, name="naming"),
    path("<int:pk>/naming/document/", naming.naming_document, name="naming_document"),
    path("<int:pk>/rewards/", naming.rewards, name="rewards"),
    # part records (views/records.py)
    path("records/", records.honour_list, name="honour_list"),
    path("records/new/", records.honour_create, name="honour_create"),
    path("records/export/", records.honour_export, name="honour_export"),
    path("records/<int:honour_id>/", records.honour_detail, name="honour_detail"),
    path("records/<int:honour_id>/edit/", records.honour_edit, name="honour_edit"),
    path("records/<int:honour_id>/revoke/", records.honour_revoke_view, name="honour_revoke"),
    path("records/<int:honour_id>/photo/", records.honour_photo_add_view, name="honour_photo_add"),
    # part workers (views/workers.py)
    path("workers/", workers.worker_list, name="worker_list"),
    path("workers/new/", workers.worker_create_view, name="worker_create"),
    path("workers/export/", workers.worker_export, name="worker_export"),
    path("workers/<int:worker_id>/", workers.worker_detail, name="worker_detail"),
    path("workers/<int:worker_id>/edit/", workers.worker_edit, name="worker_edit"),
    path("workers/<int:worker_id>/care/new/", workers.care_add, name="care_add"),
    path("workers/<int:worker_id>/visits/new/", workers.visit_add, name="visit_add"),
    path("workers/<int:worker_id>/actions/new/", workers.action_add, name="action_add"),
    path("actions/", workers.action_list, name="action_list"),
    path("actions/new/", workers.collective_action_add, name="collective_action_add"),
    path("actions/export/", workers.action_export, name="action_export"),
    # part studios (views/studios.py)
    path("studios/", studios.studio_board, name="studio_board"),
    path("studios/apply/", studios.studio_apply_view, name="studio_apply"),
    path("studios/export/", studios.studio_export_view, name="studio_export"),
    path("studios/<int:studio_id>/", studios.studio_detail, name="studio_detail"),
    path("studios/<int:studio_id>/edit/", studios.studio_edit, name="studio_edit"),
    path("studios/<int:studio_id>/outputs/new/", studios.output_add, name="output_add"),
    path("studios/<int:studio_id>/tranches/new/", studios.tranche_pay_view, name="tranche_pay"),
    path(
        "studios/<int:studio_id>/assessments/new/", studios.assessment_create_view, name="assessment_create"
    ),
    path("studios/<int:studio_id>/delist/", studios.studio_delist_view, name="studio_delist"),
    path("assessments/<int:assessment_id>/", studios.assessment_detail, name="assessment_detail"),
    path("assessments/<int:assessment_id>/decide/", studios.assessment_decide_view, name="assessment_decide"),
    # part homes (views/homes.py)
    path("homes/", homes.home_list, name="home_list"),
    path("homes/new/", homes.home_create, name="home_create"),
    path("homes/<int:home_id>/", homes.home_detail, name="home_detail"),
    path("homes/<int:home_id>/units/", homes.home_units_add_view, name="home_units_add"),
    path("homes/<int:home_id>/open/", homes.home_open, name="home_open"),
    path("homes/<int:home_id>/close/", homes.home_close, name="home_close"),
]
