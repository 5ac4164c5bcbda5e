"""`seed_demo` loads the whole demo platform and can be run again without creating anything twice.

The seeding (about 3,000 members) runs once for this package (the `seeded` fixture in conftest.py), inside a
transaction that is rolled back when the package is done, so no other test sees the demo data."""

from collections import Counter

import pytest
from django.db import models

from gonghui.accounts.choices import IdType
from gonghui.accounts.demo import DEMO_PASSWORD
from gonghui.accounts.identity import decrypt_identifier, identifier_hash, parse_resident_id
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import BUILTIN_ROLES, MEMBER, SYSADMIN
from gonghui.members.models import Member
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Org
from gonghui.orgs.validators import validate_credit_code

# Every test asks for the test database: without a `db` test in the session, pytest-django would leave the
# connection on the development database and the package fixture `seeded` would seed that one.
pytestmark = pytest.mark.django_db

COUNTY_UNIONS = {
    "解放区": "解放区教科文卫体工会",
    "山阳区": "山阳区教科文卫体工会",
    "中站区": "中站区教育工会",
    "马村区": "马村区教育工会",
    "示范区": "示范区教科文卫体工会",
    "修武县": "修武县教科文卫体工会",
    "博爱县": "博爱县教育工会",
    "武陟县": "武陟县教科文卫体工会",
    "温县": "温县教育工会",
    "沁阳市": "沁阳市教科文卫体工会",
    "孟州市": "孟州市教科文卫体工会",
}


def test_seed_demo_twice_creates_nothing_the_second_time(seeded):
    # then
    assert seeded.after_second_run == seeded.after_first_run
    # users: 3,238 cadres and members, 3 lawyers (legal), 1 维权督办 (appeals), 2 outside accounts (reviews), 2 帮扶干事
    # and the cinema's 合作商户 outside account (welfare), the 婚恋交友管理员 (matchmaking), the city's 宣传审核员 (news);
    # grants: theirs plus the lawyers', the 维权督办's, shi_ganshi's 法律服务干事, the 帮扶干事's, the 婚恋交友管理员's
    # and three 宣传审核员 (shi_xuanchuan, and shi_shenhe and jfq_shenhe besides their 审核人 role) (the outside
    # accounts hold object grants, not role grants)
    assert seeded.after_first_run == {
        "orgs": 101,
        "departments": 60,
        "users": 3249,
        "members": 3000,
        "grants": 3249,
    }
    assert "组织 101 个（本次新建 0 个，17 个有别名）" in seeded.second_output
    assert "本次新建 0 个）" in seeded.second_output
    assert "会员 3000 名（本次新建 0 名）" in seeded.second_output
    assert "演示数据载入完成，用时" in seeded.second_output  # the seed time stays visible in `make run`


def test_the_root_is_the_city_industry_union(seeded):
    # when
    root = Org.objects.get(depth=1)
    # then
    assert (root.name, root.level, root.code) == ("焦作市教科文卫体工会", OrgLevel.CITY, "JZJKWT")


def test_the_eleven_county_unions_sit_under_the_root(seeded):
    # when
    counties = Org.objects.filter(level=OrgLevel.COUNTY)
    # then
    assert {o.name for o in counties} == set(COUNTY_UNIONS.values())
    assert {o.depth for o in counties} == {2}
    assert {o.unit_name for o in counties} == {f"{place}教育局" for place in COUNTY_UNIONS}


def test_grassroots_unions_include_private_ones(seeded):
    # when
    grassroots = Org.objects.filter(level=OrgLevel.GRASSROOTS)
    # then
    assert grassroots.count() == 81
    assert grassroots.filter(is_private=True).count() == 16
    assert grassroots.filter(depth=2).count() == 10  # 市属 units directly under the root
    for place in COUNTY_UNIONS:
        county = Org.objects.get(level=OrgLevel.COUNTY, name__startswith=place)
        assert Org.objects.get_children(county).filter(level=OrgLevel.GRASSROOTS).count() in (6, 7)
    # five 分工会 from the tree, three more 院系 分工会 of 焦作职业技术学院 from the 民主管理 seeder (二级教代会)
    assert Org.objects.filter(level=OrgLevel.BRANCH).count() == 8


