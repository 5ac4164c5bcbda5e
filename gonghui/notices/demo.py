"""Demo 公示 of the block's own kind "org": the city union's 2026年度优秀工会积极分子推荐人选公示, published today for
5 working days (so the demo member 13900000001 sees it running on the portal), with one objection answered 不成立
(named, by the demo member) and one upheld (anonymous, with a contact): its entry is withdrawn. Made through the
services as the platform administrator; idempotent (an existing notice of the same title is left alone)."""

from django.db import transaction

from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import MEMBER
from gonghui.core.registry import member_union_of
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org

from .choices import ObjectionOutcome
from .models import Notice
from .owners import ORG_KIND
from .services import EntryInput, notice_create, notice_publish, objection_answer, objection_submit

ROOT_CODE = "JZJKWT"
DEMO_MEMBER_PHONE = "13900000001"  # the member login the README gives
DEMO_TITLE = "2026年度优秀工会积极分子推荐人选公示"
DEMO_BODY = (
    "根据《关于开展2026年度优秀工会积极分子评选工作的通知》，经基层工会推荐、市教科文卫体工会审核，"
    "现将推荐人选予以公示。公示期间，如对公示对象有异议，请通过会员服务“公示”页面实名或匿名反映，"
    "反映问题应实事求是、具体翔实。"
)
DEMO_NAMES = ("王建华", "李秀兰", "张志强", "刘晓燕", "陈国庆", "杨丽娟")
DEMO_REASONS = (
    "积极参与工会组织建设，带头开展职工之家活动",
    "长期承担工会宣传工作，组织青年教师技能竞赛",
    "热心服务会员，协助开展困难职工帮扶",
    "组织女职工素质提升培训，成效显著",
    "推动民主管理，认真落实教代会提案",
    "带领会员参加健步走等文体活动",
)


def _members(root: Org) -> list[User]:
    """Member users of the city's subtree with a holding union, the demo member first (their 我的办理 shows the
    answered objection)."""
    grants = (
        RoleGrant.objects.filter(role=MEMBER, org__path__startswith=root.path)
        .exclude(user__phone=DEMO_MEMBER_PHONE)
        .select_related("user")
        .order_by("user__phone", "pk")[:20]
    )
    users = [
        *User.objects.filter(phone=DEMO_MEMBER_PHONE)[:1],
        *dict.fromkeys(grant.user for grant in grants),
    ]
    return [user for user in users if member_union_of(user) is not None]


@transaction.atomic
def seed_notices() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    actor = User.objects.filter(username="admin").first()
    if root is None or actor is None:
        return "没有市级工会或系统管理员，跳过公示"
    if Notice.objects.filter(org=root, title=DEMO_TITLE).exists():
        return "公示已存在"
    units = list(
        Org.objects.filter(path__startswith=root.path, level=OrgLevel.GRASSROOTS, status="active").order_by(
            "path"
        )[: len(DEMO_NAMES)]
    )
    entries = [
        EntryInput(name=name, unit=units[n % len(units)].unit_name if units else "", reason=reason)
        for n, (name, reason) in enumerate(zip(DEMO_NAMES, DEMO_REASONS, strict=True))
    ]
    notice = notice_create(
        kind=ORG_KIND, owner=root, org=root, title=DEMO_TITLE, body=DEMO_BODY, entries=entries, actor=actor
    )
    notice = notice_publish(notice=notice, actor=actor)
    members = _members(root)
    listed = list(notice.entries.order_by("position"))
    if len(members) < 2 or len(listed) < 3:
        return "公示 1 条（没有会员，未演示异议）"
    dismissed = objection_submit(
        notice=notice,
        user=members[0],
        entry=listed[1],
        text="听说该同志今年下半年调离了原单位，是否还符合推荐条件？",
    )
    objection_answer(
        objection=dismissed,
        outcome=ObjectionOutcome.DISMISSED,
        answer="经核实，该同志2026年度一直在原单位任教，工作调动尚未发生，符合推荐条件。",
        actor=actor,
    )
    upheld = objection_submit(
        notice=notice,
        user=members[1],
        entry=listed[2],
        text="该同志所在单位工会本年度未按时换届，按评选通知不具备推荐资格。",
        anonymous=True,
        contact="13900009999",
    )
    objection_answer(
        objection=upheld,
        outcome=ObjectionOutcome.UPHELD,
        answer="经核实，反映情况属实，该人选不符合推荐条件，予以撤下。",
        actor=actor,
    )
    return "公示 1 条（异议 2 件：1 件不成立，1 件成立并撤下公示对象）"
