from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "gonghui.learning"
    label = "learning"
    verbose_name = "学习培训"

    def ready(self) -> None:
        from gonghui.accounts.api_tokens import API_SCOPES
        from gonghui.core.registry import MenuItem, Seeder, UrlInclude, menu, seeders, url_includes

        from .demo import seed_learning
        from .permissions import VIEW
        from .registrations import classes, courses, guidance

        url_includes.register(
            "learning", UrlInclude(prefix="learning/", module="gonghui.learning.urls", order=98)
        )
        # the member's pages, inside the service worker's scope (/portal/)
        url_includes.register(
            "learning.portal",
            UrlInclude(prefix="portal/learning/", module="gonghui.learning.portal_urls", order=98),
        )
        for key, label, url_name, icon, order in (
            ("learning.courses", "课程管理", "learning:course_list", "school", 143),
            ("learning.classes", "干部培训班", "learning:class_list", "certificate", 144),
            ("learning.hours", "学时统计", "learning:hours_report", "chart-bar", 145),
            ("learning.guidance", "业务指导", "learning:question_list", "message-question", 146),
            ("learning.knowledge", "业务知识库", "learning:knowledge_list", "file-text", 147),
        ):
            menu.register(
                key,
                MenuItem(
                    key=key,
                    label=label,
                    url_name=url_name,
                    icon=icon,
                    action=VIEW,
                    order=order,
                    section="宣传与学习培训",
                ),
            )
        API_SCOPES.setdefault("learning:read", "读取开放的课程")
        courses.register()
        classes.register()
        guidance.register()
        # after honours (96), quizzes (80), certificates, quotas and checkins (86–89), the accounts and the news demo
        if "learning" not in seeders:
            seeders.register("learning", Seeder(key="learning", func=seed_learning, order=102))
