"""Portal routes of part attendance (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_attendance

urlpatterns: list[URLPattern] = [
    path("attendance/", portal_attendance.my_attendance, name="my_attendance"),
]
