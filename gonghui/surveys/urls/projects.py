"""Console routes of part projects (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import projects

urlpatterns: list[URLPattern] = [
    path("research/projects/", projects.project_list, name="project_list"),
    path("research/projects/export/", projects.project_export, name="project_export"),
    path("research/projects/<uuid:public_id>/", projects.project_detail, name="project_detail"),
    path(
        "research/projects/<uuid:public_id>/midterm/",
        projects.project_midterm_submit,
        name="project_midterm_submit",
    ),
    path(
        "research/projects/<uuid:public_id>/midterm/check/",
        projects.project_midterm_check,
        name="project_midterm_check",
    ),
    path(
        "research/projects/<uuid:public_id>/final/",
        projects.project_final_submit,
        name="project_final_submit",
    ),
    path("research/projects/<uuid:public_id>/conclude/", projects.project_conclude, name="project_conclude"),
    path(
        "research/projects/<uuid:public_id>/terminate/", projects.project_terminate, name="project_terminate"
    ),
    path("research/projects/<uuid:public_id>/pdf/", projects.project_pdf, name="project_pdf"),
]
