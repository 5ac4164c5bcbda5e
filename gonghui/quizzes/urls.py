from django.urls import path

from . import views
from .views import portal

app_name = "quizzes"

urlpatterns = [
    # console: banks
    path("banks/", views.bank_list, name="bank_list"),
    path("banks/new/", views.bank_create, name="bank_create"),
    path("banks/<int:pk>/", views.bank_detail, name="bank_detail"),
    path("banks/<int:pk>/edit/", views.bank_edit, name="bank_edit"),
    path("banks/<int:pk>/import/", views.bank_import, name="bank_import"),
    path("banks/<int:pk>/questions/new/", views.question_create, name="question_create"),
    path("banks/<int:pk>/questions/<int:question_id>/edit/", views.question_edit, name="question_edit"),
    path("banks/<int:pk>/questions/<int:question_id>/toggle/", views.question_toggle, name="question_toggle"),
    # console: activities
    path("", views.activity_list, name="activity_list"),
    path("new/", views.activity_create, name="activity_create"),
    path("attempts/<uuid:public_id>/", views.attempt_detail, name="attempt_detail"),
    path("<uuid:public_id>/", views.activity_detail, name="activity_detail"),
    path("<uuid:public_id>/edit/", views.activity_edit, name="activity_edit"),
    path("<uuid:public_id>/publish/", views.activity_publish, name="activity_publish"),
    path("<uuid:public_id>/cancel/", views.activity_cancel, name="activity_cancel"),
    path("<uuid:public_id>/ranking/", views.activity_ranking, name="activity_ranking"),
    path("<uuid:public_id>/board/", views.activity_board, name="activity_board"),
    path("<uuid:public_id>/absent/", views.activity_absent, name="activity_absent"),
    path("<uuid:public_id>/remind/<int:org_id>/", views.activity_remind, name="activity_remind"),
    path("<uuid:public_id>/questions/", views.activity_questions, name="activity_questions"),
    path("<uuid:public_id>/attempts/", views.activity_attempts, name="activity_attempts"),
    # public
    path("verify/", portal.certificate_verify, name="certificate_verify"),
    # member portal
    path("portal/", portal.portal_home, name="portal_home"),
    path("portal/a/<uuid:public_id>/", portal.portal_activity, name="portal_activity"),
    path("portal/a/<uuid:public_id>/start/", portal.portal_attempt_start, name="portal_attempt_start"),
    path(
        "portal/a/<uuid:public_id>/certificate.pdf",
        portal.portal_certificate,
        name="portal_certificate",
    ),
    path("portal/results/", portal.portal_results, name="portal_results"),
    path("portal/certificates/", portal.portal_certificates, name="portal_certificates"),
    path("portal/attempts/<uuid:public_id>/", portal.portal_attempt, name="portal_attempt"),
    path("portal/attempts/<uuid:public_id>/answer/", portal.portal_answer_save, name="portal_answer_save"),
    path(
        "portal/attempts/<uuid:public_id>/submit/",
        portal.portal_attempt_submit,
        name="portal_attempt_submit",
    ),
    path(
        "portal/attempts/<uuid:public_id>/focus/",
        portal.portal_attempt_focus,
        name="portal_attempt_focus",
    ),
    path(
        "portal/attempts/<uuid:public_id>/result/",
        portal.portal_attempt_result,
        name="portal_attempt_result",
    ),
    path("portal/practice/", portal.portal_practice, name="portal_practice"),
    path("portal/practice/question/", portal.portal_practice_question, name="portal_practice_question"),
    path("portal/practice/wrong/", portal.portal_wrong_book, name="portal_wrong_book"),
]
