"""Demo org tree: 焦作市教科文卫体工会, its 市属 grassroots unions, the eleven county-level unions and
about sixty invented grassroots unions of schools, hospitals, institutes, troupes and sports units."""

import hashlib
from dataclasses import dataclass

from django.db import transaction

from .choices import FoundingStatus, Industry, OrgLevel, UnitCategory
from .models import Department, Org
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
    ("{p}文化馆", Industry.CULTURE_SPORTS, False, 28, 6, 0),
]
PRIVATE_UNITS = [
    ("{p}育才双语学校", Industry.EDUCATION, True, 0, 86, 0),
    ("{p}仁和医院", Industry.HEALTH, True, 0, 140, 10),
]
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
        units = COUNTY_UNITS + PRIVATE_UNITS[: 1 + index % 2]
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
            "short_name": unit.unit_name.replace("焦作市", "")[:50]
            if unit.level != OrgLevel.CITY
            else "市教科文卫体工会",
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
    return f"组织 {len(existing)} 个（本次新建 {created} 个）"
