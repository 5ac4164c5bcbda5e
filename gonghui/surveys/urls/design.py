"""Console routes of part design (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import design

urlpatterns: list[URLPattern] = [
    path("", design.survey_list, name="survey_list"),
    path("new/", design.survey_create, name="survey_create"),
    path("attribute-preview/", design.survey_attribute_preview, name="survey_attribute_preview"),
    path("<uuid:public_id>/", design.survey_detail, name="survey_detail"),
    path("<uuid:public_id>/edit/", design.survey_edit, name="survey_edit"),
    path("<uuid:public_id>/preview/", design.survey_preview, name="survey_preview"),
    path("<uuid:public_id>/publish/", design.survey_publish, name="survey_publish"),
    path("<uuid:public_id>/close/", design.survey_close, name="survey_close"),
    path("<uuid:public_id>/copy/", design.survey_copy, name="survey_copy"),
    path("<uuid:public_id>/remind/", design.survey_remind, name="survey_remind"),
    path("<uuid:public_id>/questions/new/", design.question_create, name="question_create"),
    path("<uuid:public_id>/questions/<slug:key>/edit/", design.question_edit, name="question_edit"),
    path("<uuid:public_id>/questions/<slug:key>/move/", design.question_move, name="question_move"),
    path("<uuid:public_id>/questions/<slug:key>/delete/", design.question_delete, name="question_delete"),
]
