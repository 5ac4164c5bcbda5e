"""Demo 建会 register: 民办 schools, kindergartens, hospitals and care homes in six counties that have no
union yet, spread over the states before 已建会 (founding one creates a new Org, which the demo tree's
own counts leave to the 组织 seeder). Each step goes through the services as the county union's demo
admin, so the timelines read like real ones. Idempotent."""

from django.db import transaction

from gonghui.accounts.models import User

from .choices import FoundingAction, FoundingStatus, Industry, UnitCategory
from .demo import AREA_CODES, COUNTIES, demo_credit_code
from .founding import founding_register, founding_transition
from .models import Org, UnionFounding

# (unit name pattern, industry, 单位类别, 在编, 非在编, 劳务派遣)
PRIVATE_UNITS = [
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
    """(county code, place, unit index into PRIVATE_UNITS, target state) for every demo registration."""
    states = list(PATHS)
    rows = []
    for c, (code, place, _suffix) in enumerate(DEMO_COUNTIES):
        for k in range(UNITS_PER_COUNTY):
            n = c * UNITS_PER_COUNTY + k
            rows.append((code, place, (c + 2 * k) % len(PRIVATE_UNITS), states[n % len(states)]))
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
        pattern, industry, category, established, contract, dispatched = PRIVATE_UNITS[unit_index]
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
