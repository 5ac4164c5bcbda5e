from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "gonghui.reviews"
    label = "reviews"
    verbose_name = "评审打分"

    def ready(self) -> None:
        from gonghui.core.registry import Seeder, seeders

        from .demo import seed_reviews

        if "reviews" not in seeders:
            seeders.register("reviews", Seeder(key="reviews", func=seed_reviews, order=88))
