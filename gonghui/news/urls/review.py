"""Console routes of part review (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import review

urlpatterns: list[URLPattern] = [
    path("review/", review.review_queue, name="review_queue"),
    path("review/<uuid:public_id>/", review.review_article, name="review_article"),
    path("review/<uuid:public_id>/submit/", review.article_submit, name="article_submit"),
    path("review/<uuid:public_id>/withdraw/", review.article_withdraw, name="article_withdraw"),
    path("review/policy/", review.review_policy, name="review_policy"),
    path("review/words/", review.sensitive_words, name="sensitive_words"),
    path("review/words/<int:word_id>/delete/", review.sensitive_word_delete, name="sensitive_word_delete"),
]
