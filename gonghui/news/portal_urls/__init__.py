"""宣传 (the member's pages on the portal): one routes module per part; a part edits only its own."""

from django.urls import URLPattern

from . import articles, reading, review

app_name = "news_portal"

urlpatterns: list[URLPattern] = [
    *articles.urlpatterns,
    *review.urlpatterns,
    *reading.urlpatterns,
]