def test_every_demo_credit_code_is_valid_and_unique(seeded):
    # when
    codes = list(Org.objects.exclude(level=OrgLevel.BRANCH).values_list("credit_code", flat=True))
    # then
    assert len(codes) == 93
    for code in codes:
        validate_credit_code(code)
    assert len(set(codes)) == len(codes)
    assert set(Org.objects.filter(level=OrgLevel.BRANCH).values_list("credit_code", flat=True)) == {""}


def test_every_demo_member_has_a_valid_resident_id(seeded):
    # when
    members = list(Member.objects.all())
    # then the decrypted number is valid and agrees with the stored facts
    assert len(members) == 3000
    for member in members:
        number = decrypt_identifier(member.id_number_encrypted)
        parsed = parse_resident_id(number)
        assert (parsed.birth_date, parsed.gender) == (member.birth_date, member.gender)
        assert member.id_type == IdType.RESIDENT
        assert member.id_number_hash == identifier_hash(IdType.RESIDENT, number)
        assert member.id_number_masked == number[:4] + "*" * 10 + number[-4:]
    assert len({m.id_number_hash for m in members}) == 3000


def test_demo_members_sit_in_grassroots_unions_with_a_portal_account(seeded):
    # then
    assert set(Member.objects.values_list("org__level", flat=True).distinct()) == {
        OrgLevel.GRASSROOTS,
        OrgLevel.BRANCH,
    }
    assert Member.objects.filter(user__isnull=True).count() == 0
    member_grants = set(RoleGrant.objects.filter(role=MEMBER).values_list("user_id", "org_id"))
    assert member_grants == set(Member.objects.values_list("user_id", "org_id"))
    assert Member.objects.exclude(user__phone=models.F("phone")).count() == 0
    first = Member.objects.select_related("user").order_by("id").first()
    assert first is not None
    assert first.user is not None
    assert first.user.check_password(DEMO_PASSWORD)


def _role_levels() -> dict[str, set[str]]:
    levels: dict[str, set[str]] = {}
    for role, level in RoleGrant.objects.exclude(role=MEMBER).values_list("role", "org__level"):
        levels.setdefault(role, set()).add(level)
    return levels


def test_every_console_role_has_demo_accounts_at_every_level(seeded):
    # when
    levels = _role_levels()
    console_roles = [r.code for r in BUILTIN_ROLES if r.code != MEMBER]
    # then every console role can be tried at the city, county and grassroots level
    for level in (OrgLevel.CITY, OrgLevel.COUNTY, OrgLevel.GRASSROOTS):
        assert [r for r in console_roles if level not in levels.get(r, set())] == []
    assert User.objects.get(username="jfq01_shenji").grants.get().role == "auditor"


def test_demo_cadre_accounts_per_level(seeded):
    # when
    per_level = Counter(RoleGrant.objects.exclude(role=MEMBER).values_list("org__level", flat=True))
    # then six at the root, five per county, an admin and a clerk per grassroots union
    # plus two lawyers, the 维权督办, a 法律服务干事 grant, a 帮扶干事, the 婚恋交友管理员 and two 宣传审核员 (shi_xuanchuan,
    # shi_shenhe) at the root, a lawyer, a 帮扶干事 and a 宣传审核员 (jfq_shenhe) at a county
    assert per_level == {OrgLevel.CITY: 14, OrgLevel.COUNTY: 69, OrgLevel.GRASSROOTS: 166}
    assert User.objects.get(username="admin").grants.get().role == SYSADMIN
    assert User.objects.get(username="admin").check_password(DEMO_PASSWORD)


def test_city_and_county_unions_have_their_departments(seeded):
    # then
    for org in Org.objects.filter(level__in=[OrgLevel.CITY, OrgLevel.COUNTY]):
        assert list(org.departments.values_list("name", flat=True)) == [
            "组织部",
            "权益保障部",
            "女职工部",
            "宣教部",
            "经审办",
        ]
