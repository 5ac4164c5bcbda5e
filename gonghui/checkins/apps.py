from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "gonghui.checkins"
    label = "checkins"
    verbose_name = "签到"

    def ready(self) -> None:
        from gonghui.core.registry import (
            ApiRouter,
            MenuItem,
            PortalTile,
            Seeder,
            UrlInclude,
            api_routers,
            menu,
            portal_tiles,
            seeders,
            url_includes,
        )

        from .demo import seed_checkins
        from .permissions import VIEW, session_admits, session_can_scan
        from .selectors import session_get_visible_or_404
        from .targets import SESSION_KIND, CheckinTarget, checkin_targets

        if SESSION_KIND not in checkin_targets:
            # the block's own target: a union's 签到场次, for its subtree or a 名单
            checkin_targets.register(
                SESSION_KIND,
                CheckinTarget(
                    key=SESSION_KIND,
                    label="签到场次",
                    model="checkins.checkinsession",
                    find=lambda user, public_id: session_get_visible_or_404(user, public_id),
                    can_scan=session_can_scan,
                    window=lambda session: (session.starts_at, session.ends_at),
                    admits=session_admits,
                    org_of=lambda session: session.org,
                    title_of=lambda session: session.title,
                    order=10,
                ),
            )
        url_includes.register(
            "checkins", UrlInclude(prefix="checkins/", module="gonghui.checkins.urls", order=88)
        )
        # the member's 我的会员码 inside the service worker's scope (/portal/), see portal_urls.py
        url_includes.register(
            "checkins.portal",
            UrlInclude(prefix="portal/member-code/", module="gonghui.checkins.portal_urls", order=89),
        )
        menu.register(
            "checkins",
            MenuItem(
                key="checkins",
                label="签到",
                url_name="checkins:list",
                icon="clipboard-check",
                action=VIEW,
                order=93,
                section="组织与会员",
            ),
        )
        portal_tiles.register(
            "checkins.member_code",
            PortalTile(
                key="checkins.member_code",
                label="我的会员码",
                url_name="checkins_portal:member_code",
                icon="clipboard-check",
                order=21,
                description="参加会议、培训时出示，每30秒更新，用于签到",
            ),
        )
        api_routers.register(
            "checkins", ApiRouter(prefix="/checkins", router="gonghui.checkins.api:router", order=88)
        )
        seeders.register("checkins", Seeder(key="checkins", func=seed_checkins, order=89))
