"""Console routes of part events (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import events

urlpatterns: list[URLPattern] = [
    path("", events.activity_list, name="list"),
    path("export/", events.activity_export, name="export"),
    path("new/", events.activity_create, name="create"),
    path("<int:activity_id>/", events.activity_detail, name="detail"),
    path("<int:activity_id>/edit/", events.activity_edit, name="edit"),
    path("<int:activity_id>/publish/", events.activity_publish, name="publish"),
    path("<int:activity_id>/cancel/", events.activity_cancel, name="cancel"),
    path("<int:activity_id>/invite/", events.activity_invite, name="invite"),
    path("<int:activity_id>/spendings/", events.activity_spendings, name="spendings"),
    path("spendings/<int:spending_id>/delete/", events.spending_delete, name="spending_delete"),
    path("stats/", events.stats_view, name="stats"),
    path("stats/export/", events.stats_export, name="stats_export"),
]
