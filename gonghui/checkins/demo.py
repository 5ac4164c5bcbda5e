"""Demo 签到: the city union's 2026年度工会干部培训班签到, open from two hours before the seeding for a week, with a few members of
the city's subtree checked in (scanned, and one by hand); the demo member 13900000001 gets a 会员码 secret so that
我的会员码 shows a code at once. Made through the services as the platform administrator; idempotent (a session of
the same title is left alone)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.members.choices import HOLDING_STATUSES
from gonghui.members.models import Member
from gonghui.orgs.models import Org

from .codes import payload_of, step_of, totp
from .models import CheckinSession, MemberCodeSecret
from .selectors import member_code_secret_of
from .services import checkin_manual, checkin_validate, member_code_secret_issue, session_create

ROOT_CODE = "JZJKWT"
DEMO_MEMBER_PHONE = "13900000001"  # the member login the README gives
DEMO_TITLE = "2026年度工会干部培训班签到"
SCANNED = 4


@transaction.atomic
def seed_checkins() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    actor = User.objects.filter(username="admin").first()
    if root is None or actor is None:
        return "没有市级工会或系统管理员，跳过签到"
    demo_member = Member.objects.filter(phone=DEMO_MEMBER_PHONE).order_by("pk").first()
    if demo_member is not None and not MemberCodeSecret.objects.filter(member=demo_member).exists():
        member_code_secret_issue(member=demo_member, actor=actor)
    if CheckinSession.objects.filter(org=root, title=DEMO_TITLE).exists():
        return "签到场次已存在"
    # opened two hours ago (whatever the hour the demo is seeded at), for a week
    opened = timezone.localtime().replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=2)
    session = session_create(
        org=root,
        title=DEMO_TITLE,
        place="市教科文卫体工会职工培训中心三楼报告厅",
        starts_at=opened,
        ends_at=opened + dt.timedelta(days=7),
        target_list=None,
        actor=actor,
    )
    members = list(
        Member.objects.filter(org__path__startswith=root.path, status__in=HOLDING_STATUSES)
        .exclude(phone=DEMO_MEMBER_PHONE)
        .select_related("org")
        .order_by("pk")[: SCANNED + 1]
    )
    now = timezone.now()
    for member in members[:SCANNED]:
        if member_code_secret_of(member) is None:
            member_code_secret_issue(member=member, actor=actor)
        secret = member_code_secret_of(member)
        assert secret is not None  # noqa: S101 - issued just above
        code = payload_of(member_public_hex=member.public_id.hex, code=totp(secret, step_of(now)))
        checkin_validate(target=session, payload=code, actor=actor, now=now)
    for member in members[SCANNED:]:
        checkin_manual(target=session, member=member, actor=actor, now=now)
    return f"签到场次「{DEMO_TITLE}」，已签到 {len(members)} 人"
