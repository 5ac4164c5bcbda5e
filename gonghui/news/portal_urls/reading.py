"""Portal routes of part reading (this part edits only this file): 新闻 (newest first, by column and kind), one
column's page and the article page."""

from django.urls import URLPattern, path

from ..views import portal_reading

urlpatterns: list[URLPattern] = [
    path("", portal_reading.portal_list, name="portal_list"),
    path("columns/<int:column_id>/", portal_reading.portal_column, name="portal_column"),
    path("<uuid:public_id>/", portal_reading.portal_detail, name="portal_detail"),
]
