"""The member's pages of 竞赛 on the portal: my contests and entries (confirmation), and the results library."""

from django.urls import path

from .views import library, portal

app_name = "contests_portal"

urlpatterns = [
    path("", portal.my_contests, name="my_contests"),
    path("entries/<uuid:public_id>/", portal.my_entry, name="my_entry"),
    path("entries/<uuid:public_id>/confirm/", portal.my_entry_confirm, name="my_entry_confirm"),
    path("library/", library.portal_library_list, name="library"),
    path("library/<uuid:public_id>/", library.portal_library_detail, name="library_item"),
]
