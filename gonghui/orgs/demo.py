"""Demo org tree: 焦作市教科文卫体工会, its 市属 grassroots unions (the city's hospitals, CDC, schools, library,
sports centre, troupe and institute sit directly under it), the eleven county-level unions and about sixty
invented grassroots unions. A county 教科文卫体工会 holds the county's schools, hospitals and 文化馆; a county
教育工会 holds schools only (the county's hospitals belong to its health system, not to the education union).
County unions are named and shortened as unions; their unit is the county 教育局. The headcounts below are the
units' relative sizes: the 会员 seeder places members by them, then sets each unit's headcounts to the members
it seeded (入会率 about 90 %+ in 事业单位, lower in 民办 units).

Then the demo 建会 register: 民办 schools, kindergartens, hospitals and care homes in six counties that have no
union yet, spread over the states before 已建会 (founding one creates a new Org, which the demo tree's
own counts leave to the 组织 seeder). Each step goes through the services as the county union's demo
admin, so the timelines read like real ones. Both idempotent."""

import hashlib
from dataclasses import dataclass

from django.db import transaction

from gonghui.accounts.models import User

from .choices import FoundingAction, FoundingStatus, Industry, OrgLevel, UnitCategory
from .models import Department, Org, UnionFounding
from .services.founding import founding_register, founding_transition
from .validators import USCC_CHARS, uscc_check_char

ROOT_CODE = "JZJKWT"
AREA_CODES = {
    ROOT_CODE: "410800",
    "JFQ": "410802",
    "ZZQ": "410803",
    "MCQ": "410804",
    "SYQ": "410811",
    "XWX": "410821",
    "BAX": "410822",
    "WZX": "410823",
    "WXX": "410825",
    "SFQ": "410871",
    "QYS": "410882",
    "MZS": "410883",
}
# (code, place, union name suffix)
COUNTIES = [
    ("JFQ", "解放区", "教科文卫体工会"),
    ("SYQ", "山阳区", "教科文卫体工会"),
    ("ZZQ", "中站区", "教育工会"),
    ("MCQ", "马村区", "教育工会"),
    ("SFQ", "示范区", "教科文卫体工会"),
    ("XWX", "修武县", "教科文卫体工会"),
    ("BAX", "博爱县", "教育工会"),
    ("WZX", "武陟县", "教科文卫体工会"),
    ("WXX", "温县", "教育工会"),
    ("QYS", "沁阳市", "教科文卫体工会"),
    ("MZS", "孟州市", "教科文卫体工会"),
]
# Grassroots units per county: (unit name pattern, industry, is_private, established, contract, dispatched)
COUNTY_UNITS = [
    ("{p}第一中学", Industry.EDUCATION, False, 180, 25, 6),
    ("{p}实验小学", Industry.EDUCATION, False, 95, 12, 3),
    ("{p}人民医院", Industry.HEALTH, False, 420, 160, 40),
    ("{p}中医院", Industry.HEALTH, False, 150, 60, 12),
    ("{p}文化馆", Industry.CULTURE_SPORTS, False, 120, 26, 4),
]
# A county 教育工会 holds schools only: the same codes (01–07) name the county's other schools.
EDUCATION_UNION_UNITS = [
    ("{p}第一中学", Industry.EDUCATION, False, 180, 25, 6),
    ("{p}实验小学", Industry.EDUCATION, False, 95, 12, 3),
    ("{p}第二中学", Industry.EDUCATION, False, 150, 20, 4),
    ("{p}职业教育中心", Industry.EDUCATION, False, 120, 30, 6),
    ("{p}实验幼儿园", Industry.EDUCATION, False, 40, 18, 2),
]
PRIVATE_UNITS = [
    ("{p}育才双语学校", Industry.EDUCATION, True, 0, 86, 0),
    ("{p}仁和医院", Industry.HEALTH, True, 0, 140, 10),
]
EDUCATION_UNION_PRIVATE_UNITS = [
    ("{p}育才双语学校", Industry.EDUCATION, True, 0, 86, 0),
    ("{p}英才学校", Industry.EDUCATION, True, 0, 110, 6),
]
EDUCATION_UNION = "教育工会"
CITY_UNITS = [
    ("SS01", "焦作市人民医院", Industry.HEALTH, False, 1350, 620, 150),
    ("SS02", "焦作市中医院", Industry.HEALTH, False, 680, 260, 60),
    ("SS03", "焦作市妇幼保健院", Industry.HEALTH, False, 420, 180, 30),
    ("SS04", "焦作市疾病预防控制中心", Industry.HEALTH, False, 160, 20, 4),
    ("SS05", "焦作市第一中学", Industry.EDUCATION, False, 310, 40, 8),
    ("SS06", "焦作职业技术学院", Industry.EDUCATION, False, 560, 210, 45),
    ("SS07", "焦作市图书馆", Industry.CULTURE_SPORTS, False, 64, 12, 2),
    ("SS08", "焦作市体育中心", Industry.CULTURE_SPORTS, False, 48, 30, 6),
    ("SS09", "焦作市豫剧院", Industry.CULTURE_SPORTS, False, 75, 20, 0),
    ("SS10", "焦作市农业科学研究院", Industry.RESEARCH, False, 120, 18, 2),
]
BRANCHES = {"SS01": ["内科", "外科", "护理部"], "SS06": ["机电工程系", "医学院"]}
DEPARTMENTS = ["组织部", "权益保障部", "女职工部", "宣教部", "经审办"]


