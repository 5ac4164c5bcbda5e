from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "gonghui.news"
    label = "news"
    verbose_name = "宣传"

    def ready(self) -> None:
        from gonghui.accounts.api_tokens import API_SCOPES
        from gonghui.accounts.roles import CONSOLE
        from gonghui.core.registry import (
            MenuItem,
            Role,
            Seeder,
            UrlInclude,
            menu,
            roles,
            seeders,
            url_includes,
        )

        from .demo import seed_news
        from .permissions import REVIEW, REVIEWER_ROLE, VIEW
        from .registrations import articles, reading, review

        url_includes.register("news", UrlInclude(prefix="news/", module="gonghui.news.urls", order=97))
        # the member's pages, inside the service worker's scope (/portal/)
        url_includes.register(
            "news.portal", UrlInclude(prefix="portal/news/", module="gonghui.news.portal_urls", order=97)
        )
        for key, label, url_name, icon, action, order in (
            ("news.articles", "文章管理", "news:article_list", "news", VIEW, 141),
            ("news.review", "稿件审核", "news:review_queue", "clipboard-check", REVIEW, 142),
        ):
            menu.register(
                key,
                MenuItem(
                    key=key,
                    label=label,
                    url_name=url_name,
                    icon=icon,
                    action=action,
                    order=order,
                    section="宣传与学习培训",
                ),
            )
        if REVIEWER_ROLE not in roles:
            roles.register(
                REVIEWER_ROLE,
                Role(
                    code=REVIEWER_ROLE,
                    label="宣传审核员",
                    actions=frozenset({CONSOLE, VIEW, REVIEW}),
                    order=95,
                    description="审核本级及下级工会拟发布的文章（初审、复审、终审），不能审核本人起草的稿件",
                ),
            )
        API_SCOPES.setdefault("news:read", "读取已发布的文章")
        articles.register()
        review.register()
        reading.register()
        # after honours (96: the story subjects' records) and the accounts demo
        if "news" not in seeders:
            seeders.register("news", Seeder(key="news", func=seed_news, order=101))
