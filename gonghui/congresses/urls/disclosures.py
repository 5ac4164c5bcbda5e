"""Console routes of part disclosures (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import disclosures

urlpatterns: list[URLPattern] = [
    path("disclosures/", disclosures.disclosure_list, name="disclosure_list"),
    path("disclosures/new/", disclosures.disclosure_create, name="disclosure_create"),
    path("disclosures/checklist/", disclosures.disclosure_checklist, name="disclosure_checklist"),
    path("disclosures/gaps/", disclosures.disclosure_gaps, name="disclosure_gaps"),
    path(
        "disclosures/checklist/<int:org_id>/<int:year>/add/",
        disclosures.checklist_item_add,
        name="disclosure_checklist_add",
    ),
    path(
        "disclosures/checklist/<int:org_id>/<int:year>/copy/",
        disclosures.checklist_copy,
        name="disclosure_checklist_copy",
    ),
    path(
        "disclosures/checklist/<int:org_id>/<int:year>/default/",
        disclosures.checklist_default,
        name="disclosure_checklist_default",
    ),
    path(
        "disclosures/checklist/items/<int:pk>/edit/",
        disclosures.checklist_item_edit,
        name="disclosure_checklist_item_edit",
    ),
    path(
        "disclosures/checklist/items/<int:pk>/delete/",
        disclosures.checklist_item_delete,
        name="disclosure_checklist_item_delete",
    ),
    path("disclosures/<uuid:public_id>/", disclosures.disclosure_detail, name="disclosure_detail"),
    path("disclosures/<uuid:public_id>/edit/", disclosures.disclosure_edit, name="disclosure_edit"),
    path("disclosures/<uuid:public_id>/publish/", disclosures.disclosure_publish, name="disclosure_publish"),
    path(
        "disclosures/<uuid:public_id>/withdraw/", disclosures.disclosure_withdraw, name="disclosure_withdraw"
    ),
    path("disclosures/<uuid:public_id>/attach/", disclosures.disclosure_attach, name="disclosure_attach"),
    path(
        "disclosures/<uuid:public_id>/attachments/<uuid:attachment_id>/delete/",
        disclosures.disclosure_detach,
        name="disclosure_detach",
    ),
    path("disclosures/<uuid:public_id>/export/", disclosures.disclosure_export, name="disclosure_export"),
]
