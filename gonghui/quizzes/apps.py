from django.apps import AppConfig


class QuizzesConfig(AppConfig):
    name = "gonghui.quizzes"
    label = "quizzes"
    verbose_name = "网上答题"

    def ready(self) -> None:
        from gonghui.core.registry import (
            FirstStep,
            HomeCounter,
            MenuItem,
            PortalTile,
            ScheduledJob,
            Seeder,
            UrlInclude,
            first_steps,
            home_counters,
            menu,
            portal_tiles,
            scheduled_jobs,
            seeders,
            url_includes,
        )

        from .certificates import register as register_certificate_kind
        from .demo import seed_quizzes
        from .models import MANAGE, VIEW
        from .permissions import register_roles
        from .selectors import activity_published_by, open_activity_count
        from .services import activities_open_notify_due, attempts_expire_due
        from .spreadsheets import register as register_exports

        register_roles()
        register_exports()
        register_certificate_kind()
        url_includes.register(
            "quizzes", UrlInclude(prefix="quizzes/", module="gonghui.quizzes.urls", order=80)
        )
        for key, label, url_name, order in (
            ("quizzes.activities", "答题活动", "quizzes:activity_list", 80),
            ("quizzes.banks", "题库", "quizzes:bank_list", 81),
        ):
            menu.register(
                key,
                MenuItem(
                    key=key,
                    label=label,
                    url_name=url_name,
                    icon="school",
                    action=VIEW,
                    order=order,
                    section="网上答题",
                ),
            )
        home_counters.register(
            "quizzes.open",
            HomeCounter(
                key="quizzes.open",
                label="进行中的答题活动",
                count=lambda user, org: open_activity_count(user=user, within=org),
                action=VIEW,
                url_name="quizzes:activity_list",
                order=80,
            ),
        )
        first_steps.register(
            "quizzes.publish",
            FirstStep(
                key="quizzes.publish",
                label="发布一次答题",
                done=activity_published_by,
                action=MANAGE,
                url_name="quizzes:activity_create",
                hint="新建答题活动，可选用上级共享的题库，发布后会员即可在会员端参加",
                order=40,
            ),
        )
        portal_tiles.register(
            "quizzes",
            PortalTile(
                key="quizzes",
                label="网上答题",
                url_name="quizzes:portal_home",
                icon="school",
                order=40,
                description="参加答题活动、练兵、错题本",
            ),
        )
        scheduled_jobs.register(
            "quizzes.expire",
            ScheduledJob(key="quizzes.expire", label="答题超时自动交卷", func=attempts_expire_due, order=80),
        )
        scheduled_jobs.register(
            "quizzes.open_notify",
            ScheduledJob(
                key="quizzes.open_notify", label="答题活动开始通知", func=activities_open_notify_due, order=81
            ),
        )
        seeders.register("quizzes", Seeder(key="quizzes", func=seed_quizzes, order=80))

        # ---- the member portal home: 待办 (an activity closing today, not yet tried) and 正在进行 (a banner each)
        from gonghui.core.registry import PortalCard, portal_cards

        from .selectors import quiz_now_items, quiz_todo_items

        portal_cards.register(
            "quizzes.todo", PortalCard(key="quizzes.todo", kind="todo", items=quiz_todo_items, order=20)
        )
        portal_cards.register(
            "quizzes.now", PortalCard(key="quizzes.now", kind="now", items=quiz_now_items, order=20)
        )
