"""The members URLconf: one list for every part (registry, joining, transfers, corrections, cards, and the
member's portal pages); the views live in `views/<part>.py`."""

from django.urls import path

from .choices import MemberAction
from .views import cards, committee_seats, corrections, joining, portal, registry, target_lists, transfers

app_name = "members"

urlpatterns = [
    path("", registry.member_list, name="member_list"),
    path("new/", registry.member_create_view, name="member_create"),
    path("<uuid:public_id>/", registry.member_detail, name="member_detail"),
    path("<uuid:public_id>/edit/", registry.member_edit, name="member_edit"),
    path("<uuid:public_id>/reveal/", registry.member_reveal_view, name="member_reveal"),
    path(
        "<uuid:public_id>/activation-invite/",
        registry.member_activation_invite_view,
        name="member_activation_invite",
    ),
    path(
        "<uuid:public_id>/leave/",
        registry.member_status_change,
        {"action": MemberAction.LEAVE},
        name="member_leave",
    ),
    path(
        "<uuid:public_id>/retire-keep/",
        registry.member_status_change,
        {"action": MemberAction.RETIRE_KEEP},
        name="member_retire_keep",
    ),
    path(
        "<uuid:public_id>/death/",
        registry.member_status_change,
        {"action": MemberAction.DEATH},
        name="member_death",
    ),
    path(
        "<uuid:public_id>/reinstate/",
        registry.member_status_change,
        {"action": MemberAction.REINSTATE},
        name="member_reinstate",
    ),
    # public: 网上入会
    path("join/", joining.join_start, name="join_start"),
    path("join/unit/", joining.join_unit, name="join_unit"),
    path("join/unit/search/", joining.join_unit_search, name="join_unit_search"),
    path("join/apply/", joining.join_apply, name="join_apply"),
    path("join/done/", joining.join_done, name="join_done"),
    path("join/resubmit/<str:token>/", joining.join_resubmit, name="join_resubmit"),
    path("join/withdraw/<str:token>/", joining.join_withdraw, name="join_withdraw"),
    # console: join applications
    path("join-applications/", joining.join_application_list, name="join_application_list"),
    path(
        "join-applications/<uuid:public_id>/", joining.join_application_detail, name="join_application_detail"
    ),
    path(
        "join-applications/<uuid:public_id>/approve/",
        joining.join_application_approve_view,
        name="join_application_approve",
    ),
    path(
        "join-applications/<uuid:public_id>/reject/",
        joining.join_application_reject_view,
        name="join_application_reject",
    ),
    # console: each union's join link and QR poster
    path("join-poster/", joining.join_poster_index, name="join_poster_index"),
    path("join-poster/<str:code>/", joining.join_poster, name="join_poster"),
    path("join-poster/<str:code>/print/", joining.join_poster_print, name="join_poster_print"),
    # console and portal: transfers
    path("transfers/", transfers.transfer_list, name="transfer_list"),
    path("transfers/mine/", portal.transfer_mine, name="transfer_mine"),
    path("transfers/mine/<uuid:public_id>/cancel/", portal.transfer_mine_cancel, name="transfer_mine_cancel"),
    path("transfers/mine/target/", transfers.transfer_mine_target, name="transfer_mine_target"),
    path("transfers/new/<uuid:member_public_id>/", transfers.transfer_create, name="transfer_create"),
    path("transfers/<uuid:public_id>/", transfers.transfer_detail, name="transfer_detail"),
    path(
        "transfers/<uuid:public_id>/approve-out/",
        transfers.transfer_approve_out_view,
        name="transfer_approve_out",
    ),
    path(
        "transfers/<uuid:public_id>/approve-in/",
        transfers.transfer_approve_in_view,
        name="transfer_approve_in",
    ),
    path("transfers/<uuid:public_id>/reject/", transfers.transfer_reject_view, name="transfer_reject"),
    path("transfers/<uuid:public_id>/cancel/", transfers.transfer_cancel_view, name="transfer_cancel"),
    path("transfers/<uuid:public_id>/letter/", transfers.transfer_letter, name="transfer_letter"),
    # portal and console: corrections
    path("corrections/", corrections.correction_list, name="correction_list"),
    path("corrections/mine/", portal.correction_mine, name="correction_mine"),
    path("corrections/<uuid:public_id>/", corrections.correction_detail, name="correction_detail"),
    path(
        "corrections/<uuid:public_id>/approve/",
        corrections.correction_approve_view,
        name="correction_approve",
    ),
    path(
        "corrections/<uuid:public_id>/reject/", corrections.correction_reject_view, name="correction_reject"
    ),
    path("cards/", cards.card_application_list, name="card_application_list"),
    path("cards/eligible/", cards.card_eligible_list, name="card_eligible_list"),
    path("cards/apply/", cards.card_apply_bulk_view, name="card_apply_bulk"),
    path("cards/collect/", cards.card_collect_bulk_view, name="card_collect_bulk"),
    path("cards/mine/", portal.card_mine, name="card_mine"),
    path("cards/mine/edit/", portal.card_mine_edit, name="card_mine_edit"),
    path("cards/mine/reissue/", portal.card_mine_reissue, name="card_mine_reissue"),
    path("cards/<uuid:public_id>/", cards.card_application_detail, name="card_application_detail"),
    path("cards/<uuid:public_id>/edit/", cards.card_application_edit, name="card_application_edit"),
    path("cards/<uuid:public_id>/collect/", cards.card_application_collect, name="card_application_collect"),
    path(
        "cards/<uuid:public_id>/lost/",
        cards.card_application_report_lost,
        name="card_application_report_lost",
    ),
    path("cards/<uuid:public_id>/reissue/", cards.card_application_reissue, name="card_application_reissue"),
    path("card-batches/", cards.card_batch_list, name="card_batch_list"),
    path("card-batches/new/", cards.card_batch_create_view, name="card_batch_create"),
    path("card-batches/<uuid:public_id>/", cards.card_batch_detail, name="card_batch_detail"),
    path("card-batches/<uuid:public_id>/add/", cards.card_batch_add_view, name="card_batch_add"),
    path(
        "card-batches/<uuid:public_id>/remove/<uuid:application_id>/",
        cards.card_batch_remove_view,
        name="card_batch_remove",
    ),
    path("card-batches/<uuid:public_id>/send/", cards.card_batch_send_view, name="card_batch_send"),
    path("card-batches/<uuid:public_id>/export/", cards.card_batch_export_view, name="card_batch_export"),
    path("card-batches/<uuid:public_id>/import/", cards.card_batch_import_view, name="card_batch_import"),
    path("card-templates/", cards.card_template_list, name="card_template_list"),
    path("card-templates/new/", cards.card_template_create, name="card_template_create"),
    path("card-templates/<int:pk>/", cards.card_template_edit, name="card_template_edit"),
    path("card-templates/<int:pk>/delete/", cards.card_template_delete, name="card_template_delete"),
    # console: member filters and target lists (名单管理)
    path("filter-count/", target_lists.member_filter_count_view, name="member_filter_count"),
    path("target-lists/", target_lists.target_list_list, name="target_list_list"),
    path("target-lists/new/", target_lists.target_list_create, name="target_list_create"),
    path("target-lists/import/", target_lists.target_list_import_view, name="target_list_import"),
    path(
        "target-lists/import/template/",
        target_lists.target_list_import_template_view,
        name="target_list_import_template",
    ),
    path("target-lists/<uuid:public_id>/", target_lists.target_list_detail, name="target_list_detail"),
    path("target-lists/<uuid:public_id>/export/", target_lists.target_list_export, name="target_list_export"),
    path(
        "target-lists/<uuid:public_id>/delete/",
        target_lists.target_list_delete_view,
        name="target_list_delete",
    ),
    # console: the seats on a union's committees (三委委员名单)
    path("committees/<str:code>/", committee_seats.committees, name="committees"),
    path(
        "committees/<str:code>/<int:committee_pk>/seats/add/",
        committee_seats.committee_seat_add_view,
        name="committee_seat_add",
    ),
    path(
        "committees/<str:code>/seats/<int:pk>/role/",
        committee_seats.committee_seat_role_view,
        name="committee_seat_role",
    ),
    path(
        "committees/<str:code>/seats/<int:pk>/remove/",
        committee_seats.committee_seat_remove_view,
        name="committee_seat_remove",
    ),
]
