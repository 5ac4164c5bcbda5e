"""Demo data for 法律服务: a 律师库 with three lawyers (each with a login holding the 律师 role), the city
union's clerk made 法律服务干事, consultations in every state (some published to the FAQ) and legal-aid
applications in every state (the answered 寒暑假 question and the aid under way are the demo member's, whose
login the README gives), one of them overdue (submitted, under `demo_clock`, on the day 30 days back, so its
number is of that day's year). Written through the services; idempotent."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.demo import DEMO_PASSWORD, demo_clock
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.scoping import forget_grants
from gonghui.calendars.workdays import add_workdays
from gonghui.members.demo import demo_member
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgLevel, OrgStatus
from gonghui.orgs.models import Org

from .choices import AidOutcome, DisputeType, LegalCategory
from .models import Lawyer, LegalAidApplication
from .services import (
    LAWYER_ROLE,
    AidRequest,
    Question,
    aid_approve,
    aid_close,
    aid_reject,
    aid_submit,
    consultation_answer,
    consultation_assign,
    consultation_publish,
    consultation_submit,
)

ROOT_CODE = "JZJKWT"
HANDLER_USERNAME = "shi_ganshi"
HANDLER_ROLE = "legal_handler"
# (username, name, firm, licence number, phone, specialties, registered at the root or the first county)
LAWYERS = (
    (
        "lvshi_wang",
        "王志远",
        "河南怀川律师事务所",
        "14108201810012345",
        "03913561001",
        "劳动争议、工资报酬",
        "root",
    ),
    (
        "lvshi_li",
        "李晓梅",
        "河南焦作天衡律师事务所",
        "14108201610023456",
        "03913561002",
        "工伤赔偿、女职工权益",
        "root",
    ),
    (
        "lvshi_zhao",
        "赵国强",
        "河南山阳律师事务所",
        "14108201910034567",
        "03913561003",
        "劳动合同、社会保险",
        "county",
    ),
)
QUESTIONS = (
    (
        LegalCategory.WAGES,
        "单位拖欠两个月工资怎么办",
        "学校食堂承包方已拖欠我两个月工资，多次催要无果，我该如何维权？",
    ),
    (
        LegalCategory.CONTRACT,
        "试用期被辞退有补偿吗",
        "我在民办学校试用期第三个月被通知不合格辞退，没有书面理由，能要求补偿吗？",
    ),
    (LegalCategory.LEAVE, "寒暑假能否抵扣年休假", "学校说寒暑假已经包含年休假，请问这种说法是否合法？"),
    (
        LegalCategory.WOMEN,
        "哺乳期能否调岗降薪",
        "我在哺乳期被安排到后勤岗位并降低了绩效工资，单位的做法合法吗？",
    ),
    (
        LegalCategory.SOCIAL_INSURANCE,
        "劳务派遣员工社保由谁缴纳",
        "我是学校的劳务派遣保安，派遣公司一直没有给我缴纳社保，应该找谁？",
    ),
    (
        LegalCategory.INJURY,
        "上下班途中受伤算工伤吗",
        "我骑电动车下班途中被机动车撞伤，对方负主要责任，能认定工伤吗？",
    ),
)
ANSWERS = (
    "可先向单位所在地劳动保障监察机构投诉，也可申请劳动争议仲裁，要求支付拖欠的工资；工会可提供法律援助。",
    "用人单位在试用期解除劳动合同应当向劳动者说明理由；不能证明不符合录用条件的，属违法解除，可要求赔偿金。",
    "寒暑假是否抵扣年休假，应看单位规章制度是否经民主程序制定并公示；教职工可按《职工带薪年休假条例》主张权利。",
    "《女职工劳动保护特别规定》明确不得因哺乳降低工资；单位单方调岗降薪的，可要求恢复原岗位待遇。",
    "劳务派遣单位应依法为被派遣劳动者缴纳社会保险，用工单位承担连带责任；可向社保经办机构投诉。",
    "在上下班途中受到非本人主要责任的交通事故伤害，应当认定为工伤，请在事故发生之日起一年内申请工伤认定。",
)


def _user_of(member: Member) -> User:
    """The account of a demo member (the demo picks members that have one)."""
    if member.user is None:
        raise ValueError(f"demo member {member.pk} has no account")
    return member.user


def _lawyer_accounts(root: Org, county: Org) -> list[Lawyer]:
    password = make_password(DEMO_PASSWORD)
    lawyers = []
    for username, name, firm, licence, phone, specialties, where in LAWYERS:
        org = root if where == "root" else county
        user, _created = User.objects.get_or_create(
            username=username, defaults={"name": name, "password": password}
        )
        RoleGrant.objects.get_or_create(user=user, role=LAWYER_ROLE, org=org)
        lawyer, _created = Lawyer.objects.get_or_create(
            licence_number=licence,
            defaults={
                "org": org,
                "user": user,
                "name": name,
                "firm": firm,
                "phone": phone,
                "specialties": specialties,
            },
        )
        lawyers.append(lawyer)
    return lawyers


# the demo member whose login the README gives asked the answered question on 寒暑假 and for the aid now under way
DEMO_MEMBER_QUESTION = 2
DEMO_MEMBER_AID = "approved"


@transaction.atomic
def seed_legal() -> str:
    if Lawyer.objects.filter(licence_number=LAWYERS[0][3]).exists():
        return "法律服务演示数据已存在，跳过"
    root = Org.objects.filter(code=ROOT_CODE).first()
    handler = User.objects.filter(username=HANDLER_USERNAME).first()
    county = (
        Org.objects.filter(level=OrgLevel.COUNTY, status=OrgStatus.ACTIVE, path__startswith=root.path)
        .order_by("path")
        .first()
        if root is not None
        else None
    )
    if root is None or handler is None or county is None:
        return "缺少演示组织或账号，跳过法律服务演示数据"
    RoleGrant.objects.get_or_create(user=handler, role=HANDLER_ROLE, org=root)
    forget_grants(handler)
    lawyers = _lawyer_accounts(root, county)
    mine = demo_member()
    members = list(
        Member.objects.filter(org__path__startswith=county.path, user__isnull=False)
        .exclude(pk__in=[mine.pk] if mine is not None else [])
        .select_related("org", "user")
        .order_by("id")[:12]
    )
    if len(members) < 12:
        return f"律师 {len(lawyers)} 名；会员不足，未生成咨询和援助申请"
    # consultations: 2 待解答 (one assigned to a lawyer), 1 已解答, 3 已公开
    for index, (category, title, text) in enumerate(QUESTIONS):
        member = members[index]
        if index == DEMO_MEMBER_QUESTION and mine is not None and mine.org.path.startswith(root.path):
            member = mine
        consultation = consultation_submit(
            member=member,
            org=member.org,
            question=Question(category, title, text, index >= 2),
            actor=_user_of(member),
        )
        if index == 0:
            consultation_assign(consultation=consultation, lawyer=lawyers[2], actor=handler)
        if index < 2:
            continue
        consultation_answer(consultation=consultation, answer=ANSWERS[index], actor=handler)
        if index >= 3:
            consultation_publish(consultation=consultation, title=title, question=text, actor=handler)
    # legal aid: 待审查 (one overdue), 援助中, 不予援助, 已结案 ×2
    cases = (
        (DisputeType.WAGES, Decimal("18600"), "焦作市某餐饮管理有限公司", "submitted"),
        (DisputeType.DISMISSAL, Decimal("42000"), "焦作市某民办培训学校", "overdue"),
        (DisputeType.INJURY, Decimal("86000"), "焦作市某物业服务有限公司", "approved"),
        (DisputeType.CONTRACT, None, "焦作市某文化传媒有限公司", "rejected"),
        (DisputeType.WAGES, Decimal("23500"), "焦作市某保洁服务有限公司", "mediated"),
        (DisputeType.SOCIAL_INSURANCE, Decimal("31000"), "焦作市某劳务派遣有限公司", "arbitration"),
    )
    for offset, (dispute, amount, opponent, state) in enumerate(cases):
        member = members[6 + offset]
        if state == DEMO_MEMBER_AID and mine is not None and mine.org.path.startswith(root.path):
            member = mine
        # the overdue one was submitted 30 days ago: on that day (its number is of that day's year)
        submitted = timezone.localdate() - dt.timedelta(days=30 if state == "overdue" else 0)
        with demo_clock(dt.datetime.combine(submitted, timezone.localtime().time())):
            application = aid_submit(
                member=member,
                org=member.org,
                request=AidRequest(
                    dispute,
                    amount,
                    opponent,
                    f"申请人{member.name}与{opponent}发生劳动争议，多次协商未果，经济困难，申请工会法律援助。",
                    "劳动合同\n工资条\n考勤记录",
                ),
                files=[],
                actor=_user_of(member),
            )
        if state == "overdue":
            LegalAidApplication.objects.filter(pk=application.pk).update(
                submitted_on=submitted, review_due_on=add_workdays(submitted, 10)
            )
        elif state == "approved":
            aid_approve(application=application, lawyer=lawyers[0], actor=handler)
        elif state == "rejected":
            aid_reject(
                application=application, reason="申请人月收入高于本市法律援助经济困难标准", actor=handler
            )
        elif state in ("mediated", "arbitration"):
            aid_approve(application=application, lawyer=lawyers[1], actor=handler)
            aid_close(
                application=application,
                outcome=AidOutcome.MEDIATED if state == "mediated" else AidOutcome.ARBITRATION,
                amount_recovered=((amount or Decimal("0")) * Decimal("0.8")).quantize(Decimal("0.01")),
                note="",
                actor=handler,
            )
    return f"律师 {len(lawyers)} 名，法律咨询 {len(QUESTIONS)} 件，法律援助申请 {len(cases)} 件"
