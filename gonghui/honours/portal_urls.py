"""The member's pages of 评选表彰 on the portal (part records: 我的荣誉)."""

from django.urls import path  # noqa: F401

from .views import portal  # noqa: F401

app_name = "honours_portal"

urlpatterns: list = []