@dataclass(frozen=True)
class DemoUnit:
    code: str
    name: str
    unit_name: str
    level: str
    industry: str = ""
    is_private: bool = False
    established: int = 0
    contract: int = 0
    dispatched: int = 0


def demo_credit_code(code: str, *, private: bool, area: str) -> str:
    """A checksum-valid, invented 统一社会信用代码 (事业单位 12…, 民办非企业 52…)."""
    digest = hashlib.sha256(code.encode()).digest()
    body = "".join(USCC_CHARS[b % len(USCC_CHARS)] for b in digest[:9])
    first17 = ("52" if private else "12") + area + body
    return first17 + uscc_check_char(first17)


def demo_tree() -> list[tuple[str | None, DemoUnit]]:
    """(parent code, unit) in creation order."""
    rows: list[tuple[str | None, DemoUnit]] = [
        (None, DemoUnit(ROOT_CODE, "焦作市教科文卫体工会", "焦作市教科文卫体工会", OrgLevel.CITY)),
    ]
    for code, unit, industry, private, est, con, dis in CITY_UNITS:
        rows.append(
            (
                ROOT_CODE,
                DemoUnit(code, f"{unit}工会", unit, OrgLevel.GRASSROOTS, industry, private, est, con, dis),
            )
        )
        for i, branch in enumerate(BRANCHES.get(code, []), start=1):
            rows.append(
                (code, DemoUnit(f"{code}-F{i}", f"{unit}{branch}分工会", unit, OrgLevel.BRANCH, industry))
            )
    for index, (code, place, suffix) in enumerate(COUNTIES):
        rows.append((ROOT_CODE, DemoUnit(code, f"{place}{suffix}", f"{place}教育局", OrgLevel.COUNTY)))
        public_units, private_units = (
            (EDUCATION_UNION_UNITS, EDUCATION_UNION_PRIVATE_UNITS)
            if suffix == EDUCATION_UNION
            else (COUNTY_UNITS, PRIVATE_UNITS)
        )
        units = public_units + private_units[: 1 + index % 2]
        for n, (pattern, industry, private, est, con, dis) in enumerate(units, start=1):
            unit = pattern.format(p=place)
            rows.append(
                (
                    code,
                    DemoUnit(
                        f"{code}{n:02d}",
                        f"{unit}工会",
                        unit,
                        OrgLevel.GRASSROOTS,
                        industry,
                        private,
                        est,
                        con,
                        dis,
                    ),
                )
            )
    return rows


def _short_name(unit: DemoUnit) -> str:
    """A union's short name: the city union's 市教科文卫体工会, a county union's own name (解放区教育工会 — never
    its 教育局), a grassroots union's unit without the city's name."""
    if unit.level == OrgLevel.CITY:
        return "市教科文卫体工会"
    if unit.level == OrgLevel.COUNTY:
        return unit.name[:50]
    return unit.unit_name.replace("焦作市", "")[:50]


