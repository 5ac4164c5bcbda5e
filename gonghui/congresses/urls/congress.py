"""Console routes of part congress (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import congress

urlpatterns: list[URLPattern] = [
    path("", congress.congress_list, name="congress_list"),
    path("new/", congress.congress_create, name="congress_create"),
    path("rules/", congress.congress_rules, name="congress_rules"),
    path("coverage/", congress.coverage, name="coverage"),
    path("coverage/export/", congress.coverage_export, name="coverage_export"),
    path("<uuid:public_id>/", congress.congress_detail, name="congress_detail"),
    path("<uuid:public_id>/edit/", congress.congress_edit, name="congress_edit"),
    path("<uuid:public_id>/new-term/", congress.congress_new_term, name="congress_new_term"),
    path("<uuid:public_id>/delegates/add/", congress.delegate_add, name="delegate_add"),
    path("<uuid:public_id>/delegates/import/", congress.delegates_import, name="delegates_import"),
    path("<uuid:public_id>/delegates/template/", congress.delegates_template, name="delegates_template"),
    path("<uuid:public_id>/delegates/<int:pk>/edit/", congress.delegate_edit, name="delegate_edit"),
    path("<uuid:public_id>/delegates/<int:pk>/end/", congress.delegate_end, name="delegate_end"),
    path("<uuid:public_id>/delegations/add/", congress.delegation_add, name="delegation_add"),
]
