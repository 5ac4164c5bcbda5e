from django.urls import path

from . import link_views, views

app_name = "workplans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("import/", views.plan_import, name="plan_import"),
    path("import/preview/", views.plan_import_preview, name="plan_import_preview"),
    path("<uuid:public_id>/", views.plan_detail, name="plan_detail"),
    path("<uuid:public_id>/edit/", views.plan_edit, name="plan_edit"),
    path("<uuid:public_id>/board/", views.plan_board_view, name="plan_board"),
    path(
        "<uuid:public_id>/participants-preview/",
        views.participants_preview,
        name="participants_preview",
    ),
    path("<uuid:public_id>/summary.pdf", views.plan_export_pdf, name="plan_export_pdf"),
    path("sections/<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("sections/<int:pk>/renumber/", views.section_renumber_view, name="section_renumber"),
    path("sections/<int:pk>/items/new/", views.item_create_view, name="item_create"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/assign/", views.item_assign, name="item_assign"),
    path("items/<int:pk>/merge/", views.item_merge_view, name="item_merge"),
    path("items/<int:pk>/split/", views.item_split_view, name="item_split"),
    path("items/<int:pk>/move/", views.item_move_view, name="item_move"),
    path("items/<int:pk>/delete/", views.item_delete_view, name="item_delete"),
    path("items/<int:pk>/activities/new/", views.activity_create_view, name="activity_create"),
    path("items/<int:pk>/report/", views.report_create, name="report_create"),
    path("items/<int:pk>/links/new/", link_views.item_link_view, name="item_link"),
    path("links/<int:pk>/delete/", link_views.item_unlink_view, name="item_unlink"),
    path("<uuid:public_id>/summary-draft/", link_views.plan_summary_draft, name="plan_summary_draft"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/assign/", views.activity_assign, name="activity_assign"),
    path("activities/<int:pk>/move/", views.activity_move_view, name="activity_move"),
    path("activities/<int:pk>/delete/", views.activity_delete_view, name="activity_delete"),
]
