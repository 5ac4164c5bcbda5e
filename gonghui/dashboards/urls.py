from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard_home, name="dashboard_home"),
    path("orgs/<str:code>/", views.dashboard_org, name="dashboard_org"),
]
