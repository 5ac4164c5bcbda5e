"""Console routes of part reading (this part edits only this file): the 公开 pages, readable without login
(list, article, its pictures), and the per-union read table of an article."""

from django.urls import URLPattern, path

from ..views import reading

urlpatterns: list[URLPattern] = [
    path("p/", reading.public_list, name="public_list"),
    path("p/<uuid:public_id>/", reading.public_detail, name="public_detail"),
    path("p/<uuid:public_id>/files/<uuid:file_id>/", reading.public_image, name="public_image"),
    path("<uuid:public_id>/reads/", reading.article_reads, name="article_reads"),
]
