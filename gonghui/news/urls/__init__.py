"""宣传 (console): one routes module per part; a part edits only its own."""

from django.urls import URLPattern

from . import articles, reading, review

app_name = "news"

urlpatterns: list[URLPattern] = [
    *articles.urlpatterns,
    *review.urlpatterns,
    *reading.urlpatterns,
]
