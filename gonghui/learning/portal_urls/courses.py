"""Portal routes of part courses (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_courses

urlpatterns: list[URLPattern] = [
    path("", portal_courses.home, name="home"),
    path("mine/", portal_courses.mine, name="mine"),
    path("courses/<uuid:public_id>/", portal_courses.course_detail, name="course_detail"),
    path("courses/<uuid:public_id>/complete/", portal_courses.course_complete, name="course_complete"),
    path("lessons/<uuid:public_id>/", portal_courses.lesson_detail, name="lesson_detail"),
    path("lessons/<uuid:public_id>/beat/", portal_courses.lesson_beat, name="lesson_beat"),
]
