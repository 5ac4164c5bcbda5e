"""Console routes of part classes (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import classes

urlpatterns: list[URLPattern] = [
    path("classes/", classes.class_list, name="class_list"),
    path("classes/new/", classes.class_create, name="class_create"),
    path("classes/<uuid:public_id>/", classes.class_detail, name="class_detail"),
    path("classes/<uuid:public_id>/edit/", classes.class_edit, name="class_edit"),
    path("classes/<uuid:public_id>/publish/", classes.class_publish, name="class_publish"),
    path("classes/<uuid:public_id>/close/", classes.class_close, name="class_close"),
    path("classes/<uuid:public_id>/finish/", classes.class_finish, name="class_finish"),
    path("classes/<uuid:public_id>/cancel/", classes.class_cancel, name="class_cancel"),
    path("classes/<uuid:public_id>/nominate/", classes.trainee_nominate, name="trainee_nominate"),
    path("classes/<uuid:public_id>/trainees/export/", classes.trainee_export, name="trainee_export"),
    path("classes/<uuid:public_id>/attendance/", classes.class_attendance, name="class_attendance"),
    path("classes/<uuid:public_id>/sessions/new/", classes.session_create, name="session_create"),
    path("classes/sessions/<uuid:public_id>/edit/", classes.session_edit, name="session_edit"),
    path("classes/sessions/<uuid:public_id>/delete/", classes.session_delete, name="session_delete"),
    path("classes/sessions/<uuid:public_id>/scan/", classes.session_scan, name="session_scan"),
    path("classes/trainees/<int:trainee_id>/admit/", classes.trainee_admit, name="trainee_admit"),
    path("classes/trainees/<int:trainee_id>/decline/", classes.trainee_decline, name="trainee_decline"),
    path("classes/trainees/<int:trainee_id>/withdraw/", classes.trainee_withdraw, name="trainee_withdraw"),
    path("classes/trainees/<int:trainee_id>/assess/", classes.trainee_assess, name="trainee_assess"),
    path("hours/", classes.hours_report, name="hours_report"),
    path("hours/export/", classes.hours_export, name="hours_export"),
]
