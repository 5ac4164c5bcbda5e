"""The member's pages of 困难职工帮扶 on the portal (part intake): my file and its state, the application, the
receipt, the resubmission after a return."""

from django.urls import path

from .views import portal

app_name = "welfare_portal"

urlpatterns = [
    path("", portal.my_file_view, name="mine"),
    path("apply/", portal.apply_view, name="apply"),
    path("resubmit/", portal.resubmit_view, name="resubmit"),
    path("receipt/<uuid:public_id>/", portal.receipt_view, name="receipt"),
]
