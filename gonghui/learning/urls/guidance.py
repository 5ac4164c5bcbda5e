"""Console routes of part guidance (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import guidance

urlpatterns: list[URLPattern] = [
    path("guidance/", guidance.question_list, name="question_list"),
    path("knowledge/", guidance.knowledge_list, name="knowledge_list"),
]
