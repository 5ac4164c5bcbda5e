from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "gonghui.reviews"
    label = "reviews"
    verbose_name = "评审打分"

    def ready(self) -> None:
        from gonghui.attachments.policies import attachment_access
        from gonghui.core.registry import (
            HomeCounter,
            MenuItem,
            Seeder,
            UrlInclude,
            home_counters,
            menu,
            seeders,
            url_includes,
        )

        from .demo import seed_outside_accounts, seed_reviews
        from .object_grants import register_object_grants
        from .permissions import JUDGE, MANAGE, VIEW, self_sheet_evidence_access
        from .selectors import judge_sheets_left

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
                action=VIEW,
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
        menu.register(
            "reviews.self",
            MenuItem(
                key="reviews.self",
                label="评审自评",
                url_name="reviews:self_list",
                icon="checklist",
                action=MANAGE,
                order=94,
                section="组织与会员",
            ),
        )
        # a judge's console home says how much scoring is waiting and leads to it
        home_counters.register(
            "reviews.to_score",
            HomeCounter(
                key="reviews.to_score",
                label="待评分",
                count=lambda user, org: judge_sheets_left(user),
                action=JUDGE,
                url_name="reviews:judge_list",
                order=40,
                personal=True,
            ),
        )
        # the evidence (佐证材料) of a self sheet: its entrant union, the round's viewers, its judges
        if "reviews.scoresheet" not in attachment_access:
            attachment_access.register("reviews.scoresheet", self_sheet_evidence_access)
        register_object_grants()
        if "reviews" not in seeders:
            seeders.register("reviews", Seeder(key="reviews", func=seed_reviews, order=88))
        if "reviews.outside_accounts" not in seeders:
            seeders.register(
                "reviews.outside_accounts",
                Seeder(key="reviews.outside_accounts", func=seed_outside_accounts, order=89),
            )
