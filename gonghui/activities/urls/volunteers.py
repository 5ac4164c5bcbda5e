"""Console routes of part volunteers (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import volunteers

urlpatterns: list[URLPattern] = [
    path("volunteers/", volunteers.team_list, name="team_list"),
    path("volunteers/new/", volunteers.team_create, name="team_create"),
    path("volunteers/<int:team_id>/", volunteers.team_detail, name="team_detail"),
    path("volunteers/<int:team_id>/edit/", volunteers.team_edit, name="team_edit"),
    path("volunteers/<int:team_id>/volunteers/add/", volunteers.volunteer_add, name="volunteer_add"),
    path("volunteers/<int:team_id>/projects/new/", volunteers.project_create, name="project_create"),
    path(
        "volunteers/memberships/<int:membership_id>/leave/",
        volunteers.volunteer_leave,
        name="volunteer_leave",
    ),
    path("volunteers/projects/<int:project_id>/", volunteers.project_detail, name="project_detail"),
    path("volunteers/projects/<int:project_id>/edit/", volunteers.project_edit, name="project_edit"),
    path("volunteers/projects/<int:project_id>/records/new/", volunteers.record_batch, name="record_batch"),
    path(
        "volunteers/projects/<int:project_id>/publicise/",
        volunteers.project_publicise,
        name="project_publicise",
    ),
    path(
        "volunteers/projects/<int:project_id>/records/from-attendance/",
        volunteers.record_from_attendance,
        name="record_from_attendance",
    ),
    path("volunteers/records/<int:record_id>/edit/", volunteers.record_edit, name="record_edit"),
    path("volunteers/records/<int:record_id>/withdraw/", volunteers.record_withdraw, name="record_withdraw"),
    path("volunteers/people/<uuid:member_id>/", volunteers.volunteer_detail, name="volunteer_detail"),
    path(
        "volunteers/people/<uuid:member_id>/notes/new/", volunteers.note_create, name="volunteer_note_create"
    ),
    path("volunteers/hours/", volunteers.volunteer_hours, name="volunteer_hours"),
    path("volunteers/hours/export/", volunteers.volunteer_hours_export, name="volunteer_hours_export"),
]
