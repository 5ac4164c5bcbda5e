"""The member's pages of 评选表彰 on the portal (part records: 我的荣誉)."""

from django.urls import path

from .views import portal

app_name = "honours_portal"

urlpatterns = [
    path("", portal.my_honours_view, name="my_honours"),
    path("<uuid:public_id>/", portal.my_honour, name="my_honour"),
]