@transaction.atomic
def seed_orgs() -> str:
    existing = {o.code: o for o in Org.objects.all()}
    created = 0
    for parent_code, unit in demo_tree():
        if unit.code in existing:
            continue
        area = AREA_CODES.get(unit.code[:3], AREA_CODES.get(unit.code, "410800"))
        private = unit.is_private
        fields = {
            "code": unit.code,
            "name": unit.name,
            "short_name": _short_name(unit),
            "unit_name": unit.unit_name,
            "level": unit.level,
            "industry": unit.industry,
            "is_private": private,
            "unit_category": UnitCategory.PRIVATE_NON_ENTERPRISE
            if private
            else UnitCategory.PUBLIC_INSTITUTION,
            "credit_code": demo_credit_code(unit.code, private=private, area=area)
            if unit.level != OrgLevel.BRANCH
            else "",
            "headcount_established": unit.established,
            "headcount_contract": unit.contract,
            "headcount_dispatched": unit.dispatched,
            "founding_status": FoundingStatus.DEVELOPING
            if private and unit.code.endswith("07")
            else FoundingStatus.COMPLETE,
        }
        if parent_code is None:
            org = Org.objects.add_root(fields)
        else:
            org = Org.objects.add_child(existing[parent_code], fields)
        existing[unit.code] = org
        created += 1
        if unit.level in (OrgLevel.CITY, OrgLevel.COUNTY):
            Department.objects.bulk_create(
                [Department(org=org, name=name, sort_order=i) for i, name in enumerate(DEPARTMENTS, 1)],
                ignore_conflicts=True,
            )
    aliased = _seed_aliases(existing)
    return f"组织 {len(existing)} 个（本次新建 {created} 个，{aliased} 个有别名）"


# The names people use for a union (别名), matched by the union search of 网上入会 and 转会.
DEMO_ALIASES: dict[str, list[str]] = {
    "SS01": ["市人民医院", "焦作人民医院"],
    "SS02": ["市中医院", "焦作中医院"],
    "SS03": ["市妇幼", "焦作妇幼"],
    "SS04": ["市疾控", "焦作疾控"],
    "SS05": ["焦作一中", "市一中"],
    "SS06": ["焦作职院", "焦职院"],
    "JFQ01": ["解放一中", "解放区一中"],
    "SYQ01": ["山阳一中"],
    "ZZQ01": ["中站一中"],
    "MCQ01": ["马村一中"],
    "SFQ01": ["示范区一中"],
    "XWX01": ["修武一中"],
    "BAX01": ["博爱一中"],
    "WZX01": ["武陟一中"],
    "WXX01": ["温县一中"],
    "QYS01": ["沁阳一中"],
    "MZS01": ["孟州一中"],
}


def _seed_aliases(orgs: dict[str, Org]) -> int:
    """Set the demo aliases (also on a tree seeded before aliases existed); `Org.save` rebuilds the search key."""
    for code, aliases in DEMO_ALIASES.items():
        org = Org.objects.filter(
            code=code
        ).first()  # fresh: the seeding loop's objects have stale tree fields
        if org is not None and org.aliases != aliases:
            org.aliases = aliases
            org.save(update_fields=["aliases"])
    return sum(1 for code in DEMO_ALIASES if code in orgs)


# ---- 建会 ----------------------------------------------------------------------------------------------------

