"""Console routes of part guidance (this part edits only this file): 业务指导 (questions, answers, closing,
sharing to the 业务知识库) and the 业务知识库 itself."""

from django.urls import URLPattern, path

from ..views import guidance

urlpatterns: list[URLPattern] = [
    path("guidance/", guidance.question_list, name="question_list"),
    path("guidance/ask/", guidance.question_ask, name="question_ask"),
    path("guidance/<uuid:public_id>/", guidance.question_detail, name="question_detail"),
    path("guidance/<uuid:public_id>/answer/", guidance.question_answer, name="question_answer"),
    path("guidance/<uuid:public_id>/close/", guidance.question_close, name="question_close"),
    path("guidance/<uuid:public_id>/share/", guidance.question_share, name="question_share"),
    path("guidance/<uuid:public_id>/unshare/", guidance.question_unshare, name="question_unshare"),
    path("knowledge/", guidance.knowledge_list, name="knowledge_list"),
    path("knowledge/<uuid:public_id>/", guidance.knowledge_detail, name="knowledge_detail"),
]
