"""Console routes of part calls (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import calls

urlpatterns: list[URLPattern] = [
    path("research/calls/", calls.call_list, name="call_list"),
    path("research/calls/new/", calls.call_create, name="call_create"),
    path("research/calls/<uuid:public_id>/", calls.call_detail, name="call_detail"),
    path("research/calls/<uuid:public_id>/edit/", calls.call_edit, name="call_edit"),
    path("research/calls/<uuid:public_id>/open/", calls.call_open, name="call_open"),
    path("research/calls/<uuid:public_id>/close/", calls.call_close, name="call_close"),
    path("research/calls/<uuid:public_id>/export/", calls.call_export, name="call_export"),
    path("research/calls/<uuid:public_id>/review/", calls.call_review, name="call_review"),
    path("research/calls/<uuid:public_id>/apply/", calls.application_create, name="application_create"),
    path("research/applications/<uuid:public_id>/", calls.application_edit, name="application_edit"),
    path(
        "research/applications/<uuid:public_id>/attachments/",
        calls.application_attach,
        name="application_attach",
    ),
    path(
        "research/applications/<uuid:public_id>/attachments/<uuid:attachment_id>/delete/",
        calls.application_detach,
        name="application_detach",
    ),
    path(
        "research/applications/<uuid:public_id>/submit/", calls.application_submit, name="application_submit"
    ),
    path(
        "research/applications/<uuid:public_id>/return/", calls.application_return, name="application_return"
    ),
    path(
        "research/applications/<uuid:public_id>/accept/", calls.application_accept, name="application_accept"
    ),
    path(
        "research/applications/<uuid:public_id>/approve/",
        calls.application_approve,
        name="application_approve",
    ),
    path(
        "research/applications/<uuid:public_id>/reject/", calls.application_reject, name="application_reject"
    ),
]
