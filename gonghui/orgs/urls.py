from django.urls import path

from .views import committees, covered, founding, protection, tree

app_name = "orgs"

urlpatterns = [
    # 建会 first: "<str:code>/" below would swallow "foundings/".
    path("foundings/", founding.founding_list, name="founding_list"),
    path("foundings/new/", founding.founding_create, name="founding_create"),
    path("foundings/<uuid:public_id>/", founding.founding_detail, name="founding_detail"),
    path("foundings/<uuid:public_id>/edit/", founding.founding_edit, name="founding_edit"),
    path("foundings/<uuid:public_id>/<slug:action>/", founding.founding_action, name="founding_action"),
    path("", tree.org_tree, name="org_tree"),
    path("<str:code>/", tree.org_detail, name="org_detail"),
    path("<str:code>/children/", tree.org_children, name="org_children"),
    path("<str:code>/children/new/", tree.org_create_view, name="org_create"),
    path("<str:code>/edit/", tree.org_edit, name="org_edit"),
    path("<str:code>/move/", tree.org_move_view, name="org_move"),
    path("<str:code>/deactivate/", tree.org_deactivate_view, name="org_deactivate"),
    path("<str:code>/reactivate/", tree.org_reactivate_view, name="org_reactivate"),
    path("<str:code>/departments/new/", tree.department_create_view, name="department_create"),
    path("<str:code>/covered/new/", covered.covered_unit_create, name="covered_unit_create"),
    path("<str:code>/covered/<int:pk>/edit/", covered.covered_unit_edit, name="covered_unit_edit"),
    path("<str:code>/covered/<int:pk>/remove/", covered.covered_unit_remove_view, name="covered_unit_remove"),
    path("<str:code>/committees/", committees.committee_list, name="committee_list"),
    path("<str:code>/committees/new/<slug:kind>/", committees.committee_create_view, name="committee_create"),
    path("<str:code>/committees/<int:pk>/edit/", committees.committee_edit_view, name="committee_edit"),
    path(
        "<str:code>/committees/<int:pk>/new-term/",
        committees.committee_new_term_view,
        name="committee_new_term",
    ),
    path("<str:code>/protection/", protection.protection_list, name="protection_list"),
    path("<str:code>/protection/<int:year>/", protection.protection_edit, name="protection_edit"),
    path(
        "<str:code>/departments/<int:pk>/delete/",
        tree.department_delete_view,
        name="department_delete",
    ),
]
