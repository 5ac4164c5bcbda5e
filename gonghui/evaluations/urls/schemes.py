"""Console routes of part schemes (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import schemes

urlpatterns: list[URLPattern] = [
    path("", schemes.scheme_list, name="scheme_list"),
    path("new/", schemes.scheme_create_view, name="scheme_create"),
    path("sources/", schemes.source_list, name="source_list"),
    path("<uuid:public_id>/", schemes.scheme_detail, name="scheme_detail"),
    path("<uuid:public_id>/edit/", schemes.scheme_edit, name="scheme_edit"),
    path("<uuid:public_id>/publish/", schemes.scheme_publish_view, name="scheme_publish"),
    path("<uuid:public_id>/copy/", schemes.scheme_copy_view, name="scheme_copy"),
    path("<uuid:public_id>/import/", schemes.scheme_import_view, name="scheme_import"),
    path("<uuid:public_id>/retire/", schemes.scheme_retire_view, name="scheme_retire"),
    path("<uuid:public_id>/dimensions/new/", schemes.dimension_create, name="dimension_create"),
    path(
        "<uuid:public_id>/dimensions/<int:dimension_id>/edit/", schemes.dimension_edit, name="dimension_edit"
    ),
    path(
        "<uuid:public_id>/dimensions/<int:dimension_id>/delete/",
        schemes.dimension_delete_view,
        name="dimension_delete",
    ),
    path(
        "<uuid:public_id>/dimensions/<int:dimension_id>/move/",
        schemes.dimension_move_view,
        name="dimension_move",
    ),
    path("<uuid:public_id>/indicators/new/", schemes.indicator_create, name="indicator_create"),
    path(
        "<uuid:public_id>/indicators/<int:indicator_id>/edit/", schemes.indicator_edit, name="indicator_edit"
    ),
    path(
        "<uuid:public_id>/indicators/<int:indicator_id>/delete/",
        schemes.indicator_delete_view,
        name="indicator_delete",
    ),
    path(
        "<uuid:public_id>/indicators/<int:indicator_id>/move/",
        schemes.indicator_move_view,
        name="indicator_move",
    ),
]
