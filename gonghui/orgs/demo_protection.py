"""Demo 女职工特殊保护检查表: the checklists of 20 基层工会 of the demo city for 2026 and of a few for 2025, each
filled in by the unit's own admin (`<code>_admin`, the platform admin where there is none) through the service, on
a day of that year (`demo_clock`), so the timeline rows are real. Running it again adds nothing."""

import datetime as dt

from gonghui.accounts.demo import demo_clock
from gonghui.accounts.models import User

from .choices import OrgLevel, OrgStatus
from .demo import ROOT_CODE
from .models import Org, ProtectionChecklist
from .services.protection import protection_checklist_create

DEMO_YEAR = 2026
UNITS_THIS_YEAR = 20
UNITS_LAST_YEAR = 6
FALLBACK_ACTOR = "admin"  # 平台管理员
NOTES = (
    "设立母婴室一间，配备冰箱、沙发和洗手池；孕期职工不安排夜班。",
    "与市妇幼保健院合作组织两癌筛查，费用由工会经费列支。",
    "哺乳期职工每天安排1小时哺乳时间，已写入单位女职工专项集体合同。",
    "",
)


def _data(index: int) -> dict[str, object]:
    """A plausible mix: most units arrange the three periods; fewer have a room or organise the screening."""
    screening = index % 3 != 2
    return {
        "pregnancy_care": True,
        "maternity_care": True,
        "nursing_care": index % 5 != 4,
        "health_room": index % 2 == 0,
        "screening_organised": screening,
        "screening_participants": 12 + (index * 7) % 60 if screening else None,
        "note": NOTES[index % len(NOTES)],
    }


def seed_protection() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    if root is None:
        return "没有演示市级工会，跳过女职工特殊保护检查表"
    units = list(
        Org.objects.filter(
            path__startswith=root.path, level=OrgLevel.GRASSROOTS, status=OrgStatus.ACTIVE
        ).order_by("path")[:UNITS_THIS_YEAR]
    )
    admins = {
        u.username: u for u in User.objects.filter(username__in=[f"{o.code.lower()}_admin" for o in units])
    }
    fallback = User.objects.filter(username=FALLBACK_ACTOR).first()
    done = set(ProtectionChecklist.objects.filter(org__in=units).values_list("org_id", "year"))
    created = 0
    plan = [(DEMO_YEAR, i, org) for i, org in enumerate(units)] + [
        (DEMO_YEAR - 1, i + 1, org) for i, org in enumerate(units[:UNITS_LAST_YEAR])
    ]
    for year, index, org in plan:
        actor = admins.get(f"{org.code.lower()}_admin") or fallback
        if actor is None or (org.pk, year) in done:
            continue
        day = dt.datetime.combine(dt.date(year, 3, 10) + dt.timedelta(days=index * 9), dt.time(9, 30))
        with demo_clock(day):
            protection_checklist_create(org=org, year=year, actor=actor, data=_data(index))
        created += 1
    total = ProtectionChecklist.objects.count()
    return f"女职工特殊保护检查表 {total} 份（本次新建 {created} 份）"
