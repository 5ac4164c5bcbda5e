"""Console routes of part review (this part edits only this file)."""

from django.urls import URLPattern, path

from ..views import review

urlpatterns: list[URLPattern] = [
    path("review/", review.review_queue, name="review_queue"),
]
