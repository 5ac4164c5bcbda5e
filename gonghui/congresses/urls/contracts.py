"""Console routes of part contracts (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import contracts

urlpatterns: list[URLPattern] = [
    path("contracts/", contracts.contract_list, name="contract_list"),
    path("contracts/<uuid:public_id>/", contracts.contract_detail, name="contract_detail"),
]
