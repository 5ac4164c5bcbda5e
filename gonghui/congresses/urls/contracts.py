"""Console routes of part contracts (集体协商与集体合同; this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import contracts

urlpatterns: list[URLPattern] = [
    path("contracts/", contracts.contract_list, name="contract_list"),
    path("contracts/new/", contracts.contract_create, name="contract_create"),
    path("contracts/coverage/", contracts.contract_coverage, name="contract_coverage"),
    path("contracts/<uuid:public_id>/", contracts.contract_detail, name="contract_detail"),
    path("contracts/<uuid:public_id>/edit/", contracts.contract_edit, name="contract_edit"),
    path("contracts/<uuid:public_id>/approve/", contracts.contract_approve, name="contract_approve"),
    path("contracts/<uuid:public_id>/sign/", contracts.contract_sign, name="contract_sign"),
    path("contracts/<uuid:public_id>/file/", contracts.contract_file, name="contract_file"),
    path("contracts/<uuid:public_id>/object/", contracts.contract_object, name="contract_object"),
    path("contracts/<uuid:public_id>/renew/", contracts.contract_renew, name="contract_renew"),
    path("negotiations/", contracts.negotiation_list, name="negotiation_list"),
    path("negotiations/new/", contracts.negotiation_create, name="negotiation_create"),
    path("negotiations/<uuid:public_id>/", contracts.negotiation_detail, name="negotiation_detail"),
    path("negotiations/<uuid:public_id>/edit/", contracts.negotiation_edit, name="negotiation_edit"),
    path(
        "negotiations/<uuid:public_id>/meetings/new/",
        contracts.negotiation_meeting_add,
        name="negotiation_meeting_add",
    ),
    path(
        "negotiations/<uuid:public_id>/conclude/", contracts.negotiation_conclude, name="negotiation_conclude"
    ),
]
