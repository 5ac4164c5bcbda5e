from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.task_list, name="task_list"),
    path("new/", views.task_create, name="task_create"),
    path("inbox/", views.inbox, name="inbox"),
    path("<uuid:public_id>/", views.task_detail, name="task_detail"),
    path("<uuid:public_id>/edit/", views.task_edit, name="task_edit"),
    path("<uuid:public_id>/publish/", views.task_publish, name="task_publish"),
    path("<uuid:public_id>/delete/", views.task_delete, name="task_delete"),
    path("<uuid:public_id>/close/", views.task_close, name="task_close"),
    path("<uuid:public_id>/remind/", views.task_remind, name="task_remind"),
    path("submissions/<uuid:public_id>/", views.submission_detail, name="submission_detail"),
    path("submissions/<uuid:public_id>/return/", views.submission_return, name="submission_return"),
    path("submissions/<uuid:public_id>/accept/", views.submission_accept, name="submission_accept"),
    path(
        "consolidations/<uuid:public_id>/pass-up/", views.consolidation_pass_up, name="consolidation_pass_up"
    ),
    path("consolidations/<uuid:public_id>/return/", views.consolidation_return, name="consolidation_return"),
]
