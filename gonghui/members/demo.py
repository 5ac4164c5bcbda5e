"""About 3,000 demo members with invented, checksum-valid ID numbers, each with a portal account
(login by mobile number, the shared demo password hashed once)."""

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.db import transaction

from gonghui.accounts.demo import DEMO_PASSWORD
from gonghui.accounts.identity import (
    IdType,
    encrypt_identifier,
    identifier_hash,
    mask_identifier,
    resident_id_check_char,
)
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import MEMBER
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.demo import AREA_CODES
from gonghui.orgs.models import Org

from .models import Member

DEMO_MEMBER_COUNT = 3000
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍鹏建华红飞宇浩凯婷雪琳晨阳欣怡子涵梓萱思远嘉怡俊杰雨泽佳琪志强海燕丹丹文博一鸣"


def demo_person(index: int) -> tuple[str, str, dt.date, str]:
    """(name, gender, birth date, phone) for demo member number `index`, deterministic."""
    rng = random.Random(index)
    given = GIVEN[rng.randrange(len(GIVEN))] + (
        GIVEN[rng.randrange(len(GIVEN))] if rng.random() < 0.7 else ""
    )
    gender = "F" if rng.random() < 0.62 else "M"  # teachers and nurses: a female majority
    birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(35 * 365))
    phone = f"13{rng.choice('5789')}{index:08d}"
    return SURNAMES[rng.randrange(len(SURNAMES))] + given, gender, birth, phone


def demo_id_number(index: int, area: str, birth: dt.date, gender: str) -> str:
    sequence = (index % 499) * 2 + (1 if gender == "M" else 2)
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + resident_id_check_char(first17)


@transaction.atomic
def seed_members() -> str:
    orgs = list(Org.objects.filter(level__in=[OrgLevel.GRASSROOTS, OrgLevel.BRANCH]).order_by("path"))
    if not orgs:
        return "没有基层工会，跳过会员"
    weights = [max(o.headcount_total, 20) for o in orgs]
    chooser = random.Random(2020)
    placement = chooser.choices(orgs, weights=weights, k=DEMO_MEMBER_COUNT)
    existing_phones = set(User.objects.filter(phone__isnull=False).values_list("phone", flat=True))
    password = make_password(DEMO_PASSWORD)
    new_users: list[User] = []
    new_members: list[Member] = []
    for index, org in enumerate(placement, start=1):
        name, gender, birth, phone = demo_person(index)
        if phone in existing_phones:
            continue
        area = AREA_CODES.get(org.code[:3], "410800")
        number = demo_id_number(index, area, birth, gender)
        user = User(username=f"m{phone}", name=name, phone=phone, password=password)
        new_users.append(user)
        new_members.append(
            Member(
                org=org,
                user=user,
                name=name,
                gender=gender,
                birth_date=birth,
                id_type=IdType.RESIDENT,
                id_number_encrypted=encrypt_identifier(number),
                id_number_hash=identifier_hash(IdType.RESIDENT, number),
                id_number_masked=mask_identifier(number),
                phone=phone,
            )
        )
    User.objects.bulk_create(new_users, batch_size=1000)
    Member.objects.bulk_create(new_members, batch_size=1000)
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=m.user, role=MEMBER, org=m.org) for m in new_members],
        batch_size=1000,
        ignore_conflicts=True,
    )
    first = Member.objects.select_related("org").order_by("id").first()
    hint = f"；会员登录示例：手机号 {first.phone}（{first.name}，{first.org.name}）" if first else ""
    return f"会员 {Member.objects.count()} 名（本次新建 {len(new_members)} 名）{hint}"
