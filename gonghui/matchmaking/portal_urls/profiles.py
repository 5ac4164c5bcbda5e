"""Portal routes of part profiles (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_profiles

urlpatterns: list[URLPattern] = [
    path("", portal_profiles.home, name="home"),
    path("join/", portal_profiles.join, name="join"),
    path("me/edit/", portal_profiles.profile_edit, name="profile_edit"),
    path("me/withdraw/", portal_profiles.withdraw, name="withdraw"),
    path("photos/<uuid:public_id>/", portal_profiles.photo, name="photo"),
]
