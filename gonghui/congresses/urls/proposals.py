"""Console routes of part proposals (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import proposals

urlpatterns: list[URLPattern] = [
    path("proposals/", proposals.proposal_list, name="proposal_list"),
    path("proposals/<uuid:public_id>/", proposals.proposal_detail, name="proposal_detail"),
    path("proposals/<uuid:public_id>/review/", proposals.proposal_review, name="proposal_review"),
    path("proposals/<uuid:public_id>/assign/", proposals.proposal_assign, name="proposal_assign"),
    path("proposals/<uuid:public_id>/reply/", proposals.proposal_reply, name="proposal_reply"),
    path("proposal-departments/", proposals.department_list, name="department_list"),
    path("proposal-departments/new/", proposals.department_create, name="department_create"),
    path("proposal-departments/<int:pk>/edit/", proposals.department_edit, name="department_edit"),
]
