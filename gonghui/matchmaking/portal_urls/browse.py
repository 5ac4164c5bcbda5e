"""Portal routes of part browse (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_browse

urlpatterns: list[URLPattern] = [
    path("people/", portal_browse.browse, name="browse"),
    path("people/<uuid:public_id>/", portal_browse.profile_detail, name="profile_detail"),
    path("people/<uuid:public_id>/interest/", portal_browse.interest, name="interest"),
    path("people/<uuid:public_id>/block/", portal_browse.block, name="block"),
    path("interests/", portal_browse.interests, name="interests"),
    path("blocks/", portal_browse.blocks, name="blocks"),
    path("blocks/<uuid:public_id>/remove/", portal_browse.block_remove, name="block_remove"),
]
