"""Demo 工作要点: the root union's 2020 work plan (焦教工〔2020〕8号, kept in `demo_data/`) parsed and imported through
the services, assigned to the root union's departments with the county unions taking part, due months spread over
the year, and progress reports from some county unions. Written by the demo cadres (shi_admin, the county
admins) once the roles give them the workplans actions, by the platform until then. Dated in 2020 (under
`demo_clock`): imported the working day after the notice was signed for, the progress reports from June to
November. Idempotent."""

import datetime as dt
from pathlib import Path

from django.db import transaction

from gonghui.accounts.demo import demo_clock
from gonghui.accounts.models import User
from gonghui.accounts.scoping import has_action
from gonghui.calendars.workdays import add_workdays
from gonghui.orgs.choices import OrgLevel
from gonghui.orgs.models import Department, Org
from gonghui.orgs.targeting import OrgTarget, TargetKind

from .choices import ProgressStatus
from .models import MANAGE, REPORT, PlanItem, WorkPlan
from .parsing import ParsedPlan, workplan_parse_file
from .services import assignment_set, progress_report_submit, workplan_import

SEED_FILE = Path(__file__).resolve().parent / "demo_data" / "jiaozuo-2020-work-plan.txt"
ROOT_CODE = "JZJKWT"
ROOT_ADMIN = "shi_admin"
# Lead department per part of the plan, in order (the last one repeats for any further part).
SECTION_LEADS = ["宣教部", "组织部", "权益保障部", "组织部", "宣教部"]
WOMEN_ITEM = "（十三）"
# (county code, item index in plan order, status, text)
REPORTS = [
    ("JFQ", 0, ProgressStatus.DONE, "组织全区教师线上学习四次，举办抗疫一线医护人员事迹报告会一场。"),
    ("JFQ", 6, ProgressStatus.IN_PROGRESS, "教学技能竞赛已完成校级初赛，区级决赛定于十一月举行。"),
    ("JFQ", 10, ProgressStatus.DONE, "向支援湖北医疗队队员发放慰问金共计 4.2 万元。"),
    ("SYQ", 0, ProgressStatus.IN_PROGRESS, "各学校工会正在组织专题学习。"),
    ("SYQ", 6, ProgressStatus.BLOCKED, "受疫情影响，卫生系统技能竞赛推迟，待市卫健委统一安排。"),
    ("SYQ", 18, ProgressStatus.IN_PROGRESS, "已走访两所民办学校，其中一所已提出建会申请。"),
    ("ZZQ", 0, ProgressStatus.DONE, "完成全部学习安排。"),
    ("ZZQ", 3, ProgressStatus.DONE, "全区学校推广工间操，组队参加省级文体活动两项。"),
    ("MCQ", 11, ProgressStatus.IN_PROGRESS, "模范职工之家申报材料正在审核。"),
    ("MCQ", 18, ProgressStatus.NOT_STARTED, "计划下半年开展民办学校建会摸底。"),
    ("JFQ", 13, ProgressStatus.DONE, "举办青年教职工联谊活动两场，参加 120 人。"),
]
IMPORTED_AT = dt.datetime.combine(dt.date(2020, 4, 21), dt.time(10))
# The day each report in REPORTS was written (the working day on or after it).
REPORTED_ON = [
    dt.date(2020, 6, 30),
    dt.date(2020, 9, 15),
    dt.date(2020, 5, 29),
    dt.date(2020, 6, 12),
    dt.date(2020, 7, 8),
    dt.date(2020, 10, 20),
    dt.date(2020, 6, 5),
    dt.date(2020, 7, 17),
    dt.date(2020, 8, 26),
    dt.date(2020, 6, 19),
    dt.date(2020, 11, 10),
]
# Items carried by one county only (the rest involve every county): item index → county code.
SINGLE_COUNTY_ITEMS = {13: "JFQ"}


def _actor(username: str, action: str, org: Org) -> User | None:
    """The demo cadre when the roles already give them the action (see accounts/roles.py), else the platform."""
    user = User.objects.filter(username=username).first()
    return user if user is not None and has_action(user, action, org) else None


def _leads(root: Org) -> dict[str, Department]:
    return {d.name: d for d in Department.objects.filter(org=root)}


def seed_workplans() -> str:
    root = Org.objects.filter(code=ROOT_CODE).first()
    if root is None:
        return "没有演示组织，跳过工作要点"
    existing = WorkPlan.objects.filter(org=root, source_name=SEED_FILE.name).first()
    if existing is not None:
        return f"工作要点 1 个（本次新建 0 个）：{existing.title}"
    try:
        parsed = workplan_parse_file(SEED_FILE)
    except NotImplementedError:
        return "工作要点解析尚未实现，跳过"
    plan = _seed(root, parsed)
    items = PlanItem.objects.filter(section__plan=plan).count()
    return f"工作要点 1 个（本次新建 1 个）：{plan.title}，{items} 个条目，进展报告 {len(REPORTS)} 份"


@transaction.atomic
def _seed(root: Org, parsed: ParsedPlan) -> WorkPlan:
    with demo_clock(IMPORTED_AT):
        plan = _import_and_assign(root, parsed)
    counties = {o.code: o for o in Org.objects.filter(path__startswith=root.path, level=OrgLevel.COUNTY)}
    items = list(
        PlanItem.objects.filter(section__plan=plan)
        .select_related("section")
        .order_by("section__order", "order")
    )
    for (code, index, status, text), day in zip(REPORTS, REPORTED_ON, strict=True):
        org = counties.get(code)
        if org is not None and index < len(items):
            reporter = _actor(f"{code.lower()}_admin", REPORT, org)
            with demo_clock(dt.datetime.combine(add_workdays(day - dt.timedelta(days=1), 1), dt.time(16))):
                progress_report_submit(item=items[index], org=org, actor=reporter, status=status, text=text)
    return plan


def _import_and_assign(root: Org, parsed: ParsedPlan) -> WorkPlan:
    admin = _actor(ROOT_ADMIN, MANAGE, root)
    plan = workplan_import(org=root, plan=parsed, actor=admin, source_name=SEED_FILE.name)
    departments = _leads(root)
    counties = list(Org.objects.filter(path__startswith=root.path, level=OrgLevel.COUNTY).order_by("path"))
    items = list(
        PlanItem.objects.filter(section__plan=plan)
        .select_related("section")
        .order_by("section__order", "order")
    )
    sections = sorted({i.section.order for i in items})
    by_code = {o.code: o for o in counties}
    every_county = [OrgTarget(kind=TargetKind.LEVEL, org_id=root.pk, level=OrgLevel.COUNTY)]
    for index, item in enumerate(items):
        lead = SECTION_LEADS[min(sections.index(item.section.order), len(SECTION_LEADS) - 1)]
        if item.number == WOMEN_ITEM:
            lead = "女职工部"
        assignment_set(
            target=item,
            actor=admin,
            lead_department=departments.get(lead),
            participants=[OrgTarget(kind=TargetKind.ORG, org_id=by_code[SINGLE_COUNTY_ITEMS[index]].pk)]
            if SINGLE_COUNTY_ITEMS.get(index) in by_code
            else every_county,
            due_month=3 + index % 10,
        )
        for n, activity in enumerate(item.activities.order_by("order")):
            if counties:
                assignment_set(
                    target=activity,
                    actor=admin,
                    lead_org=counties[(index + n) % len(counties)],
                    due_month=min(12, 4 + index % 9),
                )
    return plan
