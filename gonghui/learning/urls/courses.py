"""Console routes of part courses (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import courses

urlpatterns: list[URLPattern] = [
    path("courses/", courses.course_list, name="course_list"),
    path("courses/new/", courses.course_create, name="course_create"),
    path("courses/<uuid:public_id>/", courses.course_detail, name="course_detail"),
    path("courses/<uuid:public_id>/edit/", courses.course_edit, name="course_edit"),
    path("courses/<uuid:public_id>/publish/", courses.course_publish, name="course_publish"),
    path("courses/<uuid:public_id>/close/", courses.course_close, name="course_close"),
    path("courses/<uuid:public_id>/lessons/new/", courses.lesson_create, name="lesson_create"),
    path("courses/lessons/<uuid:public_id>/edit/", courses.lesson_edit, name="lesson_edit"),
    path("courses/lessons/<uuid:public_id>/media-upload/", courses.lesson_media, name="lesson_media"),
    path("courses/lessons/<uuid:public_id>/move/", courses.lesson_move, name="lesson_move"),
    path("courses/lessons/<uuid:public_id>/delete/", courses.lesson_delete, name="lesson_delete"),
]
