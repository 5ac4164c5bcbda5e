"""Console routes of part articles (this part edits only this file): the article list and export, writing
(create, edit, files, cover, delete), the article page, the story-subject picker, 专栏 and 投稿."""

from django.urls import URLPattern, path

from ..views import articles

urlpatterns: list[URLPattern] = [
    path("", articles.article_list, name="article_list"),
    path("new/", articles.article_create, name="article_create"),
    path("subjects/", articles.subject_choices, name="subject_choices"),
    path("<uuid:public_id>/", articles.article_detail, name="article_detail"),
    path("<uuid:public_id>/edit/", articles.article_edit, name="article_edit"),
    path("<uuid:public_id>/delete/", articles.article_delete, name="article_delete"),
    path("<uuid:public_id>/files/", articles.article_file_add, name="article_file_add"),
    path(
        "<uuid:public_id>/files/<uuid:file_id>/remove/",
        articles.article_file_remove,
        name="article_file_remove",
    ),
    path(
        "<uuid:public_id>/files/<uuid:file_id>/cover/", articles.article_cover_set, name="article_cover_set"
    ),
    path("<uuid:public_id>/contribute/", articles.contribution_create, name="contribution_create"),
    path("columns/", articles.column_list, name="column_list"),
    path("columns/new/", articles.column_create, name="column_create"),
    path("columns/<int:column_id>/edit/", articles.column_edit, name="column_edit"),
    path("columns/<int:column_id>/deactivate/", articles.column_deactivate, name="column_deactivate"),
    path("columns/<int:column_id>/activate/", articles.column_activate, name="column_activate"),
    path("contributions/", articles.contribution_list, name="contribution_list"),
    path("contributions/<int:contribution_id>/", articles.contribution_detail, name="contribution_detail"),
    path(
        "contributions/<int:contribution_id>/adopt/", articles.contribution_adopt, name="contribution_adopt"
    ),
    path(
        "contributions/<int:contribution_id>/decline/",
        articles.contribution_decline,
        name="contribution_decline",
    ),
]
