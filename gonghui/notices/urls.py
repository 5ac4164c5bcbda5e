from django.urls import path

from . import views
from .views import portal

app_name = "notices"

urlpatterns = [
    # console: 公示管理
    path("", views.notice_list, name="list"),
    path("new/", views.notice_create_view, name="create"),
    path("<uuid:public_id>/", views.notice_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.notice_edit, name="edit"),
    path("<uuid:public_id>/publish/", views.notice_publish_view, name="publish"),
    path("<uuid:public_id>/cancel/", views.notice_cancel_view, name="cancel"),
    path("<uuid:public_id>/print/", views.notice_print, name="print"),
    path("objections/<uuid:public_id>/answer/", views.objection_answer_view, name="objection_answer"),
    path("objections/<uuid:public_id>/reveal/", views.objection_reveal, name="objection_reveal"),
    # member portal
    path("portal/", portal.portal_list, name="portal_list"),
    path("portal/<uuid:public_id>/", portal.portal_detail, name="portal_detail"),
    path("portal/objections/<uuid:public_id>/", portal.my_objection, name="my_objection"),
]
