"""Console routes of part teams (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import teams

urlpatterns: list[URLPattern] = [
    path("teams/", teams.delegation_list, name="delegation_list"),
    path("teams/new/", teams.delegation_create, name="delegation_create"),
    path("teams/<int:delegation_id>/", teams.delegation_detail, name="delegation_detail"),
    path("teams/<int:delegation_id>/edit/", teams.delegation_edit, name="delegation_edit"),
    path("teams/<int:delegation_id>/roster/add/", teams.delegation_member_add, name="delegation_member_add"),
    path(
        "teams/roster/<int:entry_id>/remove/", teams.delegation_member_remove, name="delegation_member_remove"
    ),
    path("teams/<int:delegation_id>/submit/", teams.delegation_submit, name="delegation_submit"),
    path("teams/<int:delegation_id>/approve/", teams.delegation_approve, name="delegation_approve"),
    path("teams/<int:delegation_id>/return/", teams.delegation_return, name="delegation_return"),
    path("teams/<int:delegation_id>/withdraw/", teams.delegation_withdraw, name="delegation_withdraw"),
    path("teams/<int:delegation_id>/result/", teams.delegation_result, name="delegation_result"),
    path("teams/<int:delegation_id>/export/", teams.delegation_export, name="delegation_export"),
]
