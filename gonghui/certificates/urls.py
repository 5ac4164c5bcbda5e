from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.certificate_list, name="list"),
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("<uuid:public_id>/", views.certificate_detail, name="detail"),
    path("<uuid:public_id>/certificate.pdf", views.certificate_download, name="download"),
    path("<uuid:public_id>/revoke/", views.certificate_revoke_view, name="revoke"),
    path("batch/<str:kind>/<int:owner_id>/", views.batch_issue, name="batch_issue"),
    path("jobs/<uuid:public_id>/", views.issue_job, name="job"),
]
