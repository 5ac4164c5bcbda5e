"""Portal routes of part volunteers (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_volunteers

urlpatterns: list[URLPattern] = [
    path("volunteers/", portal_volunteers.volunteer_mine, name="volunteer_mine"),
    path("volunteers/proof/", portal_volunteers.proof_new, name="proof_new"),
    path("volunteers/proof/<uuid:public_id>/", portal_volunteers.proof_receipt, name="proof_receipt"),
]
