from django.urls import path

from .views import coverage, overview, women

app_name = "dashboards"

urlpatterns = [
    path("", coverage.dashboard_home, name="dashboard_home"),
    path("orgs/<str:code>/", coverage.dashboard_org, name="dashboard_org"),
    path("women/", women.women_home, name="women_home"),
    path("women/<str:code>/", women.women_org, name="women_org"),
    path("overview/", overview.overview_home, name="overview_home"),
    path("overview/<str:code>/", overview.overview_org, name="overview_org"),
    path("overview/<str:code>/screen/", overview.overview_screen, name="overview_screen"),
]
