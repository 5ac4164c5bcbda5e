"""Crawler declarations for online joining, transfers and corrections."""

from gonghui.core.crawler import CrawlRoute, build_world, declare
from gonghui.members.choices import JoinStatus, TransferStatus
from gonghui.members.selectors import join_resubmit_token
from gonghui.members.tests.factories import MemberFactory
from gonghui.members.tests.test_joining_factories import (
    make_correction,
    make_join_application,
    make_transfer,
)
from gonghui.orgs.tests.factories import OrgFactory


@build_world("members.joining")
def _joining_world(world):
    # org C: a sibling of org A under 甲县; its member asks to move to org B (the delivery to B)
    org_c = OrgFactory.create(
        parent=world.county_x, code="ORGC", name="甲县第二小学工会", unit_name="甲县第二小学"
    )
    member_c = MemberFactory.create(org=org_c, name="丙转会会员")
    world.extra["transfer_to_b"] = make_transfer(
        member_c, to_org=world.org_b, status=TransferStatus.OUT_APPROVED
    )
    # another of org C's members moving into org A: org A's admin is the receiving union (转入方同意)
    world.extra["transfer_into_a"] = make_transfer(
        MemberFactory.create(org=org_c, name="丙转入会员"),
        to_org=world.org_a,
        status=TransferStatus.OUT_APPROVED,
    )
    # member A's own transfer, addressed to 甲县教育工会 (not to B)
    world.extra["transfer_a"] = make_transfer(
        world.member_a, to_org=world.county_x, requested_by=world.org_member
    )
    world.extra["join_a"] = make_join_application(world.org_a, n=11, name="入会申请人甲", phone="13600003333")
    world.extra["join_a_rejected"] = make_join_application(
        world.org_a,
        n=12,
        name="驳回申请人乙",
        phone="13600004444",
        status=JoinStatus.REJECTED,
        reject_reason="工作单位填写有误",
    )
    world.extra["correction_a"] = make_correction(world.member_a)
    world.extra.setdefault("markers", []).extend(["入会申请人甲", "驳回申请人乙"])


PUBLIC_JOIN_REASON = (
    "网上入会：尚无账号的职工填写入会申请，页面只显示工会名称和申请人本人在本会话中填写的内容"
)
for name in ["members:join_start", "members:join_unit", "members:join_apply", "members:join_done"]:
    declare(CrawlRoute(name, kind="public", reason=PUBLIC_JOIN_REASON))
declare(
    CrawlRoute(
        "members:join_unit_search",
        kind="public",
        reason="网上入会按单位名称查找工会：只返回选择所需的工会编码、工会名称和单位名称，不含联系人和职工人数",
        public_fields=("code", "name", "unit_name"),
    )
)
declare(
    CrawlRoute(
        "members:join_resubmit",
        kind="public",
        reason="驳回短信中的签名链接：申请人须先用登记手机号的短信验证码验证，才能看到并修改申请",
        params=lambda w: {"token": join_resubmit_token(w.extra["join_a_rejected"])},
    )
)
declare(
    CrawlRoute(
        "members:join_withdraw",
        kind="public",
        reason="撤回入会申请的签名链接（回执页或驳回短信）：页面只显示工会名称、状态和打码的手机号，撤回须用登记手机号的短信验证码",
        params=lambda w: {"token": join_resubmit_token(w.extra["join_a"])},
    )
)

for name in [
    "members:join_application_detail",
    "members:join_application_approve",
    "members:join_application_reject",
]:
    declare(CrawlRoute(name, params=lambda w: {"public_id": w.extra["join_a"].public_id}))

declare(CrawlRoute("members:transfer_create", params=lambda w: {"member_public_id": w.member_a.public_id}))
for name in ["members:transfer_approve_out", "members:transfer_cancel", "members:transfer_letter"]:
    declare(CrawlRoute(name, params=lambda w: {"public_id": w.extra["transfer_a"].public_id}))
declare(
    CrawlRoute(
        "members:transfer_approve_in",
        kind="shared",
        params=lambda w: {"public_id": w.extra["transfer_into_a"].public_id},
        shared_params=lambda w: {"public_id": w.extra["transfer_to_b"].public_id},
    )
)
for name in ["members:transfer_detail", "members:transfer_reject"]:
    declare(
        CrawlRoute(
            name,
            kind="shared",
            params=lambda w: {"public_id": w.extra["transfer_a"].public_id},
            shared_params=lambda w: {"public_id": w.extra["transfer_to_b"].public_id},
        )
    )

for name in ["members:transfer_mine", "members:correction_mine"]:
    declare(CrawlRoute(name, kind="portal"))
declare(
    CrawlRoute(
        "members:transfer_mine_cancel",
        kind="portal",
        params=lambda w: {"public_id": w.extra["transfer_a"].public_id},
    )
)

for name in ["members:correction_detail", "members:correction_approve", "members:correction_reject"]:
    declare(CrawlRoute(name, params=lambda w: {"public_id": w.extra["correction_a"].public_id}))
