from django.urls import path

from . import views, views_cards, views_joining

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="member_list"),
    path("<uuid:public_id>/", views.member_detail, name="member_detail"),
    path("<uuid:public_id>/reveal/", views.member_reveal_view, name="member_reveal"),
    *views_joining.urlpatterns,
    *views_cards.urlpatterns,
]