# (unit name pattern, industry, 单位类别, 在编, 非在编, 劳务派遣)
FOUNDING_UNITS = [
    ("{p}启明民办幼儿园", Industry.EDUCATION, UnitCategory.PRIVATE_NON_ENTERPRISE, 0, 32, 0),
    ("{p}博文外国语学校", Industry.EDUCATION, UnitCategory.PRIVATE_NON_ENTERPRISE, 0, 118, 6),
    ("{p}康宁医院", Industry.HEALTH, UnitCategory.PRIVATE, 0, 96, 14),
    ("{p}仁济口腔门诊部", Industry.HEALTH, UnitCategory.OTHER_LIMITED, 0, 21, 0),
    ("{p}德馨养老院", Industry.HEALTH, UnitCategory.PRIVATE_NON_ENTERPRISE, 0, 45, 8),
    ("{p}新星艺术培训学校", Industry.CULTURE_SPORTS, UnitCategory.PRIVATE_NON_ENTERPRISE, 0, 17, 0),
]
# The steps that lead to each state, in order (FOUND and COMPLETE are handled with their data).
PATHS: dict[str, list[str]] = {
    FoundingStatus.NOT_FOUNDED: [],
    FoundingStatus.APPLIED: [FoundingAction.APPLY],
    FoundingStatus.REJECTED: [FoundingAction.APPLY, FoundingAction.REJECT],
    FoundingStatus.APPROVED: [FoundingAction.APPLY, FoundingAction.APPROVE],
    FoundingStatus.DEVELOPING: [FoundingAction.APPLY, FoundingAction.APPROVE, FoundingAction.DEVELOP],
    FoundingStatus.GROUPS_FORMED: [
        FoundingAction.APPLY,
        FoundingAction.APPROVE,
        FoundingAction.DEVELOP,
        FoundingAction.FORM_GROUPS,
    ],
    FoundingStatus.PREPARING_CONGRESS: [
        FoundingAction.APPLY,
        FoundingAction.APPROVE,
        FoundingAction.DEVELOP,
        FoundingAction.FORM_GROUPS,
        FoundingAction.PREPARE_CONGRESS,
    ],
}
NOTES: dict[str, str] = {
    FoundingAction.APPLY: "单位提交建会申请书",
    FoundingAction.REJECT: "申请材料不全，职工名单未签字确认，请补充后重新申请",
    FoundingAction.APPROVE: "经主管工会党组会议研究，同意筹建（线下批复）",
    FoundingAction.DEVELOP: "召开职工动员会，发放入会申请书",
    FoundingAction.FORM_GROUPS: "按科室组建工会小组",
    FoundingAction.PREPARE_CONGRESS: "成立筹备组，拟定候选人名单",
}
DEMO_COUNTIES = COUNTIES[:6]
UNITS_PER_COUNTY = 3


def demo_foundings() -> list[tuple[str, str, int, str]]:
    """(county code, place, unit index into FOUNDING_UNITS, target state) for every demo registration."""
    states = list(PATHS)
    every_unit = list(range(len(FOUNDING_UNITS)))
    not_health = [i for i, unit in enumerate(FOUNDING_UNITS) if unit[1] != Industry.HEALTH]
    rows = []
    for c, (code, place, suffix) in enumerate(DEMO_COUNTIES):
        # a county 教育工会 supervises the founding of schools, never of hospitals or care homes
        units = not_health if suffix == EDUCATION_UNION else every_unit
        for k in range(UNITS_PER_COUNTY):
            n = c * UNITS_PER_COUNTY + k
            rows.append((code, place, units[(c + 2 * k) % len(units)], states[n % len(states)]))
    return rows


def _advance(founding: UnionFounding, *, steps: list[str], actor: User) -> None:
    for step in steps:
        founding = founding_transition(founding=founding, action=step, actor=actor, note=NOTES[step])


@transaction.atomic
def seed_foundings() -> str:
    counties = {o.code: o for o in Org.objects.filter(code__in=[c for c, _p, _s in DEMO_COUNTIES])}
    admins = {
        u.username: u for u in User.objects.filter(username__in=[f"{c.lower()}_admin" for c in counties])
    }
    created = 0
    for n, (code, place, unit_index, state) in enumerate(demo_foundings(), start=1):
        county, actor = counties.get(code), admins.get(f"{code.lower()}_admin")
        if county is None or actor is None:
            continue
        pattern, industry, category, established, contract, dispatched = FOUNDING_UNITS[unit_index]
        unit_name = pattern.format(p=place)
        if UnionFounding.objects.filter(org=county, unit_name=unit_name).exists():
            continue
        founding = founding_register(
            org=county,
            actor=actor,
            data={
                "unit_name": unit_name,
                "credit_code": demo_credit_code(
                    f"{code}-M{n:02d}", private=True, area=AREA_CODES.get(code, "410800")
                ),
                "unit_category": category,
                "industry": industry,
                "is_private": True,
                "headcount_established": established,
                "headcount_contract": contract,
                "headcount_dispatched": dispatched,
                "contact_name": "李老师",
                "contact_phone": f"1390391{n:04d}",
            },
        )
        _advance(founding, steps=PATHS[state], actor=actor)
        created += 1
    total = UnionFounding.objects.count()
    return f"建会登记 {total} 家（本次新增 {created} 家）"
