from django.apps import AppConfig


class WelfareConfig(AppConfig):
    name = "gonghui.welfare"
    label = "welfare"
    verbose_name = "困难职工帮扶"

    def ready(self) -> None:
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

        from .demo import seed_welfare
        from .permissions import CARE_MANAGE, CARE_VIEW, MANAGE, OFFICER_ROLE, REVEAL, STATS, VIEW
        from .registrations import (
            aid,
            classing,
            condolences,
            cycle,
            files,
            households,
            intake,
            offers,
            recuperation,
            relief,
            subsidies,
        )

        url_includes.register(
            "welfare", UrlInclude(prefix="welfare/", module="gonghui.welfare.urls", order=90)
        )
        # the member's pages, inside the service worker's scope (/portal/)
        url_includes.register(
            "welfare.portal",
            UrlInclude(prefix="portal/welfare/", module="gonghui.welfare.portal_urls", order=90),
        )
        if OFFICER_ROLE not in roles:
            roles.register(
                OFFICER_ROLE,
                Role(
                    code=OFFICER_ROLE,
                    label="帮扶干事",
                    actions=frozenset(
                        {
                            CONSOLE,
                            "orgs.view",
                            "members.view",
                            VIEW,
                            MANAGE,
                            REVEAL,
                            STATS,
                            "ledger.view",
                            "ledger.manage",
                            "notices.view",
                            CARE_VIEW,
                            CARE_MANAGE,
                        }
                    ),
                    order=72,
                    description="办理本级及下级困难职工建档、复核与帮扶救助，经审计查看家庭健康与收入信息",
                ),
            )
        for order, (key, label, url_name, icon, action) in enumerate(
            (
                ("welfare", "困难职工档案", "welfare:list", "home", VIEW),
                ("welfare.lines", "低保标准", "welfare:lines", "scale", VIEW),
                ("welfare.aid", "帮扶救助", "welfare:aid_list", "credit-card", VIEW),
                ("welfare.reviews", "复核与回访", "welfare:reviews_due", "clipboard-check", VIEW),
                ("welfare.stats", "帮扶统计", "welfare:stats", "chart-bar", STATS),
                ("welfare.relief", "送温暖慰问", "welfare:relief_list", "credit-card", CARE_VIEW),
                ("welfare.subsidies", "基层工会补助", "welfare:subsidy_list", "sitemap", CARE_VIEW),
                ("welfare.condolences", "慰问登记与标准", "welfare:condolence_list", "users", CARE_VIEW),
                ("welfare.recuperation", "疗休养", "welfare:programme_list", "calendar-event", CARE_VIEW),
                ("welfare.offers", "普惠优惠", "welfare:offer_list", "id", CARE_VIEW),
            )
        ):
            menu.register(
                key,
                MenuItem(
                    key=key,
                    label=label,
                    url_name=url_name,
                    icon=icon,
                    action=action,
                    order=101 + order,
                    section="帮扶慰问",
                ),
            )
        households.register()
        classing.register()
        intake.register()
        files.register()
        cycle.register()
        aid.register()
        relief.register()
        subsidies.register()
        condolences.register()
        recuperation.register()
        offers.register()
        if "welfare" not in seeders:
            seeders.register("welfare", Seeder(key="welfare", func=seed_welfare, order=98))
