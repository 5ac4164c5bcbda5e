from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = "会员"

    def ready(self) -> None:
        from gonghui.core.registry import (
            HomeCounter,
            MenuItem,
            OrgDeactivationGuard,
            Seeder,
            UrlInclude,
            home_counters,
            menu,
            org_deactivation_guards,
            seeders,
            url_includes,
        )

        from .demo import seed_members
        from .selectors import member_list_for_user, org_deactivation_refusal

        url_includes.register(
            "members", UrlInclude(prefix="members/", module="gonghui.members.urls", order=30)
        )
        menu.register(
            "members",
            MenuItem(
                key="members",
                label="会员名册",
                url_name="members:member_list",
                icon="id",
                action="members.view",
                order=30,
                section="组织与会员",
            ),
        )
        home_counters.register(
            "members",
            HomeCounter(
                key="members",
                label="在籍会员",
                count=lambda user, org: member_list_for_user(user=user, within=org, status="active").count(),
                action="members.view",
                url_name="members:member_list",
                order=20,
            ),
        )
        seeders.register("members", Seeder(key="members", func=seed_members, order=30))
        org_deactivation_guards.register(
            "members", OrgDeactivationGuard(key="members", refusal=org_deactivation_refusal, order=10)
        )

        from . import cards, joining, roster, spreadsheets, transfers

        for part in (joining, transfers, cards, roster):
            part.register()
        spreadsheets.register()
