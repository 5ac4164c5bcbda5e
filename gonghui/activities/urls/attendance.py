"""Console routes of part attendance (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import attendance

urlpatterns: list[URLPattern] = [
    path("<int:activity_id>/scan/", attendance.scan, name="scan"),
    path("<int:activity_id>/attendance/", attendance.attendance_list, name="attendance"),
    path("<int:activity_id>/attendance/export/", attendance.attendance_export, name="attendance_export"),
    path("<int:activity_id>/attendance/manual/", attendance.attendance_manual, name="attendance_manual"),
    path("attendance/<int:attendance_id>/checkout/", attendance.checkout, name="checkout"),
    path("<int:activity_id>/report/", attendance.report, name="report"),
    path("<int:activity_id>/report/photos/", attendance.photo_add, name="photo_add"),
    path(
        "<int:activity_id>/report/photos/<uuid:public_id>/remove/",
        attendance.photo_remove,
        name="photo_remove",
    ),
]
