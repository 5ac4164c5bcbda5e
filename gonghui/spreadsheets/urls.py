from django.urls import path

from . import views

app_name = "spreadsheets"

urlpatterns = [
    path("imports/<slug:kind>/", views.import_start, name="import_start"),
    path("imports/<slug:kind>/template.xlsx", views.import_template, name="import_template"),
    path("import-jobs/<uuid:public_id>/", views.import_job, name="import_job"),
    path("import-jobs/<uuid:public_id>/commit/", views.import_job_commit, name="import_job_commit"),
    path("import-jobs/<uuid:public_id>/cancel/", views.import_job_cancel_view, name="import_job_cancel"),
    path("import-jobs/<uuid:public_id>/retry/", views.import_job_retry_view, name="import_job_retry"),
    path("import-jobs/<uuid:public_id>/errors.xlsx", views.import_job_errors, name="import_job_errors"),
    path("exports/<slug:kind>/", views.export_start, name="export_start"),
    path("export-jobs/<uuid:public_id>/", views.export_job, name="export_job"),
    path("export-jobs/<uuid:public_id>/download/", views.export_job_download, name="export_job_download"),
    path("export-jobs/<uuid:public_id>/cancel/", views.export_job_cancel_view, name="export_job_cancel"),
    path("export-jobs/<uuid:public_id>/retry/", views.export_job_retry_view, name="export_job_retry"),
]
