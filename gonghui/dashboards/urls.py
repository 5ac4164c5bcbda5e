from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard_home, name="dashboard_home"),
    path("orgs/<str:code>/", views.dashboard_org, name="dashboard_org"),
    path("orgs/<str:code>/export/", views.dashboard_export_view, name="dashboard_export"),
]
