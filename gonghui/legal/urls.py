from django.urls import path

from . import views
from .views import lawyer, portal

app_name = "legal"

urlpatterns = [
    # console: 法律咨询
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/new/", views.consultation_create, name="consultation_create"),
    path("consultations/<uuid:public_id>/", views.consultation_detail, name="consultation_detail"),
    path(
        "consultations/<uuid:public_id>/answer/", views.consultation_answer_view, name="consultation_answer"
    ),
    path(
        "consultations/<uuid:public_id>/assign/", views.consultation_assign_view, name="consultation_assign"
    ),
    path(
        "consultations/<uuid:public_id>/publish/",
        views.consultation_publish_view,
        name="consultation_publish",
    ),
    path(
        "consultations/<uuid:public_id>/unpublish/",
        views.consultation_unpublish_view,
        name="consultation_unpublish",
    ),
    # console: 法律援助申请
    path("aid/", views.application_list, name="application_list"),
    path("aid/new/", views.application_create, name="application_create"),
    path("aid/<uuid:public_id>/", views.application_detail, name="application_detail"),
    path("aid/<uuid:public_id>/approve/", views.application_approve, name="application_approve"),
    path("aid/<uuid:public_id>/reject/", views.application_reject, name="application_reject"),
    path("aid/<uuid:public_id>/reassign/", views.application_reassign, name="application_reassign"),
    path("aid/<uuid:public_id>/outcome/", views.application_outcome, name="application_outcome"),
    path("statistics/", views.statistics, name="statistics"),
    # console: 律师库
    path("lawyers/", views.lawyer_list, name="lawyer_list"),
    path("lawyers/new/", views.lawyer_create_view, name="lawyer_create"),
    path("lawyers/<uuid:public_id>/", views.lawyer_detail, name="lawyer_detail"),
    path("lawyers/<uuid:public_id>/edit/", views.lawyer_edit, name="lawyer_edit"),
    path("lawyers/<uuid:public_id>/deactivate/", views.lawyer_deactivate, name="lawyer_deactivate"),
    path("lawyers/<uuid:public_id>/reactivate/", views.lawyer_reactivate, name="lawyer_reactivate"),
    # the outside lawyer's desk
    path("assigned/", lawyer.assigned_list, name="assigned_list"),
    path(
        "assigned/consultations/<uuid:public_id>/",
        lawyer.assigned_consultation,
        name="assigned_consultation",
    ),
    path("assigned/aid/<uuid:public_id>/", lawyer.assigned_application, name="assigned_application"),
    # member portal
    path("portal/", portal.portal_home, name="portal_home"),
    path("portal/ask/", portal.consultation_ask, name="consultation_ask"),
    path("portal/consultations/<uuid:public_id>/", portal.my_consultation, name="my_consultation"),
    path("portal/apply/", portal.aid_apply, name="aid_apply"),
    path("portal/aid/<uuid:public_id>/", portal.my_application, name="my_application"),
    path("portal/faq/", portal.faq, name="faq"),
    path("portal/faq/<uuid:public_id>/", portal.faq_detail, name="faq_detail"),
]
