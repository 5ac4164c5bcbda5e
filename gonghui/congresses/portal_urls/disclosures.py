"""Portal routes of part disclosures (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import portal_disclosures

urlpatterns: list[URLPattern] = [
    path("disclosures/", portal_disclosures.disclosure_list, name="disclosure_list"),
    path("disclosures/<uuid:public_id>/", portal_disclosures.disclosure_detail, name="disclosure_detail"),
]
