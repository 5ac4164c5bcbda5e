from django.urls import path

from . import views

app_name = "orgs"

urlpatterns = [
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
