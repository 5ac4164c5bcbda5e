from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "gonghui.appeals"
    label = "appeals"
    verbose_name = "网上维权"

    def ready(self) -> None:
        from gonghui.accounts.api_tokens import API_SCOPES
        from gonghui.accounts.roles import CONSOLE
        from gonghui.attachments.policies import attachment_access
        from gonghui.core.registry import (
            ApiRouter,
            HomeCounter,
            MenuItem,
            PortalTile,
            Role,
            ScheduledJob,
            Seeder,
            UrlInclude,
            api_routers,
            home_counters,
            menu,
            portal_tiles,
            roles,
            scheduled_jobs,
            seeders,
            url_includes,
        )
        from gonghui.notifications.targets import NotificationTarget, notification_targets

        from .demo import seed_appeals
        from .jobs import appeals_auto_close_job, appeals_due_soon_job, appeals_overdue_job
        from .permissions import HANDLE, REVEAL, SUPERVISE, VIEW, VIEW_ASSIGNED
        from .selectors import appeal_desk_counts, appeal_whereabouts, attachment_may_download
        from .spreadsheets import register as register_exports

        url_includes.register(
            "appeals", UrlInclude(prefix="appeals/", module="gonghui.appeals.urls", order=60)
        )
        api_routers.register(
            "appeals", ApiRouter(prefix="appeals", router="gonghui.appeals.api:router", order=60)
        )
        API_SCOPES.setdefault("appeals:read", "读取可见范围内的诉求（匿名诉求不含身份）")

        roles.register(
            "appeals_handler",
            Role(
                code="appeals_handler",
                label="维权干事",
                actions=frozenset({CONSOLE, "orgs.view", VIEW, HANDLE}),
                order=70,
                description="受理、办理和答复本级及下级工会的诉求（限定类别须另行指定）",
            ),
        )
        roles.register(
            "appeals_supervisor",
            Role(
                code="appeals_supervisor",
                label="维权督办",
                actions=frozenset({CONSOLE, "orgs.view", VIEW, HANDLE, SUPERVISE, REVEAL}),
                order=71,
                description="督办本级及下级全部诉求（含限定类别），接收超期督办，经审计可查看匿名诉求人身份",
            ),
        )
        if "lawyer" not in roles:
            roles.register(
                "lawyer",
                Role(
                    code="lawyer",
                    label="律师",
                    actions=frozenset({CONSOLE, "legal.view_assigned", VIEW_ASSIGNED}),
                    order=80,
                    description="外聘律师：只能查看指派给本人的诉求和法律服务事项",
                ),
            )

        section = "网上维权"
        for key, label, url_name, action, order in (
            ("appeals", "诉求办理", "appeals:appeal_list", VIEW, 60),
            ("appeals.assigned", "指派给我的诉求", "appeals:appeal_list", VIEW_ASSIGNED, 61),
            ("appeals.overdue", "超期督办", "appeals:appeal_overdue_board", VIEW, 62),
            ("appeals.stats", "诉求统计", "appeals:appeal_stats", VIEW, 63),
            ("appeals.categories", "诉求类别与时限", "appeals:category_list", VIEW, 64),
            ("appeals.designations", "限定类别办理人", "appeals:designation_list", SUPERVISE, 65),
        ):
            menu.register(
                key,
                MenuItem(
                    key=key,
                    label=label,
                    url_name=url_name,
                    icon="scale",
                    action=action,
                    order=order,
                    section=section,
                ),
            )
        portal_tiles.register(
            "appeals",
            PortalTile(
                key="appeals",
                label="网上维权",
                url_name="appeals:portal_list",
                icon="scale",
                order=30,
                description="反映诉求、查看办理进度和答复",
            ),
        )
        home_counters.register(
            "appeals.submitted",
            HomeCounter(
                key="appeals.submitted",
                label="待受理诉求",
                count=lambda user, org: appeal_desk_counts(user=user, org=org)["submitted"],
                action=VIEW,
                url_name="appeals:appeal_list",
                order=60,
            ),
        )
        home_counters.register(
            "appeals.overdue",
            HomeCounter(
                key="appeals.overdue",
                label="超期诉求",
                count=lambda user, org: appeal_desk_counts(user=user, org=org)["overdue"],
                action=VIEW,
                url_name="appeals:appeal_overdue_board",
                order=61,
            ),
        )
        for key, label, func, order in (
            ("appeals.due_soon", "诉求临期提醒", appeals_due_soon_job, 60),
            ("appeals.overdue", "诉求超期督办", appeals_overdue_job, 61),
            ("appeals.auto_close", "答复未评价自动办结", appeals_auto_close_job, 62),
        ):
            scheduled_jobs.register(key, ScheduledJob(key=key, label=label, func=func, order=order))
        attachment_access.register("appeals.appeal", attachment_may_download)
        # a desk notification about a case transferred away says where it went instead of a 404
        notification_targets.register(
            "appeals:appeal_detail",
            NotificationTarget(url_name="appeals:appeal_detail", whereabouts=appeal_whereabouts),
        )
        register_exports()
        seeders.register("appeals", Seeder(key="appeals", func=seed_appeals, order=60))

        # ---- the member portal: 我的办理 and the home's 待办 (rate a reply, supply materials)
        from gonghui.core.registry import MemberRequestSource, PortalCard, member_requests, portal_cards

        from .selectors import appeal_requests_for_user, appeal_todo_items

        member_requests.register(
            "appeals",
            MemberRequestSource(key="appeals", label="诉求", requests=appeal_requests_for_user, order=50),
        )
        portal_cards.register(
            "appeals.todo", PortalCard(key="appeals.todo", kind="todo", items=appeal_todo_items, order=10)
        )
