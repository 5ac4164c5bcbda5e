from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = "会员"

    def ready(self) -> None:
        """The registrations of every part: registry, joining, transfers and corrections, cards; the roster
        importer and the exports register in `spreadsheets.register()`."""
        from django.urls import reverse

        from gonghui.accounts.api_tokens import API_SCOPES
        from gonghui.core.registry import (
            ApiRouter,
            FirstStep,
            HomeCounter,
            MenuItem,
            OrgDeactivationGuard,
            PortalTile,
            Seeder,
            UrlInclude,
            api_routers,
            first_steps,
            home_counters,
            menu,
            org_deactivation_guards,
            portal_tiles,
            seeders,
            url_includes,
        )
        from gonghui.quotas.sources import WeightSource, weight_sources

        from . import spreadsheets
        from .demo import seed_cards, seed_committees, seed_join_applications, seed_members, seed_transfers
        from .permissions import MANAGE, VIEW
        from .selectors.joining import join_pending_count
        from .selectors.registry import (
            member_counts_holding,
            member_for_user,
            member_list_for_user,
            org_deactivation_refusal,
            org_has_activated_members,
            org_has_members,
        )

        # ---- registry
        if "members" not in weight_sources:
            weight_sources.register(
                "members",
                WeightSource(key="members", label="会员人数", weights=member_counts_holding, order=10),
            )
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
                action=VIEW,
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
                action=VIEW,
                url_name="members:member_list",
                order=20,
            ),
        )
        # the first steps of a new union (console home): its roster, then its members on the portal
        first_steps.register(
            "members.import",
            FirstStep(
                key="members.import",
                label="导入会员名册",
                done=org_has_members,
                action=MANAGE,
                url=lambda org: reverse("spreadsheets:import_start", args=["members"]),
                hint="下载模板，按模板填好名册后上传；也可在会员名册中逐个新增",
                order=20,
            ),
        )
        first_steps.register(
            "members.activate",
            FirstStep(
                key="members.activate",
                label="邀请会员开通会员端",
                done=org_has_activated_members,
                action=MANAGE,
                url_name="members:member_list",
                hint="在会员页点“发送开通短信”，会员用手机号和验证码设置密码后即可登录会员端",
                order=30,
            ),
        )
        seeders.register("members", Seeder(key="members", func=seed_members, order=30))
        org_deactivation_guards.register(
            "members", OrgDeactivationGuard(key="members", refusal=org_deactivation_refusal, order=10)
        )
        spreadsheets.register()
        from .jobs import register as register_jobs

        register_jobs()  # the nightly 会员计数 check

        # ---- 岗位类别: the codes counted as 教师 (TEACHER_JOB_CATEGORIES) must be JobCategory codes
        from django.core import checks

        from .selectors.congress import check_teacher_job_categories

        checks.register(check_teacher_job_categories)

        # ---- online joining
        menu.register(
            "members.join_applications",
            MenuItem(
                key="members.join_applications",
                label="入会审批",
                url_name="members:join_application_list",
                icon="user-plus",
                action=VIEW,
                order=31,
                section="组织与会员",
            ),
        )
        portal_tiles.register(
            "members.join",
            PortalTile(
                key="members.join",
                label="网上入会",
                url_name="members:join_start",
                icon="user-plus",
                order=15,
                description="职工在线申请加入本单位工会",
                shown=lambda user: member_for_user(user) is None,  # members have joined already
            ),
        )
        home_counters.register(
            "members.join_pending",
            HomeCounter(
                key="members.join_pending",
                label="待审批入会申请",
                count=lambda user, org: join_pending_count(user=user, org=org),
                action=VIEW,
                url_name="members:join_application_list",
                order=21,
            ),
        )
        seeders.register("members.join", Seeder(key="members.join", func=seed_join_applications, order=40))

        # ---- transfers and corrections
        menu.register(
            "members.transfers",
            MenuItem(
                key="members.transfers",
                label="转会办理",
                url_name="members:transfer_list",
                icon="arrows-exchange",
                action=VIEW,
                order=32,
                section="组织与会员",
            ),
        )
        menu.register(
            "members.corrections",
            MenuItem(
                key="members.corrections",
                label="信息更正审核",
                url_name="members:correction_list",
                icon="edit",
                action=VIEW,
                order=33,
                section="组织与会员",
            ),
        )
        portal_tiles.register(
            "members.transfer",
            PortalTile(
                key="members.transfer",
                label="转会申请",
                url_name="members:transfer_mine",
                icon="arrows-exchange",
                order=40,
                description="工作调动后申请转移工会组织关系",
            ),
        )
        portal_tiles.register(
            "members.correction",
            PortalTile(
                key="members.correction",
                label="信息更正",
                url_name="members:correction_mine",
                icon="edit",
                order=45,
                description="申请更正本人的会员信息",
            ),
        )
        seeders.register("members.transfers", Seeder(key="members.transfers", func=seed_transfers, order=41))

        # ---- member cards (and the API: identity check, the member's own card)
        API_SCOPES["members:verify"] = "核验会员身份"
        menu.register(
            "member_cards",
            MenuItem(
                key="member_cards",
                label="会员卡",
                url_name="members:card_application_list",
                icon="credit-card",
                action=VIEW,
                order=34,
                section="组织与会员",
            ),
        )
        portal_tiles.register(
            "member_card",
            PortalTile(
                key="member_card",
                label="我的会员卡",
                url_name="members:card_mine",
                icon="credit-card",
                order=20,
                description="申请会员卡，查看办理进度和会员码",
            ),
        )
        api_routers.register(
            "members", ApiRouter(prefix="/members", router="gonghui.members.api:router", order=30)
        )
        seeders.register("member_cards", Seeder(key="member_cards", func=seed_cards, order=45))
        seeders.register(
            "members.committees", Seeder(key="members.committees", func=seed_committees, order=46)
        )

        # ---- member filters and target lists (名单管理)
        from .demo import seed_target_lists

        menu.register(
            "members.target_lists",
            MenuItem(
                key="members.target_lists",
                label="名单管理",
                url_name="members:target_list_list",
                icon="list-check",
                action=VIEW,
                order=35,
                section="组织与会员",
            ),
        )
        seeders.register(
            "members.target_lists", Seeder(key="members.target_lists", func=seed_target_lists, order=47)
        )

        # ---- the member portal: 我的办理 (one source per kind) and the home's 待办
        from gonghui.core.registry import (
            MemberRequestSource,
            MemberUnion,
            PortalCard,
            member_requests,
            member_unions,
            portal_cards,
        )

        from .selectors.portal import (
            card_requests_for_user,
            correction_requests_for_user,
            join_requests_for_user,
            member_todo_items,
            member_union_for_user,
            transfer_requests_for_user,
        )

        member_unions.register("members", MemberUnion(key="members", org_of=member_union_for_user))

        for key, label, requests, order in (
            ("members.join", "入会", join_requests_for_user, 10),
            ("members.card", "会员卡", card_requests_for_user, 20),
            ("members.transfer", "转会", transfer_requests_for_user, 30),
            ("members.correction", "信息更正", correction_requests_for_user, 40),
        ):
            member_requests.register(
                key, MemberRequestSource(key=key, label=label, requests=requests, order=order)
            )
        portal_cards.register(
            "members.todo", PortalCard(key="members.todo", kind="todo", items=member_todo_items, order=30)
        )
