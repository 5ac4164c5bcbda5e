from django.urls import path

from . import views

app_name = "calendars"

urlpatterns = [
    path("", views.calendar_year, name="calendar_year"),
    path("days/<str:date>/delete/", views.calendar_day_delete_view, name="calendar_day_delete"),
]
