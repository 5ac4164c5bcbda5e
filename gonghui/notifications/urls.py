from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read-all/", views.inbox_mark_all_read, name="inbox_mark_all_read"),
    path("<int:pk>/", views.notification_open, name="notification_open"),
]
