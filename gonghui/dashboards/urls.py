from django.urls import path

from .views import coverage, women

app_name = "dashboards"

urlpatterns = [
    path("", coverage.dashboard_home, name="dashboard_home"),
    path("orgs/<str:code>/", coverage.dashboard_org, name="dashboard_org"),
    path("women/", women.women_home, name="women_home"),
    path("women/<str:code>/", women.women_org, name="women_org"),
]
