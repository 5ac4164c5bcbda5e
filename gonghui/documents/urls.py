from django.urls import URLPattern, path

from . import views

app_name = "documents"

urlpatterns: list[URLPattern] = [
    path("", views.document_list, name="document_list"),
    path("new/", views.document_create_view, name="document_create"),
    path("inbox/", views.inbox, name="inbox"),
    path("settings/", views.issuer_settings_view, name="issuer_settings"),
    path("targets-preview/", views.targets_preview, name="targets_preview"),
    path("<uuid:public_id>/", views.document_detail, name="document_detail"),
    path("<uuid:public_id>/edit/", views.document_edit, name="document_edit"),
    path("<uuid:public_id>/submit/", views.document_submit_view, name="document_submit"),
    path("<uuid:public_id>/review/", views.document_review_view, name="document_review"),
    path("<uuid:public_id>/return/", views.document_return_view, name="document_return"),
    path("<uuid:public_id>/issue/", views.document_issue_view, name="document_issue"),
    path("<uuid:public_id>/withdraw/", views.document_withdraw_view, name="document_withdraw"),
    path("<uuid:public_id>/attach/", views.document_attach_view, name="document_attach"),
    path(
        "<uuid:public_id>/attachments/<uuid:attachment_id>/remove/",
        views.document_attachment_remove_view,
        name="document_attachment_remove",
    ),
    path("<uuid:public_id>/board/", views.document_board, name="document_board"),
    path("<uuid:public_id>/remind/", views.document_remind_view, name="document_remind"),
    path("<uuid:public_id>/print/", views.document_print, name="document_print"),
    path("<uuid:public_id>/pdf/", views.document_pdf_view, name="document_pdf"),
    path("<uuid:public_id>/docx/", views.document_docx_view, name="document_docx"),
    path("receipts/<uuid:public_id>/sign/", views.receipt_sign_view, name="receipt_sign"),
    path("receipts/<uuid:public_id>/forward/", views.receipt_forward_view, name="receipt_forward"),
    path("incoming/", views.incoming_list, name="incoming_list"),
    path("incoming/new/", views.incoming_create, name="incoming_create"),
    path("incoming/<uuid:public_id>/", views.incoming_detail, name="incoming_detail"),
    path("incoming/<uuid:public_id>/propose/", views.incoming_propose_view, name="incoming_propose"),
    path("incoming/<uuid:public_id>/instruct/", views.incoming_instruct_view, name="incoming_instruct"),
    path("incoming/<uuid:public_id>/read/", views.incoming_read_view, name="incoming_read"),
    path("incoming/<uuid:public_id>/close/", views.incoming_close_view, name="incoming_close"),
    path("incoming/<uuid:public_id>/forward/", views.incoming_forward_view, name="incoming_forward"),
]
