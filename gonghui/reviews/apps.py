from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "gonghui.reviews"
    label = "reviews"
    verbose_name = "评审打分"

    def ready(self) -> None:
        from gonghui.core.registry import MenuItem, Seeder, UrlInclude, menu, seeders, url_includes

        from .demo import seed_reviews
        from .permissions import JUDGE

        url_includes.register(
            "reviews", UrlInclude(prefix="reviews/", module="gonghui.reviews.urls", order=88)
        )
        menu.register(
            "reviews",
            MenuItem(
                key="reviews",
                label="评审管理",
                url_name="reviews:round_list",
                icon="clipboard-check",
                action="reviews.view",
                order=93,
                section="组织与会员",
            ),
        )
        menu.register(
            "reviews.judging",
            MenuItem(
                key="reviews.judging",
                label="我的评审",
                url_name="reviews:judge_list",
                icon="star",
                action=JUDGE,
                order=10,
            ),
        )
        if "reviews" not in seeders:
            seeders.register("reviews", Seeder(key="reviews", func=seed_reviews, order=88))
