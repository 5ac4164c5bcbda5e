from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "gonghui.reviews"
    label = "reviews"
    verbose_name = "评审打分"
