"""Console routes of part disclosures (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import disclosures

urlpatterns: list[URLPattern] = [
    path("disclosures/", disclosures.disclosure_list, name="disclosure_list"),
    path("disclosures/<uuid:public_id>/", disclosures.disclosure_detail, name="disclosure_detail"),
]
