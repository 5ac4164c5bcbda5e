from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "gonghui.notices"
    label = "notices"
    verbose_name = "公示"

    def ready(self) -> None:
        from gonghui.core.registry import (
            HomeCounter,
            MemberRequestSource,
            MenuItem,
            PortalCard,
            PortalTile,
            ScheduledJob,
            Seeder,
            UrlInclude,
            home_counters,
            member_requests,
            menu,
            portal_cards,
            portal_tiles,
            scheduled_jobs,
            seeders,
            url_includes,
        )

        from .choices import WindowUnit
        from .demo import seed_notices
        from .owners import ORG_KIND, NoticeOwnerKind, notice_owner_kinds
        from .permissions import MANAGE, VIEW, org_can_manage, register_roles
        from .selectors import notice_now_items, objection_requests_for_user, open_objection_count
        from .services import notices_close_due

        register_roles()
        # the block's own kind: a union's 公示 (工会经费收支公示, 评优结果 …), seen by the union's subtree
        if ORG_KIND not in notice_owner_kinds:
            notice_owner_kinds.register(
                ORG_KIND,
                NoticeOwnerKind(
                    key=ORG_KIND,
                    label="工会公示",
                    default_window=5,
                    window_unit=WindowUnit.WORKDAYS,
                    can_manage=org_can_manage,
                    order=10,
                ),
            )
        url_includes.register(
            "notices", UrlInclude(prefix="notices/", module="gonghui.notices.urls", order=86)
        )
        menu.register(
            "notices",
            MenuItem(
                key="notices",
                label="公示管理",
                url_name="notices:list",
                icon="speakerphone",
                action=VIEW,
                order=91,
                section="组织与会员",
            ),
        )
        scheduled_jobs.register(
            "notices.close_due",
            ScheduledJob(key="notices.close_due", label="公示期满关闭", func=notices_close_due, order=86),
        )
        home_counters.register(
            "notices.open_objections",
            HomeCounter(
                key="notices.open_objections",
                label="待答复的公示异议",
                count=lambda user, org: open_objection_count(user=user, org=org),
                action=MANAGE,
                url_name="notices:list",
                order=91,
            ),
        )
        portal_cards.register(
            "notices.now", PortalCard(key="notices.now", kind="now", items=notice_now_items, order=40)
        )
        portal_tiles.register(
            "notices",
            PortalTile(
                key="notices",
                label="公示",
                url_name="notices:portal_list",
                icon="speakerphone",
                order=60,
                description="正在公示的评选、经费等事项，可在线提出异议",
            ),
        )
        member_requests.register(
            "notices.objection",
            MemberRequestSource(
                key="notices.objection", label="公示异议", requests=objection_requests_for_user, order=90
            ),
        )
        seeders.register("notices", Seeder(key="notices", func=seed_notices, order=87))
