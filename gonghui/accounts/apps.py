from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gonghui.accounts"
    label = "accounts"
    verbose_name = "账号与权限"

    def ready(self) -> None:
        from gonghui.core.registry import (
            ApiRouter,
            MenuItem,
            ScheduledJob,
            Seeder,
            UrlInclude,
            api_routers,
            menu,
            scheduled_jobs,
            seeders,
            url_includes,
        )

        from .demo import seed_accounts
        from .roles import register_builtin_roles
        from .services import outside_accounts_deactivate

        register_builtin_roles()
        url_includes.register(
            "accounts", UrlInclude(prefix="accounts/", module="gonghui.accounts.urls", order=10)
        )
        menu.register(
            "users",
            MenuItem(
                key="users",
                label="账号与授权",
                url_name="accounts:user_list",
                icon="users",
                action="accounts.view",
                order=80,
                section="系统",
            ),
        )
        menu.register(
            "audit",
            MenuItem(
                key="audit",
                label="审计日志",
                url_name="accounts:audit_log_list",
                icon="shield",
                action="audit.view",
                order=90,
                section="系统",
            ),
        )
        scheduled_jobs.register(
            "accounts.outside_accounts_deactivate",
            ScheduledJob(
                key="accounts.outside_accounts_deactivate",
                label="停用授权均已到期的外部账号",
                func=outside_accounts_deactivate,
                order=50,
            ),
        )
        seeders.register("accounts", Seeder(key="accounts", func=seed_accounts, order=20))
        api_routers.register("me", ApiRouter(prefix="/me", router="gonghui.accounts.api:router", order=10))
