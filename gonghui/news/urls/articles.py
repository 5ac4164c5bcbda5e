"""Console routes of part articles (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import articles

urlpatterns: list[URLPattern] = [
    path("", articles.article_list, name="article_list"),
]
