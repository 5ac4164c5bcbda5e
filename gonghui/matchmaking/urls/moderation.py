"""Console routes of part moderation (this part edits only this file): the 婚恋交友管理员's queue of reports, one
report (the reported profile shown only after an audited POST), its handling and the restoring of a suspended
profile."""

from django.urls import URLPattern, path

from ..views import moderation

urlpatterns: list[URLPattern] = [
    path("reports/", moderation.report_list, name="report_list"),
    path("reports/<uuid:public_id>/", moderation.report_detail, name="report_detail"),
    path("reports/<uuid:public_id>/reveal/", moderation.report_reveal, name="report_reveal"),
    path("reports/<uuid:public_id>/photo/", moderation.report_photo, name="report_photo"),
    path("reports/<uuid:public_id>/handle/", moderation.report_handle, name="report_handle"),
    path("reports/<uuid:public_id>/restore/", moderation.profile_restore, name="profile_restore"),
]
