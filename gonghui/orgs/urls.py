from django.urls import path

from . import views, views_founding

app_name = "orgs"

urlpatterns = [
    # 建会 first: "<str:code>/" below would swallow "foundings/".
    path("foundings/", views_founding.founding_list, name="founding_list"),
    path("foundings/new/", views_founding.founding_create, name="founding_create"),
    path("foundings/<uuid:public_id>/", views_founding.founding_detail, name="founding_detail"),
    path("foundings/<uuid:public_id>/edit/", views_founding.founding_edit, name="founding_edit"),
    path("foundings/<uuid:public_id>/<slug:action>/", views_founding.founding_action, name="founding_action"),
    path("", views.org_tree, name="org_tree"),
    path("<str:code>/", views.org_detail, name="org_detail"),
    path("<str:code>/children/", views.org_children, name="org_children"),
    path("<str:code>/children/new/", views.org_create_view, name="org_create"),
    path("<str:code>/edit/", views.org_edit, name="org_edit"),
    path("<str:code>/move/", views.org_move_view, name="org_move"),
    path("<str:code>/deactivate/", views.org_deactivate_view, name="org_deactivate"),
    path("<str:code>/reactivate/", views.org_reactivate_view, name="org_reactivate"),
    path("<str:code>/departments/new/", views.department_create_view, name="department_create"),
    path(
        "<str:code>/departments/<int:pk>/delete/",
        views.department_delete_view,
        name="department_delete",
    ),
]
