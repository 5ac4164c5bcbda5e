from django.urls import path

from . import views

app_name = "attachments"

urlpatterns = [
    path("<uuid:public_id>/", views.attachment_download, name="attachment_download"),
    path("<uuid:public_id>/stream/", views.attachment_stream, name="attachment_stream"),
    path("<uuid:public_id>/view/", views.attachment_view, name="attachment_view"),
]
