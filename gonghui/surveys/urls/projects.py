"""Console routes of part projects (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import projects

urlpatterns: list[URLPattern] = [
    path("research/projects/", projects.project_list, name="project_list"),
    path("research/projects/<uuid:public_id>/", projects.project_detail, name="project_detail"),
]
