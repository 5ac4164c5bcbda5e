"""Console routes of part reports (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import reports

urlpatterns: list[URLPattern] = [
    path("rounds/<uuid:public_id>/league/", reports.league, name="league"),
    path("rounds/<uuid:public_id>/league/pdf/", reports.league_download, name="league_pdf"),
    path("targets/<uuid:public_id>/card/", reports.scorecard, name="scorecard"),
    path("targets/<uuid:public_id>/card/pdf/", reports.scorecard_download, name="scorecard_pdf"),
    path("trends/", reports.trends, name="trends"),
    path("trends/pdf/", reports.trends_download, name="trends_pdf"),
]
