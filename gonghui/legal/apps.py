from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "gonghui.legal"
    label = "legal"
    verbose_name = "法律服务"

    def ready(self) -> None:
        from gonghui.accounts.roles import CONSOLE
        from gonghui.attachments.policies import attachment_access
        from gonghui.core.registry import (
            HomeCounter,
            MenuItem,
            PortalTile,
            Role,
            Seeder,
            UrlInclude,
            home_counters,
            menu,
            portal_tiles,
            roles,
            seeders,
            url_includes,
        )

        from .demo import seed_legal
        from .permissions import HANDLE, MANAGE_LAWYERS, VIEW, VIEW_ASSIGNED, can_view_aid_files
        from .selectors import aid_pending_count
        from .services import LAWYER_ROLE
        from .spreadsheets import register as register_exports

        url_includes.register("legal", UrlInclude(prefix="legal/", module="gonghui.legal.urls", order=62))
        roles.register(
            "legal_handler",
            Role(
                code="legal_handler",
                label="法律服务干事",
                actions=frozenset({CONSOLE, VIEW, HANDLE, MANAGE_LAWYERS}),
                order=75,
                description="解答法律咨询、审查法律援助申请、维护律师库",
            ),
        )
        # 律师 is registered by gonghui.appeals (before this app in INSTALLED_APPS); this is the fallback.
        if LAWYER_ROLE not in roles:
            roles.register(
                LAWYER_ROLE,
                Role(
                    code=LAWYER_ROLE,
                    label="律师",
                    actions=frozenset({CONSOLE, VIEW_ASSIGNED}),
                    order=85,
                    description="外聘律师：只处理指派给本人的案件",
                ),
            )
        for key, label, url_name, icon, action, order in (
            ("legal.consultations", "法律咨询", "legal:consultation_list", "message-question", VIEW, 62),
            ("legal.applications", "法律援助", "legal:application_list", "scale", VIEW, 63),
            ("legal.lawyers", "律师库", "legal:lawyer_list", "briefcase", VIEW, 64),
            ("legal.statistics", "法律服务统计", "legal:statistics", "chart-bar", VIEW, 65),
            ("legal.assigned", "我的案件", "legal:assigned_list", "briefcase", VIEW_ASSIGNED, 66),
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
                    section="网上维权",
                ),
            )
        portal_tiles.register(
            "legal",
            PortalTile(
                key="legal",
                label="法律服务",
                url_name="legal:portal_home",
                icon="scale",
                order=45,
                description="法律咨询、法律援助申请和常见问题",
            ),
        )
        home_counters.register(
            "legal.aid_pending",
            HomeCounter(
                key="legal.aid_pending",
                label="待审查法律援助申请",
                count=lambda user, org: aid_pending_count(user=user, org=org),
                action=HANDLE,
                url_name="legal:application_list",
                order=62,
            ),
        )
        attachment_access.register("legal.legalaidapplication", can_view_aid_files)
        register_exports()
        seeders.register("legal", Seeder(key="legal", func=seed_legal, order=62))

        # ---- the member portal: 我的办理 (法律咨询 and 法律援助 are two kinds). No home 待办: a consultation has no
        # "answered, not yet read" state (the answer's message in 消息 carries the unread mark).
        from gonghui.core.registry import MemberRequestSource, member_requests

        from .selectors import aid_requests_for_user, consultation_requests_for_user

        for key, label, requests, order in (
            ("legal.consultation", "法律咨询", consultation_requests_for_user, 60),
            ("legal.aid", "法律援助", aid_requests_for_user, 70),
        ):
            member_requests.register(
                key, MemberRequestSource(key=key, label=label, requests=requests, order=order)
            )
